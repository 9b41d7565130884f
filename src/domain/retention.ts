/**
 * Who owns an event's private part and how long it is kept. The store files each private part
 * under its owner so that erasure (a `shred-private` change) finds them, and sweeps private parts
 * whose retention has run out (GDPR Art. 5(1)(e), storage limitation).
 */
import { memberOfRef } from "./actor.js";
import { alertReporter } from "./events/alert.js";
import { appealAppellant } from "./events/moderation.js";
import type { DomainEvent, EventType } from "./events.js";
import type { MemberId } from "./ids.js";
import { DAY_MS, type Retention, type SpacePolicy } from "./policy.js";

/**
 * The member whose personal data an event's private part is: the member who acted (they wrote the
 * text), the member who joined (display data), or the member a concealed actor stands for (a notice's
 * reporter, a notifier's appeal: named in the private part only). Null for private parts the operator
 * wrote (interaction evidence, statements of reasons, alert resolutions), which follow retention only.
 *
 * @example privateOwner(reviewSubmitted) // the author
 */
export function privateOwner(event: DomainEvent): MemberId | null {
  if (event.type === "member.joined") return event.public.member;
  if (event.type === "alert.raised") return alertReporter(event) ?? memberOfRef(event.actor);
  if (event.type === "appeal.filed") return appealAppellant(event);
  return memberOfRef(event.actor);
}

const CATEGORY: { readonly [T in EventType]: keyof Retention } = {
  "space.created": "members",
  "space.policy-changed": "members",
  "member.joined": "members",
  "member.erased": "members",
  "subject.registered": "members",
  "interaction.recorded": "interactions",
  "interaction.disputed": "interactions",
  "review.submitted": "reviews",
  "review.amended": "reviews",
  "review.revealed": "reviews",
  "review.replied": "reviews",
  "review.withdrawn": "reviews",
  "vouch.given": "vouches",
  "vouch.revoked": "vouches",
  "alert.raised": "alerts",
  "alert.resolved": "alerts",
  "decision.made": "moderation",
  "appeal.filed": "moderation",
  "appeal.decided": "moderation",
  "prior.imported": "members",
  "prior.withdrawn": "members",
};

/**
 * When the private part of an event of `type` logged at `at` must be shredded under `policy`, or
 * null when it is kept until erasure.
 *
 * @example shredDeadline("alert.raised", event.at, policy) // at + 365 days by default
 */
export function shredDeadline(type: EventType, at: number, policy: SpacePolicy): number | null {
  const days = policy.retention[CATEGORY[type]];
  return days === null ? null : at + days * DAY_MS;
}
