/**
 * One fraud suspicion score per user, with its reasons: REV2 (fairness as a rater, goodness as a
 * rated party) and the behavioural signals, each mapped to [0, 1] and weighed. The score is the sum of
 * the reasons' contributions, in [0, 1].
 *
 * Why these weights (version 2.0.0). A user others rated is weighed mostly by how it was rated; a
 * user nobody rated only by how it rates; a user with r ratings received mixes the two in the
 * proportion r / (r + 1). The rated users' weights were chosen on the development half of the Bitcoin
 * Alpha labelled users only, never on the report half (docs/evaluation.md, bench/eval/fraud-alpha.ts):
 * there, in the leak-reduced protocol, two signals carried the evidence, goodness (how reliable raters
 * rated the user) and how short-lived the account is, and a logistic regression over all signals gave
 * the others weights near zero or below. Goodness gets 70%, short-lived 20%; young accounts and
 * deviation from consensus 4% and 2%, the other four 1% each, so that they still name themselves as
 * reasons. The unrated users' weights are version 1.1.0's, fixed a priori before any evaluation:
 * goodness (here only the prior) 35%, fairness 25%, five behavioural signals 8% each. Bitcoin Alpha's
 * labels say how a user traded, so they cannot test how an unfair rater of listings is caught; the
 * mixing keeps that case as it was (test/store/trust/flags.test.ts's contrarian).
 */
import type { Graph } from "../graph/csr.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { type BehaviourOptions, type BehaviourSignals, behaviourSignals } from "./behaviour.js";
import { inDegrees } from "./edge-sources.js";
import { describeDuration, type Reason, strongestReasons } from "./reason.js";
import { type Rev2Options, type Rev2Result, rev2 } from "./rev2.js";

export const SUSPICION_VERSION = "2.0.0";

/** The closed set of fraud reason codes. */
export type FraudReasonCode =
  | "low-goodness"
  | "unfair-rater"
  | "deviation"
  | "extreme-ratings"
  | "burst"
  | "young-account"
  | "short-lived"
  | "reciprocal-ring";

export const FRAUD_REASON_CODES: readonly FraudReasonCode[] = [
  "low-goodness",
  "unfair-rater",
  "deviation",
  "extreme-ratings",
  "burst",
  "young-account",
  "short-lived",
  "reciprocal-ring",
];

export type SuspicionWeights = Readonly<Record<FraudReasonCode, number>>;

/**
 * Weights for a user others rated: chosen on the Bitcoin Alpha development half (see the module
 * comment); they sum to 1.
 */
export const DEFAULT_SUSPICION_WEIGHTS: SuspicionWeights = {
  "low-goodness": 0.7,
  "unfair-rater": 0.01,
  deviation: 0.02,
  "extreme-ratings": 0.01,
  burst: 0.01,
  "young-account": 0.04,
  "short-lived": 0.2,
  "reciprocal-ring": 0.01,
};

/**
 * Weights for a user nobody rated, whose goodness is only REV2's prior: the evidence is how it rates,
 * so the rater signals keep the weights of version 1.1.0, fixed a priori (an unfair rater of listings,
 * REV2's original target, is flagged on these). Short-lived is 0: it is weighed by low goodness,
 * which says nothing here. They sum to 1.
 */
export const UNRATED_SUSPICION_WEIGHTS: SuspicionWeights = {
  "low-goodness": 0.35,
  "unfair-rater": 0.25,
  deviation: 0.08,
  "extreme-ratings": 0.08,
  burst: 0.08,
  "young-account": 0.08,
  "short-lived": 0,
  "reciprocal-ring": 0.08,
};

export interface SuspicionOptions {
  /** Weights for rated users. Given without `unratedWeights`, they serve every user. */
  readonly weights?: Partial<SuspicionWeights>;
  /** Weights for users nobody rated (see UNRATED_SUSPICION_WEIGHTS). */
  readonly unratedWeights?: Partial<SuspicionWeights>;
  readonly rev2?: Rev2Options;
  readonly behaviour?: BehaviourOptions;
  /** Log size the ratings were read from (for provenance); defaults to the edge count. */
  readonly logSize?: number;
}

export interface SuspicionResult {
  /** Length nodeCount, in [0, 1]: the sum of the weighted signals. */
  readonly score: Float64Array;
  /** Each signal in [0, 1] before weighting. */
  readonly signals: Readonly<Record<FraudReasonCode, Float64Array>>;
  /** Weights for rated users. */
  readonly weights: SuspicionWeights;
  /** Weights for users nobody rated. */
  readonly unratedWeights: SuspicionWeights;
  /**
   * Length nodeCount: how much each user's weights are the rated users', received / (received + 1);
   * the rest are the unrated users' weights.
   */
  readonly rated: Float64Array;
  readonly rev2: Rev2Result;
  readonly behaviour: BehaviourSignals;
  /** Ratings received by each node. */
  readonly received: Uint32Array;
  readonly meanFairness: number;
  readonly meanGoodness: number;
  readonly provenance: ScoreProvenance;
}

