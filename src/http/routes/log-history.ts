/**
 * The checkpoints a space's log has issued, newest first (public, like the log): the log explorer
 * draws the log's growth from them and proves a later checkpoint consistent with an earlier one.
 * Each item is the signed note exactly as issued; verify it with the log's key (`log/key`).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Database } from "../../store/database.js";
import { listCheckpoints, MAX_CHECKPOINTS_PER_PAGE } from "../../store/log/checkpoint-history.js";
import { findRecord } from "../../store/space/index.js";
import { HttpError } from "../errors/http-error.js";
import { MAX_TREE_INTEGER, problemResponses, SpaceParams } from "../schemas/common.js";

const HistoryQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_CHECKPOINTS_PER_PAGE, description: "at most 100" }),
    ),
    before: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TREE_INTEGER,
        description: "only checkpoints of smaller trees (the `next` of the previous page)",
      }),
    ),
  },
  { additionalProperties: false },
);

const HistoryJson = Type.Object({
  items: Type.Array(
    Type.Object({
      size: Type.Integer({ minimum: 0 }),
      createdAt: Type.String({ description: "when the sealer signed it (ISO 8601)" }),
      note: Type.String({ description: "the signed checkpoint note, as issued" }),
    }),
  ),
  next: Type.Union([Type.Integer(), Type.Null()], {
    description: "pass as `before` for older checkpoints; null when there are none",
  }),
});

/**
 * Registers `GET /v1/spaces/:space/log/checkpoints`.
 *
 * @example await app.register(logHistoryRoutes, { db })
 */
export const logHistoryRoutes: FastifyPluginAsyncTypebox<{ readonly db: Database }> = async (
  app,
  { db },
) => {
  app.get(
    "/v1/spaces/:space/log/checkpoints",
    {
      schema: {
        tags: ["log"],
        summary: "The checkpoints the log has issued, largest tree first (signed notes as issued)",
        params: SpaceParams,
        querystring: HistoryQuery,
        response: { 200: HistoryJson, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { space } = request.params;
      if ((await findRecord(db.kysely, space, "space", space)) === null) {
        throw new HttpError("not-found", `no space ${space}`);
      }
      const { limit, before } = request.query;
      const page = await listCheckpoints(db.kysely, space, before ?? null, limit ?? 20);
      reply.header("cache-control", "no-cache");
      return { items: [...page.items], next: page.nextBefore };
    },
  );
};
