/**
 * The receipt of any entry of a space's log, again: `GET /v1/spaces/{space}/log/receipts/{index}`.
 * Every write answers its receipts; a member or an auditor who lost one fetches it here, then proves
 * the entry is in the log with `log/proof/inclusion` (or `fabrique audit prove`). Public like the log:
 * a receipt states an index, the entry's leaf hash and the time the store recorded it, which the tiles
 * already publish.
 *
 * The receipt is rebuilt from the batch signature the write stored and the batch's leaf hashes
 * (src/store/log/receipts.ts, receipt v2): byte for byte the receipt the write answered, signed by the key
 * the space had then; nothing is signed here.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { encodeBase64 } from "../../log/encoding/base64.js";
import type { Database } from "../../store/database.js";
import { readReceipts } from "../../store/log/receipts.js";
import type { SpaceLogSigners } from "../../store/log/space-log-signer.js";
import { HttpError } from "../errors/http-error.js";
import { MAX_TREE_INTEGER, problemResponses, SpaceParams } from "../schemas/common.js";

/** What the receipt route reads. */
export interface LogReceiptRoutesDeps {
  readonly db: Database;
  readonly signers: SpaceLogSigners;
}

/** A stored receipt never changes; an hour bounds what a cache keeps. */
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
    description:
      "the receipt (fabrique-receipt/v2: the entry's audit path under its batch's signed note; v1 for receipts issued before; verify with log/key)",
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
      const [receipt] = await readReceipts(db.kysely, signer, index, index + 1);
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
