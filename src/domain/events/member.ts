/**
 * Events of members and subjects. A member's display data is private (it is personal data and is
 * shredded on erasure); the member id is a pseudonym and public. A subject is anything that can be
 * evaluated; its owner (if a member) is "the reviewed party" who may reply to reviews of it.
 */
import type { MemberId, SpaceId, SubjectId } from "../ids.js";
import { id, nullable, object, oneOf, type Shape, text } from "../shape.js";
import type { Envelope } from "./envelope.js";

/** Limit of a display name or subject name. */
export const NAME_MAX = 100;
/** Limit of a subject description. */
export const DESCRIPTION_MAX = 2000;

/** A member joined the space. */
export type MemberJoined = Envelope<
  "member.joined",
  { readonly space: SpaceId; readonly member: MemberId },
  { readonly displayName: string }
>;

/**
 * A member was erased (GDPR Art. 17): their private parts are shredded, public commitments stay.
 * Their still-sealed reviews are withdrawn by review.withdrawn events in the same batch.
 */
export type MemberErased = Envelope<
  "member.erased",
  { readonly space: SpaceId; readonly member: MemberId }
>;

/** What a subject is. */
export type SubjectKind = "member" | "listing" | "business" | "product" | "other";
export const SUBJECT_KINDS: readonly SubjectKind[] = [
  "member",
  "listing",
  "business",
  "product",
  "other",
];

/**
 * A subject was registered. `name` is public when the policy publishes subject names (never for
 * subjects of kind "member", whose name is display data), otherwise private.
 */
export type SubjectRegistered = Envelope<
  "subject.registered",
  {
    readonly space: SpaceId;
    readonly subject: SubjectId;
    readonly kind: SubjectKind;
    readonly owner: MemberId | null;
    readonly name?: string;
  },
  { readonly name?: string; readonly description?: string }
>;

export const memberJoinedPublic: Shape<MemberJoined["public"]> = object({ space: id, member: id });

export const memberErasedPublic: Shape<MemberErased["public"]> = object({ space: id, member: id });

export const subjectRegisteredPublic: Shape<SubjectRegistered["public"]> = object(
  { space: id, subject: id, kind: oneOf(SUBJECT_KINDS), owner: nullable(id) },
  { name: text({ max: NAME_MAX }) },
);
