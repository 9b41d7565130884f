/**
 * Events of reviews.
 *
 * Sealing and the public log. A review is sealed while the counterpart has not reviewed and the
 * double-blind window is open, and the log is public, so a sealed review's rating must not appear in
 * clear in the log. Design: review.submitted (and review.amended) carry in their public part only a
 * *rating commitment* c = base64url(SHA-256(s ‖ JCS({ criteria, overall }))) with a fresh 32-byte
 * salt s; the rating values and s sit in the private part. review.revealed later publishes the
 * values and s, so anyone can check them against c (see rating-commitment.ts).
 *
 * Why a separate commitment rather than the entry commitment over the whole private part: opening
 * the entry commitment would mean publishing the whole private part, text included, and the text
 * must stay erasable. Why not publish the rating at once and hide it only on the read path: the log
 * is public, so the counterpart could read it there. Every review, sealed or not, goes through the
 * same commit-then-reveal pair, so a verifier has one rule: ratings are public exactly when
 * review.revealed says so, and always match what was committed before.
 */
import type { MemberId, SpaceId, SubjectId } from "../ids.js";
import {
  dictionary,
  id,
  int,
  matching,
  nullable,
  object,
  oneOf,
  type Shape,
  time,
} from "../shape.js";
import type { Envelope } from "./envelope.js";

/** How the review came about: the label readers see (EU Omnibus: say how reviews are checked). */
export type Provenance = "verified" | "invited" | "organic";
export const PROVENANCES: readonly Provenance[] = ["verified", "invited", "organic"];

/**
 * A material connection between the author and the subject, disclosed on the review (US FTC rule
 * on consumer reviews, 16 CFR 465: insider and incentivised reviews must say so).
 */
export type Connection = "none" | "incentivized" | "employee" | "family" | "business-partner";
export const CONNECTIONS: readonly Connection[] = [
  "none",
  "incentivized",
  "employee",
  "family",
  "business-partner",
];

/** Why a review became public. */
export type RevealReason = "not-sealed" | "counterpart-reviewed" | "window-ended";
export const REVEAL_REASONS: readonly RevealReason[] = [
  "not-sealed",
  "counterpart-reviewed",
  "window-ended",
];

/** Who withdrew a review: its author, or the erasure of its author while it was sealed. */
export type WithdrawReason = "author" | "erasure";

/** Overall rating plus criteria ratings, on the space's scale. */
export interface Ratings {
  readonly overall: number;
  readonly criteria: Readonly<Record<string, number>>;
}

/** The private part of a submission or an amendment. */
export interface ReviewContent extends Ratings {
  /** base64url of the 32-byte salt of the rating commitment. */
  readonly ratingSalt: string;
  readonly text: string;
  readonly title?: string;
}

/** Limits of review texts (private, so they do not weigh on entries; kept sane all the same). */
export const REVIEW_TEXT_MAX = 5000;
export const REVIEW_TITLE_MAX = 120;
export const REPLY_TEXT_MAX = 2000;

/** A member submitted a review; its rating is committed, not shown. */
export type ReviewSubmitted = Envelope<
  "review.submitted",
  {
    readonly space: SpaceId;
    readonly review: string;
    readonly subject: SubjectId;
    readonly author: MemberId;
    readonly interaction: string | null;
    readonly provenance: Provenance;
    readonly connection: Connection;
    readonly ratingCommitment: string;
    /** End of the double-blind window; null when the review is never sealed. */
    readonly sealedUntil: number | null;
  },
  ReviewContent
>;

/** The author changed a review before it was revealed (a new rating commitment). */
export type ReviewAmended = Envelope<
  "review.amended",
  { readonly space: SpaceId; readonly review: string; readonly ratingCommitment: string },
  ReviewContent
>;

/** A review became public: its rating values and the salt that opens its latest commitment. */
export type ReviewRevealed = Envelope<
  "review.revealed",
  {
    readonly space: SpaceId;
    readonly review: string;
    readonly overall: number;
    readonly criteria: Readonly<Record<string, number>>;
    readonly ratingSalt: string;
    readonly reason: RevealReason;
  }
>;

/** The reviewed party replied (once) to a review of them. */
export type ReviewReplied = Envelope<
  "review.replied",
  {
    readonly space: SpaceId;
    readonly review: string;
    readonly reply: string;
    readonly author: MemberId;
  },
  { readonly text: string }
>;

/** A review was withdrawn: it stays in the log, it is no longer shown or counted as published. */
export type ReviewWithdrawn = Envelope<
  "review.withdrawn",
  { readonly space: SpaceId; readonly review: string; readonly reason: WithdrawReason }
>;

/** A 32-byte value in unpadded base64url (43 characters). */
export const digest64 = matching(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, "32 bytes in base64url");

const ratingValue = int({ min: 0, max: 100 });
const criteriaShape = dictionary(
  matching(/^[a-z][a-z0-9-]{0,31}$/, "a criterion key"),
  ratingValue,
  12,
);

export const reviewSubmittedPublic: Shape<ReviewSubmitted["public"]> = object({
  space: id,
  review: id,
  subject: id,
  author: id,
  interaction: nullable(id),
  provenance: oneOf(PROVENANCES),
  connection: oneOf(CONNECTIONS),
  ratingCommitment: digest64,
  sealedUntil: nullable(time),
});

export const reviewAmendedPublic: Shape<ReviewAmended["public"]> = object({
  space: id,
  review: id,
  ratingCommitment: digest64,
});

export const reviewRevealedPublic: Shape<ReviewRevealed["public"]> = object({
  space: id,
  review: id,
  overall: ratingValue,
  criteria: criteriaShape,
  ratingSalt: digest64,
  reason: oneOf(REVEAL_REASONS),
});

export const reviewRepliedPublic: Shape<ReviewReplied["public"]> = object({
  space: id,
  review: id,
  reply: id,
  author: id,
});

export const reviewWithdrawnPublic: Shape<ReviewWithdrawn["public"]> = object({
  space: id,
  review: id,
  reason: oneOf(["author", "erasure"] as const),
});
