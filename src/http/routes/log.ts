/**
 * The transparency log of each space, public and unauthenticated (a verifier needs no account):
 * the latest signed checkpoint, tiles and entry bundles (c2sp.org/tlog-tiles), the verifier key, and
 * inclusion and consistency proofs (RFC 9162 §2.1.3–2.1.4). Everything served lies within the latest
 * signed checkpoint (src/store/log/published-tree.ts).
 *
 * Caching follows what can change: the checkpoint and the key are revalidated on every use (no-cache);
 * the server keeps the checkpoint in memory until its sealer publishes another (checkpoint-cache.ts);
 * a full tile, an entry bundle of a full tile and a proof between published sizes never change
 * (immutable); a partial tile is final for its width but is superseded as the tree grows (short max-age).
 * The cached ones are kept as prebuilt answers with a strong ETag (prebuilt-answer.ts): found in memory,
 * they are sent before validation and the handler, and If-None-Match is answered 304.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { encodeBase64 } from "../../log/encoding/base64.js";
import type { Database } from "../../store/database.js";
import { latestSignedCheckpoint } from "../../store/log/published-tree.js";
import { consistencyProofFor, inclusionProofFor } from "../../store/log/serve-proofs.js";
import { readLogResource } from "../../store/log/serve-tiles.js";
import type { SpaceLogSigners } from "../../store/log/space-log-signer.js";
import { MAX_TREE_INTEGER, problemResponses, SpaceParams } from "../schemas/common.js";
import { createCheckpointCache, type PublishedSignal } from "./checkpoint-cache.js";
import { createImmutableCache } from "./immutable-cache.js";
import { fromCache, type PrebuiltAnswer, prebuiltAnswer, sendPrebuilt } from "./prebuilt-answer.js";

/** What the log routes read. */
export interface LogRoutesDeps {
  readonly db: Database;
  readonly signers: SpaceLogSigners;
  /** The sealer of this process: the checkpoint is cached until it publishes another (none: not cached). */
  readonly sealer?: PublishedSignal | undefined;
}

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const PARTIAL_TILE_CACHE = "public, max-age=10";
export const REVALIDATE = "no-cache";

const TEXT = "text/plain; charset=utf-8";
const BYTES = "application/octet-stream";

const Text = (description: string) => ({
  description,
  content: { [TEXT]: { schema: Type.String() } },
});
const Bytes = (description: string) => ({
  description,
  content: { [BYTES]: { schema: Type.Unsafe<Uint8Array>({ type: "string", format: "binary" }) } },
});

const TileParams = Type.Object({
  space: SpaceParams.properties.space,
  "*": Type.String({
    maxLength: 64,
    description: "the rest of the tile path, e.g. 0/x001/234.p/7",
  }),
});

const Base64Hash = Type.String({ description: "a SHA-256 hash, standard base64" });

const InclusionQuery = Type.Object({
  index: Type.Integer({ minimum: 0, maximum: MAX_TREE_INTEGER, description: "the entry's index" }),
  size: Type.Integer({ minimum: 1, maximum: MAX_TREE_INTEGER, description: "the tree size" }),
});

const InclusionProof = Type.Object({
  index: Type.Integer(),
  treeSize: Type.Integer(),
  leafHash: Base64Hash,
  proof: Type.Array(Base64Hash, { description: "inclusion_path, leaf level first (RFC 9162)" }),
});

const ConsistencyQuery = Type.Object({
  from: Type.Integer({ minimum: 1, maximum: MAX_TREE_INTEGER, description: "the older size" }),
  to: Type.Integer({ minimum: 1, maximum: MAX_TREE_INTEGER, description: "the newer size" }),
});

const ConsistencyProof = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  proof: Type.Array(Base64Hash, { description: "consistency_path (RFC 9162 §2.1.4)" }),
});

/**
 * Registers the log routes under `/v1/spaces/:space/log`.
 *
 * @example await app.register(logRoutes, { db, signers })
 */
