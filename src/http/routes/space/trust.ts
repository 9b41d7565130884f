/**
 * Trust scores of a space (issue 5), computed on request by src/trust from the projections
 * (src/store/trust) and served with their provenance (algorithm, version, every parameter, and the log
 * size the evidence was read at) so anyone holding that log prefix can recompute them:
 * - a subject's Bayesian reputation with its credible interval and explanation (public; published
 *   reviews only: a sealed review never counts);
 * - the requesting member's personalized trust in another member, with the strongest trust paths;
 * - the fraud suspicion signals of every member, for moderators (moderate scope).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Database } from "../../../store/database.js";
import type { ScoreProvenance } from "../../../store/trust/index.js";
import {
  loadSpaceEvidence,
  memberTrust,
  type SpaceEvidence,
  subjectReputation,
  suspicionSignals,
} from "../../../store/trust/index.js";
import { requireMember, requireScope } from "../../auth/guards.js";
import { HttpError } from "../../errors/http-error.js";
import { MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import { SpaceItemParams, SpaceMemberParams } from "../../schemas/space.js";
import type { SpaceRoutesDeps } from "./spaces.js";

const ProvenanceJson = Type.Object({
  algorithm: Type.String(),
  version: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  logSize: Type.Integer({ minimum: 0, description: "the log size the evidence was read at" }),
});

const ReputationJson = Type.Object({
  subject: Type.String(),
  score: Type.Number(),
  interval: Type.Object({ low: Type.Number(), high: Type.Number(), level: Type.Number() }),
  count: Type.Integer(),
  effectiveCount: Type.Number(),
  prior: Type.Object({ mean: Type.Number(), strength: Type.Number() }),
  contributions: Type.Array(Type.Unknown(), { description: "largest effects on the score" }),
  discounts: Type.Array(Type.Unknown(), { description: "reviews that counted less, and why" }),
  discountSummary: Type.Array(Type.Unknown()),
  whatIf: Type.Array(
    Type.Object({ rating: Type.Number(), score: Type.Number(), change: Type.Number() }),
  ),
  provenance: ProvenanceJson,
});

const TrustJson = Type.Object({
  viewer: Type.String(),
  member: Type.String(),
  score: Type.Number(),
  errorBound: Type.Number(),
  paths: Type.Array(
    Type.Object({
      members: Type.Array(Type.String()),
      steps: Type.Array(
        Type.Object({
          from: Type.String(),
          to: Type.String(),
          kind: Type.Union([Type.String(), Type.Null()]),
          share: Type.Number(),
        }),
      ),
      strength: Type.Number(),
      text: Type.String(),
    }),
  ),
  pathsExhaustive: Type.Boolean(),
  provenance: ProvenanceJson,
});

const SignalsJson = Type.Object({
  signals: Type.Array(
    Type.Object({
      member: Type.String(),
      score: Type.Number(),
      reasons: Type.Array(
        Type.Object({ code: Type.String(), text: Type.String(), contribution: Type.Number() }),
      ),
    }),
  ),
  provenance: ProvenanceJson,
});

/**
 * Registers the trust score routes.
 *
 * @example await app.register(trustRoutes, deps)
 */
export const trustRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, clock },
) => {
  const tags = ["trust"];

  app.get(
    "/v1/spaces/:space/subjects/:id/reputation",
    {
      schema: {
        tags,
        summary: "The Bayesian reputation of a subject, explained (public; published reviews only)",
        description:
          "Posterior mean on the space's rating scale against the space's prior, its credible " +
          "interval, the reviews that moved it most, the discounts applied and what one more " +
          "review would do. Sealed, withdrawn and removed reviews never count.",
        params: SpaceItemParams,
        response: { 200: ReputationJson, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const evidence = await evidenceOf(db, space, clock());
      if (!evidence.subjectOwners.has(id)) throw new HttpError("not-found", `no subject ${id}`);
      const r = subjectReputation(evidence, id);
      return {
        subject: id,
        score: r.score,
        interval: { ...r.interval },
        count: r.count,
        effectiveCount: r.effectiveCount,
        prior: { ...r.prior },
        contributions: [...r.contributions],
        discounts: [...r.discounts],
        discountSummary: [...r.discountSummary],
        whatIf: r.whatIf.map((w) => ({ ...w })),
        provenance: provenanceJson(r.provenance),
      };
    },
  );

  app.get(
    "/v1/spaces/:space/trust/:member",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "How much you (the token's member) may trust a member, and through whom",
        description:
          "Personalized trust (personalized PageRank by forward push) from the viewer to the member " +
          "over vouches, interactions and ratings, with the strongest trust paths that explain it.",
        params: SpaceMemberParams,
        response: { 200: TrustJson, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { space, member } = request.params;
      const actor = request.actor;
      if (actor.kind !== "member") throw new HttpError("forbidden", "a member token is required");
      const evidence = await evidenceOf(db, space, clock());
      const trust = memberTrust(evidence, actor.member, member);
      if (trust === null) throw new HttpError("not-found", `no member ${member}`);
      return {
        ...trust,
        paths: trust.paths.map((p) => ({
          members: [...p.members],
          steps: p.steps.map((step) => ({ ...step })),
          strength: p.strength,
          text: p.text,
        })),
        provenance: provenanceJson(trust.provenance),
      };
    },
  );

  app.get(
    "/v1/spaces/:space/signals",
    {
      preHandler: requireScope("moderate"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Fraud suspicion signals per member, most suspicious first (moderate scope)",
        description:
          "An input to the moderation queue. Signals never act: nothing is hidden, discounted or " +
          "decided because of them; a moderator reads the reasons and decides.",
        params: SpaceParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: SignalsJson, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const evidence = await evidenceOf(db, request.params.space, clock());
      const { signals, provenance } = suspicionSignals(evidence);
      return {
        signals: signals.slice(0, request.query.limit ?? 100).map((m) => ({
          member: m.member,
          score: m.score,
          reasons: m.reasons.map((r) => ({ ...r })),
        })),
        provenance: provenanceJson(provenance),
      };
    },
  );
};

function provenanceJson(p: ScoreProvenance) {
  return {
    algorithm: p.algorithm,
    version: p.version,
    params: { ...p.params },
    logSize: p.logSize,
  };
}

async function evidenceOf(db: Database, space: string, now: number): Promise<SpaceEvidence> {
  const evidence = await loadSpaceEvidence(db, space, now);
  if (evidence === null) throw new HttpError("not-found", `no space ${space}`);
  return evidence;
}