/**
 * Scores every user of a ratings graph (weights normalised to [-1, 1], times in seconds).
 *
 * @example
 * const s = scoreSuspicion(g)
 * suspicionReasons(s, u, 3) // [{ code: "low-goodness", text: "…", contribution: 0.31 }, …]
 */
export function scoreSuspicion(g: Graph, options: SuspicionOptions = {}): SuspicionResult {
  const weights = { ...DEFAULT_SUSPICION_WEIGHTS, ...options.weights };
  const unratedWeights =
    options.unratedWeights === undefined && options.weights !== undefined
      ? weights
      : { ...UNRATED_SUSPICION_WEIGHTS, ...options.unratedWeights };
  const behaviour = behaviourSignals(g, options.behaviour);
  const trust = rev2(g, withRaterPrior(options.rev2, behaviour));
  const received = inDegrees(g);
  const meanFairness = meanOver(trust.fairness, (u) => (behaviour.given[u] as number) > 0);
  const meanGoodness = meanOver(trust.goodness, (u) => (received[u] as number) > 0);
  const signals = networkAndBehaviourSignals(g.nodeCount, trust, behaviour);
  const rated = Float64Array.from(received, (r) => r / (r + 1));
  const score = new Float64Array(g.nodeCount);
  for (const code of FRAUD_REASON_CODES) {
    const signal = signals[code];
    for (let u = 0; u < g.nodeCount; u++) {
      const w = mixedWeight(weights, unratedWeights, rated[u] as number, code);
      score[u] = (score[u] as number) + w * (signal[u] as number);
    }
  }
  return {
    score,
    signals,
    weights,
    unratedWeights,
    rated,
    rev2: trust,
    behaviour,
    received,
    meanFairness,
    meanGoodness,
    provenance: provenance(
      "fraud-suspicion",
      SUSPICION_VERSION,
      {
        ...Object.fromEntries(FRAUD_REASON_CODES.map((c) => [`weight.${c}`, weights[c]])),
        ...Object.fromEntries(
          FRAUD_REASON_CODES.map((c) => [`unratedWeight.${c}`, unratedWeights[c]]),
        ),
        ...Object.fromEntries(Object.entries(behaviour.options).map(([k, v]) => [k, v])),
        ...Object.fromEntries(
          Object.entries(trust.provenance.params).map(([k, v]) => [`rev2.${k}`, v]),
        ),
      },
      options.logSize ?? g.edgeCount,
    ),
  };
}

/**
 * The weight of `code` for a user: the rated users' weights in proportion to the ratings it received,
 * received / (received + 1) (one pseudo-rating of no evidence, like REV2's α smoothing, fixed a
 * priori), the unrated users' for the rest. Goodness read from one rating is half evidence, half prior.
 */
function mixedWeight(
  weights: SuspicionWeights,
  unrated: SuspicionWeights,
  rated: number,
  code: FraudReasonCode,
): number {
  return rated * weights[code] + (1 - rated) * unrated[code];
}

/**
 * Goodness and fairness enter over their whole range, (1 − G)/2 and 1 − F, so the score keeps their
 * order everywhere. Version 1.0.0 counted only the distance below the mean, which tied every
 * above-average user at 0 and lost their order (found on the Bitcoin Alpha development half, see
 * docs/evaluation.md). A user with no evidence holds REV2's prior, the mean.
 *
 * Short-lived enters multiplied by (1 − G)/2: a short-lived account is suspect in proportion to how
 * badly it was rated, and a newcomer nobody complained about is unknown rather than suspect. Added
 * alone, it put every one-day account of Bitcoin Alpha above the moderation threshold 0.5 (2,185 of
 * 3,783 members); multiplied, 165 (docs/evaluation.md).
 */
function networkAndBehaviourSignals(
  n: number,
  trust: Rev2Result,
  b: BehaviourSignals,
): Record<FraudReasonCode, Float64Array> {
  const lowGoodness = new Float64Array(n);
  const unfair = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    lowGoodness[u] = clamp01((1 - (trust.goodness[u] as number)) / 2);
    unfair[u] = clamp01(1 - (trust.fairness[u] as number));
  }
  return {
    "low-goodness": lowGoodness,
    "unfair-rater": unfair,
    deviation: b.deviation,
    "extreme-ratings": b.extremity,
    burst: b.burst,
    "young-account": b.young,
    "short-lived": b.shortLived.map((x, u) => x * (lowGoodness[u] as number)),
    "reciprocal-ring": b.ring,
  };
}

