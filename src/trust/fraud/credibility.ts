/**
 * The credibility of each rater, the weight reputation gives their reviews (issue 5: "reviewer
 * credibility weighting"), read off the fraud suspicion result:
 *
 * - credibility c(u) = min(1, F(u) / F̄): REV2 fairness relative to the mean fairness of the raters.
 *   Fairness is what REV2 itself weighs ratings by when it computes goodness (Kumar et al., WSDM 2018,
 *   §4.1), so a rater whose ratings disagree with reliable consensus counts less here too. Dividing by
 *   the mean keeps a typical rater at full weight: raw fairness (≈0.8–0.9 for honest raters) would pull
 *   every score towards the prior by the same amount and say nothing about anyone;
 * - a low-credibility flag when the whole suspicion score reaches `lowAt`: the rater is one the fraud
 *   detector sends to moderators (the same threshold), and their reviews count `lowCredibility` less;
 * - a ring flag when at least `ringAt` of the rater's positive ratings, and at least `ringMin` of them,
 *   were returned positively by the ratee within the ring window (the "reciprocal-ring" signal).
 *
 * Credibility is kept at a resolution of `resolution` (default 1/100): a weight's precision beyond that
 * says nothing about the rater, and a new rating then leaves most raters' credibility unchanged, so an
 * incremental recompute can skip the subjects they reviewed.
 */
import { provenance, type ScoreProvenance } from "../result.js";
import type { SuspicionResult } from "./suspicion.js";

export const CREDIBILITY_VERSION = "1.0.0";

/** Credibility parameters; all have defaults. */
export interface CredibilityOptions {
  /** Suspicion score at or above which a rater is flagged low-credibility. Default 0.5. */
  readonly lowAt?: number;
  /** Share of positive ratings returned that flags a ring. Default 0.5. */
  readonly ringAt?: number;
  /** Fewest returned positive ratings that flag a ring. Default 3. */
  readonly ringMin?: number;
  /** Step credibility is rounded to. Default 0.01. */
  readonly resolution?: number;
}

export const CREDIBILITY_DEFAULTS: Required<CredibilityOptions> = {
  lowAt: 0.5,
  ringAt: 0.5,
  ringMin: 3,
  resolution: 0.01,
};

/** Per node: its credibility as a rater and the flags its reviews carry. */
export interface RaterCredibility {
  /** In [0, 1], a multiple of the resolution; 1 for a node that rated nobody. */
  readonly credibility: Float64Array;
  /** 1 when the node's suspicion reached `lowAt`. */
  readonly lowCredibility: Uint8Array;
  /** 1 when the node's positive ratings were returned often enough to suspect a ring. */
  readonly suspectedRing: Uint8Array;
  /** Mean fairness of the raters, the reference of credibility. */
  readonly meanFairness: number;
  readonly options: Required<CredibilityOptions>;
  readonly provenance: ScoreProvenance;
}

/**
 * The credibility of every rater of a suspicion result.
 *
 * @example
 * const c = raterCredibility(scoreSuspicion(graph))
 * c.credibility[u] // 0.43: u's fairness is 43% of the raters' mean
 */
export function raterCredibility(
  s: SuspicionResult,
  options: CredibilityOptions = {},
): RaterCredibility {
  const o = { ...CREDIBILITY_DEFAULTS, ...options };
  assertOptions(o);
  const n = s.score.length;
  const credibility = new Float64Array(n).fill(1);
  const lowCredibility = new Uint8Array(n);
  const suspectedRing = new Uint8Array(n);
  const mean = s.meanFairness;
  const b = s.behaviour;
  for (let u = 0; u < n; u++) {
    if ((b.given[u] as number) === 0) continue;
    const relative = mean > 0 ? (s.rev2.fairness[u] as number) / mean : 1;
    credibility[u] = quantize(Math.min(1, Math.max(0, relative)), o.resolution);
    if ((s.score[u] as number) >= o.lowAt) lowCredibility[u] = 1;
    const returned = b.reciprocated[u] as number;
    if (returned >= o.ringMin && (b.ring[u] as number) >= o.ringAt) suspectedRing[u] = 1;
  }
  return {
    credibility,
    lowCredibility,
    suspectedRing,
    meanFairness: mean,
    options: o,
    provenance: provenance(
      "rater-credibility",
      CREDIBILITY_VERSION,
      { ...o, suspicion: `${s.provenance.algorithm} ${s.provenance.version}` },
      s.provenance.logSize,
    ),
  };
}

/** Rounds to the nearest multiple of `step` (a NaN fairness, from an empty REV2 prior, counts 1). */
function quantize(x: number, step: number): number {
  if (Number.isNaN(x)) return 1;
  // toPrecision drops the binary noise of k·step (0.43, not 0.43000000000000005).
  return Math.min(1, Number((Math.round(x / step) * step).toPrecision(12)));
}

function assertOptions(o: Required<CredibilityOptions>): void {
  if (!(o.resolution > 0 && o.resolution <= 1)) {
    throw new RangeError(`resolution must be in (0, 1], got ${o.resolution}`);
  }
  if (!(o.lowAt > 0 && o.lowAt <= 1))
    throw new RangeError(`lowAt must be in (0, 1], got ${o.lowAt}`);
  if (!(o.ringAt > 0 && o.ringAt <= 1))
    throw new RangeError(`ringAt must be in (0, 1], got ${o.ringAt}`);
  if (!(Number.isInteger(o.ringMin) && o.ringMin >= 1)) {
    throw new RangeError(`ringMin must be a positive integer, got ${o.ringMin}`);
  }
}
