/**
 * Which of a member's reviews moderation has removed, from the decisions that concern them: a review
 * targeted by a decision that is not reversed and whose visibility restriction has not ended. The
 * author's own review status says sealed, revealed or withdrawn; this adds "removed", so nobody reads
 * "public" about a review the public cannot see.
 */

/** The parts of a decision this reads (GET decisions?affected=). */
export interface DecisionFacts {
  readonly decision: string;
  readonly reversedBy: string | null;
  readonly statement: {
    readonly target?: { readonly kind: string; readonly id: string };
    readonly endDateVisibilityRestriction?: unknown;
  };
}

/**
 * Review id → the decision that removes it, at `now`.
 *
 * @example removedReviews(decisions, Date.now()).get(review.review) // "01J…" or undefined
 */
export function removedReviews(
  decisions: readonly DecisionFacts[],
  now: number,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const d of decisions) {
    const target = d.statement.target;
    if (target?.kind !== "review" || d.reversedBy !== null) continue;
    const end = d.statement.endDateVisibilityRestriction;
    if (typeof end === "number" && end <= now) continue;
    out.set(target.id, d.decision);
  }
  return out;
}
