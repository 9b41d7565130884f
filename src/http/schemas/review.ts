/**
 * Schemas of reviews as read paths show them: the public views of src/domain/views.ts (a sealed review
 * has no view at all) and, for its author only, the review's own record with its reveal status.
 */
import { Type } from "typebox";
import { Millis } from "./space.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

/** PublishedReviewView | RemovedReviewView. */
export const PublicReviewJson = Type.Union([
  Type.Object({
    state: Type.Literal("published"),
    id: Type.String(),
    subject: Type.String(),
    author: Type.String(),
    interaction: Nullable(Type.String()),
    provenance: Type.String(),
    connection: Type.String(),
    overall: Type.Number(),
    criteria: Type.Record(Type.String(), Type.Number()),
    title: Nullable(Type.String()),
    text: Nullable(Type.String()),
    submittedAt: Millis,
    revealedAt: Type.Integer({
      minimum: 0,
      description: "when it became public: its reveal, or the end of its double-blind window",
    }),
    amended: Type.Boolean(),
    reply: Nullable(Type.String()),
  }),
  Type.Object({
    state: Type.Literal("removed"),
    id: Type.String(),
    subject: Type.String(),
    decision: Type.String(),
  }),
]);

/** PublicReplyView. */
export const PublicReplyJson = Type.Union([
  Type.Object({
    state: Type.Literal("published"),
    id: Type.String(),
    review: Type.String(),
    author: Type.String(),
    text: Nullable(Type.String()),
    at: Millis,
  }),
  Type.Object({ state: Type.Literal("removed"), id: Type.String(), decision: Type.String() }),
]);

/** A review with the reviewed party's reply (ReviewItem). */
export const ReviewItemJson = Type.Object({
  review: PublicReviewJson,
  reply: Nullable(PublicReplyJson),
});

/** Where a review stands, for its author. */
export const ReviewStatusJson = Type.Object({
  review: Type.String(),
  state: Type.Union([Type.Literal("sealed"), Type.Literal("revealed"), Type.Literal("withdrawn")]),
  sealedUntil: Nullable(Millis),
  revealedAt: Nullable(Millis),
  withdrawnAt: Nullable(Millis),
});

/** The author's own review: what they wrote, sealed or not, and its status. */
export const OwnReviewJson = Type.Object({
  ...ReviewStatusJson.properties,
  subject: Type.String(),
  interaction: Nullable(Type.String()),
  provenance: Type.String(),
  connection: Type.String(),
  overall: Nullable(Type.Number()),
  criteria: Nullable(Type.Record(Type.String(), Type.Number())),
  title: Nullable(Type.String()),
  text: Nullable(Type.String()),
  submittedAt: Millis,
  amendedAt: Nullable(Millis),
});