export const logRoutes: FastifyPluginAsyncTypebox<LogRoutesDeps> = async (
  app,
  { db, signers, sealer },
) => {
  const tags = ["log"];
  const cache = createImmutableCache<PrebuiltAnswer>();
  const checkpoints = createCheckpointCache<PrebuiltAnswer>(sealer);
  app.addHook("onClose", async () => checkpoints.close());

  /** A tile or bundle, from memory when it is immutable and was read before, else from the store. */
  async function readCached(space: string, path: string): Promise<PrebuiltAnswer> {
    const cached = cache.get(space, path);
    if (cached !== undefined) return cached;
    const bytes = await readLogResource(db.kysely, space, path);
    const answer = prebuiltAnswer(bytes, BYTES, cacheOf(path));
    cache.remember(space, path, answer);
    return answer;
  }
  /** The cached tile or bundle of a request to `prefix*`, when there is one. */
  const cachedTile = (prefix: string) =>
    fromCache((request) => {
      const { space, "*": rest } = request.params as { space: string; "*": string };
      return cache.get(space, `${prefix}${rest}`);
    });

  app.get(
    "/v1/spaces/:space/log/checkpoint",
    {
      schema: {
        tags,
        summary: "The latest signed checkpoint (c2sp.org/tlog-checkpoint)",
        params: SpaceParams,
        response: { 200: Text("a signed note"), ...problemResponses(400, 404) },
      },
      preParsing: fromCache((request) =>
        checkpoints.peek((request.params as { space: string }).space),
      ),
    },
    async (request, reply) => {
      const { space } = request.params;
      const answer = await checkpoints.latest(space, async () =>
        prebuiltAnswer((await latestSignedCheckpoint(db.kysely, space)).note, TEXT, REVALIDATE),
      );
      return sendPrebuilt(request, reply, answer);
    },
  );

  app.get(
    "/v1/spaces/:space/log/key",
    {
      schema: {
        tags,
        summary: "The verifier key of the log (c2sp.org/signed-note: <origin>+<key id>+<base64>)",
        params: SpaceParams,
        response: { 200: Text("a verifier key and a newline"), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { verifierKey } = await signers.signerFor(db.kysely, request.params.space);
      return reply.type(TEXT).header("cache-control", REVALIDATE).send(`${verifierKey}\n`);
    },
  );

  app.get(
    "/v1/spaces/:space/log/tile/entries/*",
    {
      schema: {
        tags,
        summary: "An entry bundle (c2sp.org/tlog-tiles), e.g. tile/entries/x001/234.p/7",
        params: TileParams,
        response: { 200: Bytes("length-prefixed entries"), ...problemResponses(400, 404) },
      },
      preParsing: cachedTile("tile/entries/"),
    },
    async (request, reply) => {
      const path = `tile/entries/${request.params["*"]}`;
      return sendPrebuilt(request, reply, await readCached(request.params.space, path));
    },
  );

  app.get(
    "/v1/spaces/:space/log/tile/*",
    {
      schema: {
        tags,
        summary: "A hash tile (c2sp.org/tlog-tiles), e.g. tile/0/x001/234.p/7",
        params: TileParams,
        response: { 200: Bytes("32-byte hashes"), ...problemResponses(400, 404) },
      },
      preParsing: cachedTile("tile/"),
    },
    async (request, reply) => {
      const path = `tile/${request.params["*"]}`;
      return sendPrebuilt(request, reply, await readCached(request.params.space, path));
    },
  );

  app.get(
    "/v1/spaces/:space/log/proof/inclusion",
    {
      schema: {
        tags,
        summary: "The inclusion proof of entry `index` in the published tree of `size` entries",
        params: SpaceParams,
        querystring: InclusionQuery,
        response: { 200: InclusionProof, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { index, size } = request.query;
      const p = await inclusionProofFor(db.kysely, request.params.space, index, size);
      reply.header("cache-control", IMMUTABLE);
      return {
        index: p.index,
        treeSize: p.treeSize,
        leafHash: encodeBase64(p.leafHash),
        proof: p.proof.map(encodeBase64),
      };
    },
  );

  app.get(
    "/v1/spaces/:space/log/proof/consistency",
    {
      schema: {
        tags,
        summary: "The consistency proof between the published trees of sizes `from` and `to`",
        params: SpaceParams,
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyProof, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const proof = await consistencyProofFor(db.kysely, request.params.space, from, to);
      reply.header("cache-control", IMMUTABLE);
      return { from, to, proof: proof.map(encodeBase64) };
    },
  );
};

/** Full tiles and their bundles never change; a partial one (`.p/<width>`) is superseded. */
function cacheOf(path: string): string {
  return path.includes(".p/") ? PARTIAL_TILE_CACHE : IMMUTABLE;
}
