/**
 * The double-blind rule (Airbnb's review model): when both parties of an interaction may review
 * each other, a review stays sealed while the counterpart has not reviewed and the window is open.
 * It is revealed when both have reviewed or when the window ends. Sealed means sealed everywhere:
 * the log holds only a commitment to its rating (events/review.ts) and no read path shows it
 * (views.ts).
 *
 * The window's end (`sealedUntil`) is fixed when the review is submitted, from the interaction's
 * time and the policy of that moment, so a later policy change never reopens or shortens a window.
 */

import type { Party } from "./events/envelope.js";
import type { MemberId } from "./ids.js";
import { DAY_MS, type SpacePolicy } from "./policy.js";
import type { InteractionRecord, ReviewRecord } from "./records.js";

/** The review fields the sealing rules read. */
export type SealState = Pick<
  ReviewRecord,
  "sealedUntil" | "revealedAt" | "withdrawnAt" | "submittedAt"
>;

/**
 * The end of the double-blind window of `interaction` under `policy`.
 *
 * @example windowEnd(interaction, policy) // occurredAt + 14 days by default
 */
export function windowEnd(interaction: Pick<InteractionRecord, "occurredAt">, policy: SpacePolicy) {
  return interaction.occurredAt + policy.doubleBlindDays * DAY_MS;
}

/**
 * The party across from `author` in `interaction` who may review, or null when there is none (a
 * one-sided interaction, or a counterpart who reviews no one): only then is there anything to seal.
 *
 * @example counterpartOf(interaction, guest)?.member // the host
 */
export function counterpartOf(
  interaction: Pick<InteractionRecord, "parties">,
  author: MemberId,
): Party | null {
  return interaction.parties.find((p) => p.member !== author && p.reviews !== null) ?? null;
}

/**
 * True while `review` is sealed: not yet revealed, a window that has not ended, and no review by
 * the counterpart (a withdrawn one counts: the counterpart has used their one review, so there is
 * nothing left to protect).
 *
 * @example isSealed(review, await reader.findReview(space, interaction, counterpart), now)
 */
export function isSealed(
  review: SealState,
  counterpartReview: SealState | null,
  now: number,
): boolean {
  return (
    review.revealedAt === null &&
    review.sealedUntil !== null &&
    now < review.sealedUntil &&
    counterpartReview === null
  );
}

/**
 * The reviews among `reviews` whose window has ended and that the sealer must now reveal (neither
 * revealed nor withdrawn), earliest window first.
 *
 * @example for (const r of revealDue(await reader.listRevealDue(space, now, 100), now)) …
 */
export function revealDue<R extends SealState>(reviews: readonly R[], now: number): readonly R[] {
  return reviews
    .filter(
      (r) =>
        r.revealedAt === null &&
        r.withdrawnAt === null &&
        r.sealedUntil !== null &&
        r.sealedUntil <= now,
    )
    .sort((a, b) => (a.sealedUntil ?? 0) - (b.sealedUntil ?? 0));
}

/**
 * True when a read path may show the review's rating and text at `now`: it was revealed in the log,
 * or its window has ended (the sealer may lag; the rule, not the sealer, decides). Withdrawn
 * reviews are never shown.
 *
 * @example if (!isVisible(review, now)) return null
 */
export function isVisible(review: SealState, now: number): boolean {
  if (review.withdrawnAt !== null) return false;
  if (review.revealedAt !== null) return true;
  return review.sealedUntil !== null && now >= review.sealedUntil;
}
