/**
 * Where trust signals meet moderators (issue 5), moderate scope only:
 * - GET …/moderation-queue: the pending alerts, the riskiest first (the affected member's stored fraud
 *   suspicion, with its reasons and provenance), the flags of automated detection among them;
 * - POST …/trust/recompute: recompute the space's stored scores in a worker thread (the server keeps
 *   answering meanwhile), then flag the members at or above the threshold into the queue, like
 *   `fabrique recompute`. Flags restrict nothing: a moderator decides, with a statement of reasons.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  DEFAULT_FLAG_AT,
  DEFAULT_FLAG_LIMIT,
  flagSuspicious,
} from "../../../store/trust/flag-suspicious.js";
import { moderationQueue } from "../../../store/trust/moderation-queue.js";
import { recomputeSpace } from "../../../store/trust/recompute/recompute.js";
import type { StoredScore } from "../../../store/trust/stored-scores.js";
import { requireScope } from "../../auth/guards.js";
import { HttpError } from "../../errors/http-error.js";
import { problemResponses, SpaceParams } from "../../schemas/common.js";
import { Millis, TargetJson } from "../../schemas/space.js";
import type { SpaceRoutesDeps } from "./spaces.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Reason = Type.Object({
  code: Type.String(),
  text: Type.String(),
  contribution: Type.Number(),
});

const RiskJson = Type.Object({
  score: Type.Number({ description: "the affected member's fraud suspicion, 0..1" }),
  reasons: Type.Array(Reason),
  provenance: Type.Object({
    algorithm: Type.String(),
    version: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    logSize: Type.Integer({ minimum: 0 }),
  }),
});

const SybilJson = Type.Object({
  score: Type.Number({
    description:
      "the affected member's SybilSCAR probability from the policy's trust seeds, 0..0.5 (0.5: trust from the seeds never reached them)",
  }),
  reasons: Type.Array(Type.Object({ code: Type.String(), text: Type.String() })),
  provenance: RiskJson.properties.provenance,
});

const QueueJson = Type.Object({
  items: Type.Array(
    Type.Object({
      alert: Type.String(),
      target: TargetJson,
      affected: Nullable(Type.String()),
      automated: Type.Boolean({
        description:
          "a flag of the platform's own detection (source SOURCE_VOLUNTARY, no reporter)",
      }),
      category: Type.String(),
      sourceType: Type.String(),
      raisedAt: Millis,
      risk: Nullable(RiskJson),
      sybil: Nullable(SybilJson),
    }),
  ),
});

const RecomputeBody = Type.Object(
  {
    full: Type.Optional(
      Type.Boolean({ description: "recompute every score (default: what changed)" }),
    ),
    flag: Type.Optional(Type.Boolean({ description: "flag suspicious members (default true)" })),
    flagAt: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: `default ${DEFAULT_FLAG_AT}` }),
    ),
    flagLimit: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: `default ${DEFAULT_FLAG_LIMIT}` }),
    ),
  },
  { additionalProperties: false },
);

const RecomputeJson = Type.Object({
  recompute: Type.Object({
    space: Type.String(),
    mode: Type.String(),
    logSize: Type.Integer(),
    outcome: Type.String(),
    analysed: Type.Boolean(),
    algorithms: Type.Array(
      Type.Object({
        algorithm: Type.String(),
        version: Type.String(),
        written: Type.Integer(),
        removed: Type.Integer(),
        unchanged: Type.Integer(),
      }),
    ),
  }),
  flags: Nullable(
    Type.Object({
      suspicious: Type.Integer(),
      flagged: Type.Array(Type.String()),
      alreadyFlagged: Type.Integer(),
      deferred: Type.Integer(),
    }),
  ),
});

/**
 * Registers the moderation queue and the recompute routes.
 *
 * @example await app.register(trustModerationRoutes, deps)
 */
export const trustModerationRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service },
) => {
  const tags = ["moderation"];
  const moderators = requireScope("moderate");

  app.get(
    "/v1/spaces/:space/moderation-queue",
    {
      preHandler: moderators,
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Pending alerts, the riskiest first (moderate scope)",
        description:
          "Each pending alert with the member it is about and that member's stored fraud " +
          "suspicion, most suspicious first, then oldest first; alerts about members without a " +
          "stored score come last. Flags of the platform's own detection are marked automated.",
        params: SpaceParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: QueueJson, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const queue = await moderationQueue(
        db.kysely,
        request.params.space,
        request.query.limit ?? 100,
      );
      return {
        items: queue.map((e) => ({
          alert: e.alert.id,
          target: { ...e.alert.target },
          affected: e.affected,
          automated: e.automated,
          category: e.alert.category,
          sourceType: e.alert.sourceType,
          raisedAt: e.alert.raisedAt,
          risk: e.risk === null ? null : riskJson(e.risk),
          sybil: e.sybil === null ? null : sybilJson(e.sybil),
        })),
      };
    },
  );

  app.post(
    "/v1/spaces/:space/trust/recompute",
    {
      preHandler: moderators,
      schema: {
        tags: ["trust"],
        security: [{ apiKey: [] }],
        summary:
          "Recompute the space's stored trust scores and flag suspicious members (moderate scope)",
        description:
          "Runs in a worker thread. Incremental unless full is true. Members whose fraud suspicion " +
          "reaches flagAt are flagged into the moderation queue (at most flagLimit, most suspicious " +
          "first, never twice for the same evidence); a flag restricts nothing.",
        params: SpaceParams,
        body: Type.Optional(RecomputeBody),
        response: { 200: RecomputeJson, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { space } = request.params;
      const body = request.body ?? {};
      const report = await recomputeSpace(db, space, {
        mode: body.full === true ? "full" : "incremental",
      });
      if (report === null) throw new HttpError("not-found", `no space ${space}`);
      const flags =
        body.flag === false
          ? null
          : await flagSuspicious(db, service, space, {
              at: body.flagAt ?? DEFAULT_FLAG_AT,
              limit: body.flagLimit ?? DEFAULT_FLAG_LIMIT,
            });
      return {
        recompute: { ...report, algorithms: report.algorithms.map((a) => ({ ...a })) },
        flags: flags === null ? null : { ...flags, flagged: [...flags.flagged] },
      };
    },
  );
};

function riskJson(risk: StoredScore) {
  const reasons = (
    risk.details as { reasons?: { code: string; text: string; contribution: number }[] }
  ).reasons;
  return {
    score: risk.score,
    reasons: reasons ?? [],
    provenance: {
      algorithm: risk.provenance.algorithm,
      version: risk.provenance.version,
      params: { ...risk.provenance.params },
      logSize: risk.provenance.logSize,
    },
  };
}

function sybilJson(sybil: StoredScore) {
  const reasons = (sybil.details as { reasons?: { code: string; text: string }[] }).reasons;
  const { score, provenance } = riskJson(sybil);
  return {
    score,
    reasons: (reasons ?? []).map((r) => ({ code: r.code, text: r.text })),
    provenance,
  };
}
