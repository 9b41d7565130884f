/**
 * Retaliation: a member answers a negative review with a negative review of its author, soon after.
 * A review given in revenge says nothing about the reviewed member, and the fear of it is what keeps
 * honest buyers from writing negative reviews on reciprocal platforms (Resnick & Zeckhauser 2002;
 * eBay dropped seller-to-buyer negatives in 2008 for this reason).
 *
 * The pattern: A rates B negatively at t₁; B rates A negatively at t₂ with t₁ < t₂ ≤ t₁ + window; and
 * B had not rated A negatively before t₁ (otherwise A's review was the answer, and B is not the one
 * who retaliated). Only B's first such answer counts.
 */

import type { Reason } from "../fraud/reason.js";
import { describeDuration } from "../fraud/reason.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { assertFacts, type ReviewFacts } from "./facts.js";
import { negativeReviewIndex, pairKey, unpair } from "./negative-reviews.js";

export const RETALIATION_VERSION = "1.0.0";

export type RetaliationReasonCode = "negative-after-negative" | "quick-response";

export interface RetaliationOptions {
  /** How soon after the received review an answer counts, seconds. Default 7 days. */
  readonly window?: number;
  /** A rating at or below this (normalised) is negative. Default −0.2. */
  readonly negativeAt?: number;
  readonly logSize?: number;
}

export interface RetaliationFinding {
  readonly retaliator: number;
  readonly victim: number;
  /** Index of the victim's negative review of the retaliator. */
  readonly received: number;
  /** Index of the retaliator's negative review of the victim. */
  readonly given: number;
  readonly delaySeconds: number;
  /** In [0.5, 1]: the pattern itself (0.5) plus up to 0.5 for a quick answer. */
  readonly score: number;
  readonly reasons: readonly Reason<RetaliationReasonCode>[];
}

export interface RetaliationResult {
  /** Ordered by score, highest first. */
  readonly findings: readonly RetaliationFinding[];
  readonly provenance: ScoreProvenance;
}

/**
 * @example
 * const { findings } = detectRetaliation(reviews, { window: 7 * 86_400 })
 * findings[0]?.reasons[0]?.text // "gave member 4 a negative review (-1.00) 2 hours after …"
 */
export function detectRetaliation(
  reviews: ReviewFacts,
  options: RetaliationOptions = {},
): RetaliationResult {
  const window = options.window ?? 7 * 86_400;
  const negativeAt = options.negativeAt ?? -0.2;
  assertFacts(
    "review",
    reviews.count,
    [reviews.authors, reviews.subjects, reviews.ratings],
    reviews.times,
  );
  const negatives = negativeReviewIndex(reviews, negativeAt);
  const findings: RetaliationFinding[] = [];
  for (const [pair, list] of negatives) {
    const [a, b] = unpair(pair);
    const answers = negatives.get(pairKey(b, a));
    if (answers === undefined) continue;
    const first = list[0] as number;
    const t1 = reviews.times[first] as number;
    if ((reviews.times[answers[0] as number] as number) <= t1) continue; // b struck first
    const answer = answers.find((i) => {
      const t = reviews.times[i] as number;
      return t > t1 && t <= t1 + window;
    });
    if (answer === undefined) continue;
    findings.push(finding(reviews, first, answer, window));
  }
  findings.sort((x, y) => y.score - x.score || x.given - y.given);
  return {
    findings,
    provenance: provenance(
      "retaliation",
      RETALIATION_VERSION,
      { window, negativeAt },
      options.logSize ?? reviews.count,
    ),
  };
}

function finding(
  reviews: ReviewFacts,
  received: number,
  given: number,
  window: number,
): RetaliationFinding {
  const retaliator = reviews.authors[given] as number;
  const victim = reviews.authors[received] as number;
  const delaySeconds = (reviews.times[given] as number) - (reviews.times[received] as number);
  const speed = 0.5 * (1 - delaySeconds / window);
  const reasons: Reason<RetaliationReasonCode>[] = [
    {
      code: "negative-after-negative",
      text: `gave member ${victim} a negative review (${fmt(reviews.ratings[given])}) after receiving one from them (${fmt(reviews.ratings[received])})`,
      contribution: 0.5,
    },
  ];
  if (speed > 0) {
    reasons.push({
      code: "quick-response",
      text: `answered within ${describeApprox(delaySeconds)} (window ${describeDuration(window)})`,
      contribution: speed,
    });
  }
  return {
    retaliator,
    victim,
    received,
    given,
    delaySeconds,
    score: 0.5 + speed,
    reasons,
  };
}

function fmt(x: number | undefined): string {
  return (x ?? 0).toFixed(2);
}

/** "3 hours", "2 days": the delay rounded to the largest unit that fits. */
function describeApprox(seconds: number): string {
  const units: readonly [number, string][] = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const count = Math.round(seconds / size);
      return `${count} ${name}${count === 1 ? "" : "s"}`;
    }
  }
  return `${Math.round(seconds)} seconds`;
}
