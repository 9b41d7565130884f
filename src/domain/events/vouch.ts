/** Events of vouches: a member's scoped, revocable, expiring statement about another member. */
import type { MemberId, SpaceId } from "../ids.js";
import { id, matching, nullable, object, type Shape, time } from "../shape.js";
import type { Envelope } from "./envelope.js";

/** Limit of a vouch's private note. */
export const VOUCH_NOTE_MAX = 1000;

/** A member vouched for another within a scope of the space's policy. */
export type VouchGiven = Envelope<
  "vouch.given",
  {
    readonly space: SpaceId;
    readonly vouch: string;
    readonly voucher: MemberId;
    readonly vouchee: MemberId;
    readonly scope: string;
    /** When the vouch lapses; null: never. */
    readonly expiresAt: number | null;
  },
  { readonly note: string }
>;

/** The voucher took a vouch back. */
export type VouchRevoked = Envelope<
  "vouch.revoked",
  { readonly space: SpaceId; readonly vouch: string }
>;

export const vouchGivenPublic: Shape<VouchGiven["public"]> = object({
  space: id,
  vouch: id,
  voucher: id,
  vouchee: id,
  scope: matching(/^[a-z][a-z0-9-]{0,31}$/, "a scope key"),
  expiresAt: nullable(time),
});

export const vouchRevokedPublic: Shape<VouchRevoked["public"]> = object({ space: id, vouch: id });
