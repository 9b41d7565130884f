/**
 * The behavioural signals of a rater (REV2 §4.4), each a share in [0, 1] so that they can be weighed
 * against each other: bursts, extremity, deviation from consensus, young accounts, short-lived
 * accounts and reciprocal rating rings. Time signals need edge times in seconds; without times they
 * are 0.
 *
 * Short-lived: an account seen in the log (as rater or rated) for less than `establishedAfter` between
 * its first and its last appearance. A hit-and-run account trades for days and disappears once it
 * has what it came for; an account that someone kept trading with for months has paid for its history
 * in time, which a Sybil or an exit scammer cannot fake cheaply (the "account age" evidence REV2 §4.4
 * cites). The signal falls linearly from 1 (seen once) to 0 (active for `establishedAfter` or more).
 */
import type { Graph } from "../graph/csr.js";
import { activityTimes } from "./activity-times.js";
import { ratingStyle } from "./rating-style.js";
import { reciprocatedPositives } from "./reciprocity.js";

export interface BehaviourOptions {
  /** |rating| at or above which a rating counts as extreme (normalised scale). Default 0.9. */
  readonly extremeAt?: number;
  /** Window of a burst, seconds. Default 1 day. */
  readonly burstWindow?: number;
  /** Fewest ratings in one window that make a burst. Default 3. */
  readonly minBurst?: number;
  /** An account is young for this long after it first appears, seconds. Default 7 days. */
  readonly youngAge?: number;
  /** A positive rating returned within this many seconds makes a ring. Default 7 days. */
  readonly ringWindow?: number;
  /**
   * An account active this long (first to last appearance, seconds) is no longer short-lived.
   * Default 180 days (chosen on the Bitcoin Alpha development half among 0.5, 1 and 2 years; see
   * docs/evaluation.md).
   */
  readonly establishedAfter?: number;
}

export const BEHAVIOUR_DEFAULTS: Required<BehaviourOptions> = {
  extremeAt: 0.9,
  burstWindow: 86_400,
  minBurst: 3,
  youngAge: 7 * 86_400,
  ringWindow: 7 * 86_400,
  establishedAfter: 180 * 86_400,
};

/** Per rater, the shares and the counts they were computed from (for reasons). */
export interface BehaviourSignals {
  readonly options: Required<BehaviourOptions>;
  readonly timed: boolean;
  /** Ratings given by each node. */
  readonly given: Uint32Array;
  /** Positive ratings given by each node. */
  readonly givenPositive: Uint32Array;
  /** Share of a rater's ratings in its densest burst window (0 unless ≥ minBurst ratings). */
  readonly burst: Float64Array;
  readonly densest: Uint32Array;
  /** Share of ratings at the ends of the scale. */
  readonly extremity: Float64Array;
  /** Mean distance to the leave-one-out consensus, in [0, 1]. */
  readonly deviation: Float64Array;
  readonly compared: Uint32Array;
  /** Share of ratings given while the account was young. */
  readonly young: Float64Array;
  readonly whileYoung: Uint32Array;
  /** Share of positive ratings returned positively by the ratee within the ring window. */
  readonly ring: Float64Array;
  readonly reciprocated: Uint32Array;
  /** 1 − (time between first and last appearance) / establishedAfter, floored at 0; 0 untimed. */
  readonly shortLived: Float64Array;
  /** Seconds between a node's first and last appearance (0 untimed or without edges). */
  readonly activeFor: Float64Array;
}

/**
 * @example const b = behaviourSignals(g); b.burst[u] // share of u's ratings in its densest day
 */
export function behaviourSignals(g: Graph, options: BehaviourOptions = {}): BehaviourSignals {
  const o = { ...BEHAVIOUR_DEFAULTS, ...options };
  const n = g.nodeCount;
  const given = new Uint32Array(n);
  const givenPositive = new Uint32Array(n);
  for (let u = 0; u < n; u++) {
    given[u] = (g.offsets[u + 1] as number) - (g.offsets[u] as number);
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      if ((g.weights[e] as number) > 0) givenPositive[u] = (givenPositive[u] as number) + 1;
    }
  }
  const style = ratingStyle(g, o.extremeAt);
  const timed = g.times !== undefined;
  const times = timed ? activityTimes(g, o.burstWindow, o.youngAge) : undefined;
  const densest = times?.densest ?? new Uint32Array(n);
  const whileYoung = times?.whileYoung ?? new Uint32Array(n);
  const reciprocated = reciprocatedPositives(g, o.ringWindow);
  const burst = new Float64Array(n);
  const young = new Float64Array(n);
  const ring = new Float64Array(n);
  const activeFor = new Float64Array(n);
  const shortLived = new Float64Array(n);
  if (times !== undefined) {
    for (let u = 0; u < n; u++) {
      const first = times.firstSeen[u] as number;
      if (!Number.isFinite(first)) continue;
      activeFor[u] = (times.lastSeen[u] as number) - first;
      shortLived[u] = Math.max(0, 1 - (activeFor[u] as number) / o.establishedAfter);
    }
  }
  for (let u = 0; u < n; u++) {
    const count = given[u] as number;
    if (count === 0) continue;
    const d = densest[u] as number;
    burst[u] = d >= o.minBurst ? d / count : 0;
    young[u] = (whileYoung[u] as number) / count;
    const positive = givenPositive[u] as number;
    ring[u] = positive > 0 ? (reciprocated[u] as number) / positive : 0;
  }
  return {
    options: o,
    timed,
    given,
    givenPositive,
    burst,
    densest,
    extremity: style.extremity,
    deviation: style.deviation,
    compared: style.compared,
    young,
    whileYoung,
    ring,
    reciprocated,
    shortLived,
    activeFor,
  };
}
