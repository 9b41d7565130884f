/**
 * Trust scores of a space (issue 5), served with their provenance (algorithm, version, every
 * parameter, and the log size the evidence was read at) so anyone holding that log prefix can
 * recompute them. Reputation and signals are served from the stored scores once the space has been
 * recomputed (`fabrique recompute`, or POST …/trust/recompute): a stored score computed at a log size
 * the space has since passed is still served, with that size in its provenance, and an incremental
 * recompute is started in the background (a worker thread) to catch up. A space never recomputed is
 * scored on request. Personalized trust is always computed on request (local push).
 * - a subject's Bayesian reputation, each review weighed by its rater's credibility, with its credible
 *   interval and explanation (public; published reviews only: a sealed review never counts);
 * - the requesting member's personalized trust in another member, with the strongest trust paths;
 * - the fraud suspicion signals of every member, for moderators (moderate scope).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Static, Type } from "typebox";
import type { Database } from "../../../store/database.js";
import { readLogState } from "../../../store/log/log-state.js";
import type { ScoreProvenance } from "../../../store/trust/index.js";
import {
  loadSpaceEvidence,
  memberTrust,
  type SpaceEvidence,
  subjectReputation,
  suspicionSignals,
} from "../../../store/trust/index.js";
import { createBackgroundRecompute } from "../../../store/trust/recompute/background.js";
import { REPUTATION, SUSPICION } from "../../../store/trust/recompute/compute.js";
import {
  highestScores,
  type StoredScore,
  storedScore,
} from "../../../store/trust/stored-scores.js";
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

const Source = {
  source: Type.Union([Type.Literal("stored"), Type.Literal("on-request")], {
    description:
      "stored: read from the scores the space's last recompute stored; on-request: computed now",
  }),
  currentLogSize: Type.Integer({
    minimum: 0,
    description:
      "the space's log size now; larger than provenance.logSize when a stored score is behind (a recompute is then under way)",
  }),
};

/** A prior imported from another space (issue 6): pseudo-reviews in the prior, never reviews. */
const ImportedPriorJson = Type.Object(
  {
    rule: Type.String(),
    issuer: Type.String(),
    source: Type.String({ description: "the issuing space's name" }),
    reviewsAtLeast: Type.Integer(),
    ratingAtLeast: Type.Number({ description: "on the issuing space's scale" }),
    sourceScale: Type.Object({ min: Type.Number(), max: Type.Number() }),
    maxPseudoReviews: Type.Number({ description: "the space's bound on one import" }),
    mean: Type.Number({ description: "the rating bound on this space's scale" }),
    fullWeight: Type.Number(),
    weight: Type.Number({
      description: "pseudo-reviews it counts as now (own reviews replace it)",
    }),
    spacePrior: Type.Object({ mean: Type.Number(), strength: Type.Number() }),
    text: Type.String({
      description: 'e.g. "reputation imported from space X: ≥ 20 reviews, ≥ 4.5"',
    }),
  },
  {
    description:
      "the imported prior; `prior` is the space's prior with it added, `count` counts own reviews only",
  },
);

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
  importedPrior: Type.Optional(ImportedPriorJson),
  provenance: ProvenanceJson,
  ...Source,
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
  ...Source,
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
  const background = createBackgroundRecompute(db, (error, space) =>
    app.log.error({ err: error, space }, "background trust recompute failed"),
  );
  app.addHook("onClose", () => background.idle());
  /** The log size now; a stored score behind it starts a background recompute. */
  const freshness = async (space: string, stored: StoredScore | undefined) => {
    const currentLogSize = (await readLogState(db.kysely, space)).size;
    if (stored !== undefined && stored.provenance.logSize < currentLogSize) {
      background.request(space);
    }
    return currentLogSize;
  };

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
      const stored = await storedScore(db.kysely, space, REPUTATION, id);
      if (stored !== null) {
        return {
          subject: id,
          score: stored.score,
          ...(stored.details as Omit<Static<typeof ReputationJson>, "subject" | "score">),
          provenance: provenanceJson(stored.provenance),
          source: "stored" as const,
          currentLogSize: await freshness(space, stored),
        };
      }
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
        ...(r.importedPrior === undefined ? {} : { importedPrior: { ...r.importedPrior } }),
        provenance: provenanceJson(r.provenance),
        source: "on-request" as const,
        currentLogSize: evidence.logSize,
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
          "The input of the moderation queue. Signals never restrict anyone: a recompute flags the " +
          "members at or above its threshold into the queue, and a moderator reads the reasons and " +
          "decides. A rater flagged this way counts less in reputations, and each explanation says so.",
        params: SpaceParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: SignalsJson, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { space } = request.params;
      const limit = request.query.limit ?? 100;
      const stored = await highestScores(db.kysely, space, SUSPICION, limit);
      const first = stored[0];
      if (first !== undefined) {
        return {
          signals: stored.map((m) => ({
            member: m.entity,
            score: m.score,
            reasons: (
              m.details as { reasons: { code: string; text: string; contribution: number }[] }
            ).reasons,
          })),
          provenance: provenanceJson(first.provenance),
          source: "stored" as const,
          currentLogSize: await freshness(space, first),
        };
      }
      const evidence = await evidenceOf(db, space, clock());
      const { signals, provenance } = suspicionSignals(evidence, Number.POSITIVE_INFINITY);
      return {
        signals: signals.slice(0, limit).map((m) => ({
          member: m.member,
          score: m.score,
          reasons: m.reasons.map((r) => ({ ...r })),
        })),
        provenance: provenanceJson(provenance),
        source: "on-request" as const,
        currentLogSize: evidence.logSize,
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
