/**
 * Undoing a private part. When the store deletes an event's private part because its retention ran
 * out (retention.ts `shredDeadline`), the record fields that part fed must go too, or the records
 * would keep what the store no longer may. `shredChanges(event)` gives exactly those changes,
 * computed from the event as it was before shredding, so that the projections equal a replay of
 * the log with that private part missing. (Erasure does the same for all of a member's private
 * parts at once, in evolve.ts.)
 *
 * A review's text and rating come from its latest submission or amendment; the changes for an older
 * one match on its rating commitment (unique per content, it is salted) and so touch nothing once a
 * later amendment has replaced it.
 */
import { patch, patchWhere, type RecordChange } from "./changes.js";
import { reporterIsPrivate } from "./events/alert.js";
import { appellantIsPrivate } from "./events/moderation.js";
import type { DomainEvent } from "./events.js";
import type { ReviewRecord } from "./records.js";

/**
 * True while `event`'s private part holds the only copy of a sealed rating: a submission or an
 * amendment whose commitment is still the review's, the review neither revealed nor withdrawn. A
 * retention sweep must skip such a part until then, or the review could never be revealed (the
 * policy keeps review retention longer than the window, but a window fixed under an older, longer
 * policy can outlast it).
 *
 * @example if (holdsSealedRating(event, await reader.get("review", space, event.public.review))) skip()
 */
export function holdsSealedRating(
  event: DomainEvent,
  review: Pick<ReviewRecord, "ratingCommitment" | "revealedAt" | "withdrawnAt"> | null,
): boolean {
  if (event.type !== "review.submitted" && event.type !== "review.amended") return false;
  return (
    review !== null &&
    review.ratingCommitment === event.public.ratingCommitment &&
    review.revealedAt === null &&
    review.withdrawnAt === null
  );
}

/**
 * The changes that remove from the records what `event`'s private part put there.
 *
 * @example store.deletePrivate(event.id); store.apply(shredChanges(event))
 */
export function shredChanges(event: DomainEvent): readonly RecordChange[] {
  if (event.private === undefined) return [];
  switch (event.type) {
    case "member.joined":
      return [patch("member", event.public.space, event.public.member, { displayName: null })];
    case "subject.registered": {
      const p = event.public;
      return [
        patch("subject", p.space, p.subject, {
          ...(event.private.name === undefined ? {} : { name: null }),
          ...(event.private.description === undefined ? {} : { description: null }),
        }),
      ];
    }
    case "interaction.recorded": {
      const p = event.public;
      return [
        patch("interaction", p.space, p.interaction, {
          ...(event.private.kind === undefined ? {} : { kind: null }),
          ...(event.private.amount === undefined ? {} : { amount: null }),
          reference: null,
        }),
      ];
    }
    case "interaction.disputed":
      return [patch("dispute", event.public.space, event.public.dispute, { explanation: null })];
    case "review.submitted":
    case "review.amended": {
      const { space, review, ratingCommitment } = event.public;
      return [
        patchWhere("review", space, { id: review, ratingCommitment }, { text: null, title: null }),
        patchWhere(
          "review",
          space,
          { id: review, ratingCommitment, revealedAt: null },
          { overall: null, criteria: null, ratingSalt: null },
        ),
      ];
    }
    case "review.replied":
      return [patch("reply", event.public.space, event.public.reply, { text: null })];
    case "vouch.given":
      return [patch("vouch", event.public.space, event.public.vouch, { note: null })];
    case "alert.raised":
      return [
        patch("alert", event.public.space, event.public.alert, {
          explanation: null,
          notifierName: null,
          notifierEmail: null,
          ...(reporterIsPrivate(event) ? { reporter: null } : {}),
        }),
      ];
    case "alert.resolved":
      return [patch("alert", event.public.space, event.public.alert, { resolutionMessage: null })];
    case "decision.made":
      return [patch("decision", event.public.space, event.public.decision, { texts: null })];
    case "appeal.filed":
      return [
        patch("appeal", event.public.space, event.public.appeal, {
          explanation: null,
          ...(appellantIsPrivate(event) ? { appellant: null } : {}),
        }),
      ];
    case "appeal.decided":
      return [patch("appeal", event.public.space, event.public.appeal, { reasons: null })];
    case "prior.imported":
      // The record keeps the public facts only (evolve.ts): the private part fed nothing.
      return [];
    default:
      return noPrivatePart(event);
  }
}

// The remaining event types cannot carry a private part (their `private` is `never`).
function noPrivatePart(_event: never): readonly RecordChange[] {
  return [];
}
