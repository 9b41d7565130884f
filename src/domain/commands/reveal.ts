/**
 * Building review.revealed events, shared by the review commands, the sealer and erasure: a reveal
 * publishes the rating values and the salt that open the review's latest rating commitment.
 */
import type { RevealReason, ReviewRevealed } from "../events/review.js";
import type { ReviewRecord } from "../records.js";
import { type CommandContext, makeEvent } from "./context.js";

/**
 * The review.revealed event of `review`. Throws when the record has lost its rating opening: a
 * review is never shredded before it is revealed or withdrawn (policy.ts retention rule, erasure
 * withdraws sealed reviews), so this is a broken invariant, not an expected failure.
 *
 * @example revealEvent(ctx, review, "window-ended")
 */
export function revealEvent(
  ctx: CommandContext,
  review: Pick<ReviewRecord, "space" | "id" | "overall" | "criteria" | "ratingSalt">,
  reason: RevealReason,
): ReviewRevealed {
  const { overall, criteria, ratingSalt } = review;
  if (overall === null || criteria === null || ratingSalt === null) {
    throw new Error(`review ${review.id} has no rating opening left to reveal`);
  }
  return makeEvent(ctx, "review.revealed", {
    space: review.space,
    review: review.id,
    overall,
    criteria,
    ratingSalt,
    reason,
  });
}
