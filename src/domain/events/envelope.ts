/**
 * The common shape of every domain event: `{ type, id, at, actor, public, private? }`.
 *
 * `public` is written to the space's transparency log in clear. `private` holds texts, evidence,
 * display data and other personal data: only a salted commitment to it reaches the log (see
 * entry.ts), the private part itself lives in the store and can be shredded (erasure, retention)
 * without breaking the log. Because shredding is always possible, `private` is optional in every
 * event type and projections must cope with its absence on replay.
 */
import type { ActorRef } from "../actor.js";
import type { MemberId, SpaceId, SubjectId } from "../ids.js";
import {
  array,
  id,
  int,
  matching,
  nullable,
  object,
  oneOf,
  refine,
  type Shape,
  text,
} from "../shape.js";

/** An event of type `T` with public part `Pub` and private part `Priv`. */
export interface Envelope<T extends string, Pub extends { readonly space: SpaceId }, Priv = never> {
  readonly type: T;
  /** Unique in the space; minted by the store's `newId`. */
  readonly id: string;
  /** Milliseconds since the epoch, from the command context's clock. */
  readonly at: number;
  readonly actor: ActorRef;
  readonly public: Pub;
  readonly private?: Priv;
}

/** What alerts and decisions can point at. */
export type TargetKind = "review" | "reply" | "subject" | "member" | "vouch";
export const TARGET_KINDS: readonly TargetKind[] = [
  "review",
  "reply",
  "subject",
  "member",
  "vouch",
];

/** The exact item an alert or a decision is about (Art. 16(2)(b) DSA: its exact location). */
export interface Target {
  readonly kind: TargetKind;
  readonly id: string;
}

/** An amount of money in minor units (cents) of an ISO 4217 currency. */
export interface Amount {
  readonly minor: number;
  readonly currency: string;
}

/** A participant of an interaction and the subject they may review (null: none). */
export interface Party {
  readonly member: MemberId;
  /** Free label of their part ("host", "guest", "buyer", "seller"). */
  readonly role: string;
  readonly reviews: SubjectId | null;
}

/** Shape of a target. */
export const targetShape: Shape<Target> = object({ kind: oneOf(TARGET_KINDS), id });

/** Largest amount accepted: 10^15 minor units. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000_000;

/** Shape of an amount. */
export const amountShape: Shape<Amount> = object({
  minor: int({ min: 0, max: MAX_AMOUNT_MINOR }),
  currency: matching(/^[A-Z]{3}$/, "an ISO 4217 currency code"),
});

/** Limit of short labels (roles, interaction kinds). */
export const LABEL_MAX = 64;

/** Shape of a party. */
export const partyShape: Shape<Party> = object({
  member: id,
  role: text({ max: LABEL_MAX }),
  reviews: nullable(id),
});

/** Shape of the parties of an interaction: one or two distinct members. */
export const partiesShape: Shape<readonly Party[]> = refine(
  array(partyShape, { min: 1, max: 2 }),
  (parties) => new Set(parties.map((p) => p.member)).size === parties.length,
  "parties must be distinct members",
);
