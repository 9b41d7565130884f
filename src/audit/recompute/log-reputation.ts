/**
 * A subject's reputation recomputed from the public log alone, with the published algorithm
 * (src/trust/reputation, "bayesian-reputation") at the version and with the parameters the served score's
 * provenance names, over the plain evidence rule (the server's first rule, src/store/trust before its
 * credibility weighting; credible-rule.ts recomputes the weighted one): the reviews the public sees as
 * published count, each unverified one flagged; the prior is the exact mean of every published rating of
 * the space, on the space's rating scale.
 *
 * "Published" is read from public fields (src/domain/transparency-report.ts, publicReviewState): revealed
 * in the log, not withdrawn, not removed by a decision in force. A review whose double-blind window ended
 * but whose reveal is not in the log yet is shown by the server with a rating the log does not hold yet:
 * while any such review exists, every score of the space (they share the prior) is pending, not wrong.
 */

import type { ReviewRecord } from "../../domain/records.js";
import { publicReviewState } from "../../domain/transparency-report.js";
import {
  type FlagDiscounts,
  REPUTATION_VERSION,
  type Reputation,
  type ReputationPrior,
  type Review,
  reputation,
  spacePrior,
} from "../../trust/reputation/index.js";
import type { RecordSet } from "../replay/record-set.js";
import type { ServedProvenance } from "./served-reputation.js";

/** The algorithm this auditor recomputes. */
export const REPUTATION_ALGORITHM = "bayesian-reputation";

/** The order provenance lists discounts in (src/trust/reputation/reputation.ts). */
const DISCOUNT_ORDER = ["unverified", "lowCredibility", "suspectedRing", "retaliation"] as const;

/**
 * The parameters of bayesian-reputation 1.0.0 over the plain evidence rule. A score whose provenance
 * names others (e.g. review weights from a fraud analysis) was computed with inputs this auditor does
 * not derive: it says so rather than report a difference it cannot attribute.
 */
const KNOWN_PARAMS = new Set([
  "scale",
  "priorMean",
  "priorStrength",
  "now",
  "halfLife",
  "discounts",
  "discountOrder",
  "level",
]);

/** The parameters a served score was computed with, as its provenance states them. */
export interface ReputationSettings {
  readonly now: number;
  readonly priorStrength: number;
  readonly halfLife: number;
  readonly discounts: FlagDiscounts;
  readonly level: number;
}

/** A recomputation, or why there is none yet. */
export type LogReputation =
  | { readonly kind: "computed"; readonly reputation: Reputation; readonly scale: Scale }
  | { readonly kind: "pending"; readonly reason: string };

interface Scale {
  readonly min: number;
  readonly max: number;
}

/**
 * The settings of a served provenance, or the reason this auditor cannot recompute with them (another
 * algorithm, another version, a parameter it does not understand).
 *
 * @example const settings = reputationSettings(served.provenance); if (typeof settings === "string") skip(settings)
 */
export function reputationSettings(provenance: ServedProvenance): ReputationSettings | string {
  if (provenance.algorithm !== REPUTATION_ALGORITHM) {
    return `the score's algorithm is ${provenance.algorithm}, not ${REPUTATION_ALGORITHM}`;
  }
  if (provenance.version !== REPUTATION_VERSION) {
    return `the score is ${REPUTATION_ALGORITHM} ${provenance.version}; this auditor recomputes ${REPUTATION_VERSION}`;
  }
  const p = provenance.params;
  const unknown = Object.keys(p).filter((name) => !KNOWN_PARAMS.has(name));
  if (unknown.length > 0) {
    return `the score names parameters this auditor does not recompute: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}`;
  }
  const discounts = p.discounts;
  const order = p.discountOrder;
  if (
    !Array.isArray(discounts) ||
    discounts.length !== DISCOUNT_ORDER.length ||
    !discounts.every((d) => typeof d === "number" && d >= 0 && d <= 1) ||
    !Array.isArray(order) ||
    order.join() !== DISCOUNT_ORDER.join()
  ) {
    return "the score's discounts are not four factors in the documented order";
  }
  const halfLife = p.halfLife === "infinity" ? Number.POSITIVE_INFINITY : p.halfLife;
  const numbers = { now: p.now, priorStrength: p.priorStrength, halfLife, level: p.level };
  for (const [name, value] of Object.entries(numbers)) {
    if (typeof value !== "number" || Number.isNaN(value)) {
      return `the score's parameter ${name} is not a number`;
    }
  }
  const [unverified, lowCredibility, suspectedRing, retaliation] = discounts as number[];
  return {
    now: numbers.now as number,
    priorStrength: numbers.priorStrength as number,
    halfLife: numbers.halfLife as number,
    level: numbers.level as number,
    discounts: {
      unverified: unverified as number,
      lowCredibility: lowCredibility as number,
      suspectedRing: suspectedRing as number,
      retaliation: retaliation as number,
    },
  };
}