/**
 * REV2's behavioural prior on fairness (§4.4, the β1 term): a rater's prior is how established its
 * account is, 1 − short-lived, so the ratings of accounts that appeared days ago and vanished weigh
 * less in everyone's goodness until their agreement with the consensus earns it. β1 = 1 counts the
 * prior as one rating, like the α1 smoothing. Only with edge times; a caller's own prior wins.
 */
function withRaterPrior(options: Rev2Options | undefined, b: BehaviourSignals): Rev2Options {
  if (!b.timed || options?.raterPrior !== undefined) return options ?? {};
  return { ...options, raterPrior: b.shortLived.map((x) => 1 - x), beta1: options?.beta1 ?? 1 };
}

/**
 * The reasons behind user u's score, largest contribution first; they sum to score[u].
 *
 * @example suspicionReasons(result, 42, 3).map((r) => r.code) // ["low-goodness", "burst", …]
 */
export function suspicionReasons(
  s: SuspicionResult,
  u: number,
  limit?: number,
): Reason<FraudReasonCode>[] {
  const b = s.behaviour;
  const o = b.options;
  const at = (a: ArrayLike<number>): number => a[u] as number;
  const text: Record<FraudReasonCode, () => string> = {
    "low-goodness": () =>
      at(s.received) === 0
        ? `nobody rated this user: goodness is the prior mean ${fmt(s.meanGoodness)} (scale -1..1)`
        : `goodness ${fmt(at(s.rev2.goodness))} (scale -1..1, mean ${fmt(s.meanGoodness)}): how reliable raters rated this user, ${count(at(s.received), "rating")}`,
    "unfair-rater": () =>
      at(b.given) === 0
        ? `rated nobody: fairness is the prior mean ${fmt(s.meanFairness)} (scale 0..1)`
        : `fairness ${fmt(at(s.rev2.fairness))} (scale 0..1, mean ${fmt(s.meanFairness)}): how well this user's ${count(at(b.given), "rating")} agree with reliable consensus`,
    deviation: () =>
      `ratings sit ${fmt(2 * at(b.deviation))} on average (of at most 2, on -1..1) from what others said about the same users, over ${count(at(b.compared), "rating")}`,
    "extreme-ratings": () =>
      `${Math.round(at(b.extremity) * at(b.given))} of ${at(b.given)} ratings at the ends of the scale`,
    burst: () =>
      `${at(b.densest)} of ${at(b.given)} ratings given within ${describeDuration(o.burstWindow)}`,
    "young-account": () =>
      `${at(b.whileYoung)} of ${at(b.given)} ratings given within ${describeDuration(o.youngAge)} of the account's first appearance`,
    "short-lived": () =>
      `active for ${describeSpan(at(b.activeFor))} between its first and last appearance in the log (established after ${describeDuration(o.establishedAfter)}), weighed by its low goodness`,
    "reciprocal-ring": () =>
      `${at(b.reciprocated)} of ${at(b.givenPositive)} positive ratings returned positively by the same user within ${describeDuration(o.ringWindow)}`,
  };
  const reasons = FRAUD_REASON_CODES.map((code) => ({
    code,
    text: text[code](),
    contribution:
      mixedWeight(s.weights, s.unratedWeights, s.rated[u] as number, code) *
      (s.signals[code][u] as number),
  }));
  return strongestReasons(reasons, limit);
}

/**
 * Node indices ordered by suspicion, highest first (ties by index, so the order is deterministic).
 *
 * @example const order = bySuspicion(result); order[0] // the most suspicious user
 */
export function bySuspicion(s: SuspicionResult): Uint32Array {
  const order = new Uint32Array(s.score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (s.score[b] as number) - (s.score[a] as number) || a - b);
}

function meanOver(values: Float64Array, keep: (i: number) => boolean): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!keep(i)) continue;
    sum += values[i] as number;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

function clamp01(x: number): number {
  return x <= 0 || Number.isNaN(x) ? 0 : Math.min(x, 1);
}

/** A span of seconds in whole days, or hours below a day. */
function describeSpan(seconds: number): string {
  if (seconds >= 86_400) return count(Math.floor(seconds / 86_400), "day");
  return count(Math.floor(seconds / 3_600), "hour");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function fmt(x: number): string {
  return x.toFixed(2);
}
