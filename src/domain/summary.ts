/**
 * Counts and averages of a subject's reviews, derived from records (never stored, so they cannot
 * drift from the records and a rebuild recomputes them). Only what the public may see is counted
 * as published: the same rule as the read paths (views.ts), so a sealed rating never leaks into an
 * average.
 */
import { PROVENANCES, type Provenance } from "./events/review.js";
import type { ReviewRecord } from "./records.js";
import { publicReviewView } from "./views.js";

/** The public summary of a subject's reviews. */
export interface ReviewSummary {
  /** Published reviews (visible, not removed). */
  readonly published: number;
  /** Reviews removed by a decision in force (shown as removed, not hidden: FTC 16 CFR 465.7). */
  readonly removed: number;
  /** Reviews withdrawn by their authors or by erasure. */
  readonly withdrawn: number;
  /** Sum and mean of the overall ratings of published reviews (mean null when none). */
  readonly overallSum: number;
  readonly overallMean: number | null;
  /** Published reviews per overall rating value. */
  readonly histogram: Readonly<Record<string, number>>;
  /** Per criterion: how many published reviews rated it, their sum and mean. */
  readonly criteria: Readonly<
    Record<string, { readonly count: number; readonly sum: number; readonly mean: number }>
  >;
  readonly byProvenance: Readonly<Record<Provenance, number>>;
}

/**
 * Summarises `reviews` (the records of one subject) as the public sees them at `now`.
 *
 * @example subjectSummary(reviewsOfListing, Date.now()).overallMean // 4.5
 */
export function subjectSummary(reviews: readonly ReviewRecord[], now: number): ReviewSummary {
  let published = 0;
  let removed = 0;
  let overallSum = 0;
  const histogram: Record<string, number> = {};
  const criteria: Record<string, { count: number; sum: number; mean: number }> = {};
  const byProvenance = Object.fromEntries(PROVENANCES.map((p) => [p, 0])) as Record<
    Provenance,
    number
  >;
  for (const record of reviews) {
    const view = publicReviewView(record, now);
    if (view === null) continue;
    if (view.state === "removed") {
      removed++;
      continue;
    }
    published++;
    overallSum += view.overall;
    histogram[view.overall] = (histogram[view.overall] ?? 0) + 1;
    byProvenance[view.provenance]++;
    for (const [key, value] of Object.entries(view.criteria)) {
      const c = criteria[key] ?? { count: 0, sum: 0, mean: 0 };
      c.count++;
      c.sum += value;
      c.mean = c.sum / c.count;
      criteria[key] = c;
    }
  }
  return {
    published,
    removed,
    withdrawn: reviews.filter((r) => r.withdrawnAt !== null).length,
    overallSum,
    overallMean: published === 0 ? null : overallSum / published,
    histogram,
    criteria,
    byProvenance,
  };
}