/** What every score of a space at one log size and one moment shares: its published reviews. */
export type ReputationInputs =
  | {
      readonly kind: "ready";
      readonly scale: Scale;
      /** The space's prior at a strength: the mean of every published rating (computed once). */
      readonly prior: (strength: number) => ReputationPrior;
      /** Published reviews by subject, in the server's order. */
      readonly bySubject: ReadonlyMap<string, readonly ReviewRecord[]>;
    }
  | { readonly kind: "pending"; readonly reason: string };

/**
 * The published reviews of `records` (a replay of the log's first entries) at `now`, once for all the
 * subjects scored at that size and moment.
 *
 * @example const inputs = reputationInputs(records, settings.now)
 */
export function reputationInputs(records: RecordSet, now: number): ReputationInputs {
  const policy = records.space()?.policy;
  if (policy === undefined) return { kind: "pending", reason: "the log has no space.created yet" };
  const reviews = records.all("review");
  const states = reviews.map((r) => publicReviewState(r, now));
  const awaiting = reviews.filter((_, i) => states[i] === "awaiting-reveal");
  if (awaiting.length > 0) {
    return {
      kind: "pending",
      reason: `${awaiting.length} review(s) of the space are past their double-blind window but not yet revealed in the log (e.g. ${awaiting[0]?.id}); their ratings count in every score`,
    };
  }
  const published = reviews.filter((_, i) => states[i] === "published").sort(bySubmission);
  const bySubject = new Map<string, ReviewRecord[]>();
  for (const r of published) {
    const list = bySubject.get(r.subject);
    if (list === undefined) bySubject.set(r.subject, [r]);
    else list.push(r);
  }
  const scale = { min: policy.rating.min, max: policy.rating.max };
  const ratings = published.map((r) => r.overall as number);
  const priors = new Map<number, ReputationPrior>();
  const prior = (strength: number) => {
    let found = priors.get(strength);
    if (found === undefined) {
      found = spacePrior(ratings, strength, scale);
      priors.set(strength, found);
    }
    return found;
  };
  return { kind: "ready", scale, prior, bySubject };
}

/**
 * Recomputes the reputation of `subject` from the inputs of its log size and moment. Throws RangeError
 * when the settings are out of the algorithm's domain (the caller reports it).
 *
 * @example const r = reputationFromLog(reputationInputs(records, settings.now), "flat-7", settings, 1204)
 */
export function reputationFromLog(
  inputs: ReputationInputs,
  subject: string,
  settings: ReputationSettings,
  logSize: number,
): LogReputation {
  if (inputs.kind === "pending") return inputs;
  const { scale } = inputs;
  const prior = inputs.prior(settings.priorStrength);
  const reviews = (inputs.bySubject.get(subject) ?? []).map(asReview);
  const computed = reputation(reviews, prior, {
    now: settings.now,
    scale,
    halfLife: settings.halfLife,
    discounts: settings.discounts,
    level: settings.level,
    logSize,
  });
  return { kind: "computed", reputation: computed, scale };
}

function asReview(r: ReviewRecord): Review {
  return {
    id: r.id,
    rating: r.overall as number,
    time: r.submittedAt,
    ...(r.provenance === "verified" ? {} : { flags: { unverified: true } }),
  };
}

/** The server reads reviews by submission time, then id; the same order gives the same sums. */
function bySubmission(a: ReviewRecord, b: ReviewRecord): number {
  if (a.submittedAt !== b.submittedAt) return a.submittedAt - b.submittedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
