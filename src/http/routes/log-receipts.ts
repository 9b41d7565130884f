/**
 * The receipt of any entry of a space's log, again: `GET /v1/spaces/{space}/log/receipts/{index}`.
 * Every write answers its receipts; a member or an auditor who lost one fetches it here, then proves
 * the entry is in the log with `log/proof/inclusion` (or `fabrique audit prove`). Public like the log:
 * a receipt states an index, the entry's leaf hash and the time the store recorded it, which the tiles
 * already publish.
 *
 * The receipt is signed now with the space's log key over the stored leaf hash and time
 * (src/store/log/receipts.ts); Ed25519 signatures are deterministic (RFC 8032 §5.1.6), so while the key
 * is the same, this is byte for byte the receipt the write answered.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { encodeBase64 } from "../../log/encoding/base64.js";
import type { Database } from "../../store/database.js";
import { issueReceipts } from "../../store/log/receipts.js";
import type { SpaceLogSigners } from "../../store/log/space-log-signer.js";
import { HttpError } from "../errors/http-error.js";
import { MAX_TREE_INTEGER, problemResponses, SpaceParams } from "../schemas/common.js";

/** What the receipt route reads. */
export interface LogReceiptRoutesDeps {
  readonly db: Database;
  readonly signers: SpaceLogSigners;
}

/** A receipt does not change while the space's key does not; an hour bounds a stale one. */
const RECEIPT_CACHE = "public, max-age=3600";

const ReceiptParams = Type.Object({
  space: SpaceParams.properties.space,
  index: Type.Integer({ minimum: 0, maximum: MAX_TREE_INTEGER, description: "the entry's index" }),
});

const ReceiptJson = Type.Object({
  index: Type.Integer(),
  leafHash: Type.String({ description: "the entry's RFC 9162 leaf hash, standard base64" }),
  time: Type.Integer({ description: "when the store recorded the entry, ms since the epoch" }),
  receipt: Type.String({
    description: "the signed receipt note (fabrique-receipt/v1; verify with log/key)",
  }),
});

/**
 * Registers `GET /v1/spaces/:space/log/receipts/:index`.
 *
 * @example await app.register(logReceiptRoutes, { db, signers })
 */
export const logReceiptRoutes: FastifyPluginAsyncTypebox<LogReceiptRoutesDeps> = async (
  app,
  { db, signers },
) => {
  app.get(
    "/v1/spaces/:space/log/receipts/:index",
    {
      schema: {
        tags: ["log"],
        summary: "The signed receipt of entry `index`, as its write answered it",
        params: ReceiptParams,
        response: { 200: ReceiptJson, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { space, index } = request.params;
      // A space without a key, or an index past its log, is a StoreError("not-found"): a 404.
      const signer = await signers.signerFor(db.kysely, space);
      const [receipt] = await issueReceipts(db.kysely, signer, {
        firstIndex: index,
        size: index + 1,
      });
      if (receipt === undefined) throw new HttpError("not-found", `no entry ${index}`);
      reply.header("cache-control", RECEIPT_CACHE);
      return {
        index: receipt.index,
        leafHash: encodeBase64(receipt.leafHash),
        time: receipt.time,
        receipt: receipt.note,
      };
    },
  );
};
