/**
 * Blackmail: "refund me or I leave a one-star review". The victim reports the threat in an alert; the
 * threat is carried out (a negative review of the reporter by the accused) or was the lever (the
 * negative review came first, with an offer to withdraw it). Either way the tell is a threat alert
 * against a member and that member's negative review of the reporter close to it in time. A threat
 * alert with no review is still reported, with a lower score: the review may yet come.
 */
import type { Reason } from "../fraud/reason.js";
import { describeDuration } from "../fraud/reason.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { type AlertFacts, assertFacts, NO_MEMBER, type ReviewFacts } from "./facts.js";
import { negativeReviewIndex, pairKey } from "./negative-reviews.js";

export const BLACKMAIL_VERSION = "1.0.0";

export type BlackmailReasonCode = "threat-reported" | "review-near-threat" | "repeated-threats";

export interface BlackmailOptions {
  /** A review within this many seconds before or after the alert counts. Default 14 days. */
  readonly window?: number;
  /** A rating at or below this (normalised) is negative. Default −0.2. */
  readonly negativeAt?: number;
  readonly logSize?: number;
}

export interface BlackmailFinding {
  readonly accused: number;
  readonly reporter: number;
  /** Index of the threat alert. */
  readonly alert: number;
  /** Index of the accused's negative review of the reporter nearest the alert, if any. */
  readonly review: number | null;
  /** In [0, 1]: 0.4 for the reported threat, 0.4 for the review, up to 0.2 for repeated threats. */
  readonly score: number;
  readonly reasons: readonly Reason<BlackmailReasonCode>[];
}

export interface BlackmailResult {
  /** Ordered by score, highest first. */
  readonly findings: readonly BlackmailFinding[];
  readonly provenance: ScoreProvenance;
}

/**
 * @example
 * const { findings } = detectBlackmail(reviews, alerts)
 * findings.filter((f) => f.review !== null) // threats that were carried out
 */
export function detectBlackmail(
  reviews: ReviewFacts,
  alerts: AlertFacts,
  options: BlackmailOptions = {},
): BlackmailResult {
  const window = options.window ?? 14 * 86_400;
  const negativeAt = options.negativeAt ?? -0.2;
  assertFacts(
    "review",
    reviews.count,
    [reviews.authors, reviews.subjects, reviews.ratings],
    reviews.times,
  );
  assertFacts(
    "alert",
    alerts.count,
    [alerts.reporters, alerts.targets, alerts.threats],
    alerts.times,
  );
  const reportersOf = threatReporters(alerts);
  const negatives = negativeReviewIndex(reviews, negativeAt);
  const findings: BlackmailFinding[] = [];
  for (let a = 0; a < alerts.count; a++) {
    const reporter = alerts.reporters[a] as number;
    if (alerts.threats[a] !== 1 || reporter === NO_MEMBER) continue;
    const accused = alerts.targets[a] as number;
    const at = alerts.times[a] as number;
    const candidates = negatives.get(pairKey(accused, reporter)) ?? [];
    const review = nearestInWindow(reviews.times, candidates, at, window);
    const others = (reportersOf.get(accused)?.size ?? 1) - 1;
    const reasons: Reason<BlackmailReasonCode>[] = [
      {
        code: "threat-reported",
        text: `member ${reporter} reported a threat by member ${accused}`,
        contribution: 0.4,
      },
    ];
    if (review !== null) {
      const gap = (reviews.times[review] as number) - at;
      reasons.push({
        code: "review-near-threat",
        text: `member ${accused} gave member ${reporter} a negative review (${(reviews.ratings[review] as number).toFixed(2)}) ${gap >= 0 ? "after" : "before"} the report, within ${describeDuration(window)}`,
        contribution: 0.4,
      });
    }
    if (others > 0) {
      reasons.push({
        code: "repeated-threats",
        text: `${others} other member${others === 1 ? "" : "s"} also reported threats by member ${accused}`,
        contribution: 0.1 * Math.min(others, 2),
      });
    }
    const score = reasons.reduce((s, r) => s + r.contribution, 0);
    findings.push({ accused, reporter, alert: a, review, score, reasons });
  }
  findings.sort((x, y) => y.score - x.score || x.alert - y.alert);
  return {
    findings,
    provenance: provenance(
      "blackmail",
      BLACKMAIL_VERSION,
      { window, negativeAt },
      options.logSize ?? reviews.count + alerts.count,
    ),
  };
}

/** Distinct members who reported threats, per accused member. */
function threatReporters(alerts: AlertFacts): Map<number, Set<number>> {
  const byAccused = new Map<number, Set<number>>();
  for (let a = 0; a < alerts.count; a++) {
    const reporter = alerts.reporters[a] as number;
    if (alerts.threats[a] !== 1 || reporter === NO_MEMBER) continue;
    const accused = alerts.targets[a] as number;
    const set = byAccused.get(accused) ?? new Set<number>();
    set.add(reporter);
    byAccused.set(accused, set);
  }
  return byAccused;
}

/** The review among `candidates` closest in time to `at`, if within `window`. */
function nearestInWindow(
  times: Float64Array,
  candidates: readonly number[],
  at: number,
  window: number,
): number | null {
  let best: number | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const i of candidates) {
    const gap = Math.abs((times[i] as number) - at);
    if (gap <= window && gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  }
  return best;
}
