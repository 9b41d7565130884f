/**
 * The domain events: a tagged union on `type`. Every change to a space is one of these, appended to
 * the space's transparency log (public part in clear, private part as a commitment; entry.ts) and
 * applied to the projections (evolve.ts) in one transaction.
 */
import type { AlertRaised, AlertResolved } from "./events/alert.js";
import { alertRaisedPublic, alertResolvedPublic } from "./events/alert.js";
import type { InteractionDisputed, InteractionRecorded } from "./events/interaction.js";
import { interactionDisputedPublic, interactionRecordedPublic } from "./events/interaction.js";
import type { MemberErased, MemberJoined, SubjectRegistered } from "./events/member.js";
import {
  memberErasedPublic,
  memberJoinedPublic,
  subjectRegisteredPublic,
} from "./events/member.js";
import type { AppealDecided, AppealFiled, DecisionMade } from "./events/moderation.js";
import { appealDecidedPublic, appealFiledPublic, decisionMadePublic } from "./events/moderation.js";
import type { PriorImported, PriorWithdrawn } from "./events/prior.js";
import { priorImportedPublic, priorWithdrawnPublic } from "./events/prior.js";
import type {
  ReviewAmended,
  ReviewReplied,
  ReviewRevealed,
  ReviewSubmitted,
  ReviewWithdrawn,
} from "./events/review.js";
import {
  reviewAmendedPublic,
  reviewRepliedPublic,
  reviewRevealedPublic,
  reviewSubmittedPublic,
  reviewWithdrawnPublic,
} from "./events/review.js";
import type { SpaceCreated, SpacePolicyChanged } from "./events/space.js";
import { spaceCreatedPublic, spacePolicyChangedPublic } from "./events/space.js";
import type { VouchGiven, VouchRevoked } from "./events/vouch.js";
import { vouchGivenPublic, vouchRevokedPublic } from "./events/vouch.js";
import type { Shape } from "./shape.js";

export type * from "./events/alert.js";
export type * from "./events/envelope.js";
export type * from "./events/interaction.js";
export type * from "./events/member.js";
export type * from "./events/moderation.js";
export type * from "./events/prior.js";
export type * from "./events/review.js";
export type * from "./events/space.js";
export type * from "./events/vouch.js";

/** Every domain event. */
export type DomainEvent =
  | SpaceCreated
  | SpacePolicyChanged
  | MemberJoined
  | MemberErased
  | SubjectRegistered
  | InteractionRecorded
  | InteractionDisputed
  | ReviewSubmitted
  | ReviewAmended
  | ReviewRevealed
  | ReviewReplied
  | ReviewWithdrawn
  | VouchGiven
  | VouchRevoked
  | AlertRaised
  | AlertResolved
  | DecisionMade
  | AppealFiled
  | AppealDecided
  | PriorImported
  | PriorWithdrawn;

/** The `type` of a domain event. */
export type EventType = DomainEvent["type"];

/** The event of a given type. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { readonly type: T }>;

/**
 * For each event type: the shape of its public part (used to decode untrusted entries) and whether
 * it can carry a private part (an entry of a type that cannot must not carry a commitment).
 */
export const EVENT_SCHEMA: {
  readonly [T in EventType]: {
    readonly public: Shape<EventOf<T>["public"]>;
    readonly hasPrivate: boolean;
  };
} = {
  "space.created": { public: spaceCreatedPublic, hasPrivate: false },
  "space.policy-changed": { public: spacePolicyChangedPublic, hasPrivate: false },
  "member.joined": { public: memberJoinedPublic, hasPrivate: true },
  "member.erased": { public: memberErasedPublic, hasPrivate: false },
  "subject.registered": { public: subjectRegisteredPublic, hasPrivate: true },
  "interaction.recorded": { public: interactionRecordedPublic, hasPrivate: true },
  "interaction.disputed": { public: interactionDisputedPublic, hasPrivate: true },
  "review.submitted": { public: reviewSubmittedPublic, hasPrivate: true },
  "review.amended": { public: reviewAmendedPublic, hasPrivate: true },
  "review.revealed": { public: reviewRevealedPublic, hasPrivate: false },
  "review.replied": { public: reviewRepliedPublic, hasPrivate: true },
  "review.withdrawn": { public: reviewWithdrawnPublic, hasPrivate: false },
  "vouch.given": { public: vouchGivenPublic, hasPrivate: true },
  "vouch.revoked": { public: vouchRevokedPublic, hasPrivate: false },
  "alert.raised": { public: alertRaisedPublic, hasPrivate: true },
  "alert.resolved": { public: alertResolvedPublic, hasPrivate: true },
  "decision.made": { public: decisionMadePublic, hasPrivate: true },
  "appeal.filed": { public: appealFiledPublic, hasPrivate: true },
  "appeal.decided": { public: appealDecidedPublic, hasPrivate: true },
  "prior.imported": { public: priorImportedPublic, hasPrivate: true },
  "prior.withdrawn": { public: priorWithdrawnPublic, hasPrivate: false },
};

/** All event types, in a stable order. */
export const EVENT_TYPES = Object.keys(EVENT_SCHEMA) as readonly EventType[];

/** True when `type` names a domain event. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && Object.hasOwn(EVENT_SCHEMA, type);
}
