/**
 * Schemas shared by the space resources (routes/space/*): member ids, cursor pages, the write answer
 * with its receipts, texts. They document the HTTP shape; the domain still validates every input with
 * its own shapes (src/domain/shape.ts) and its refusals are answered with their `rule`.
 */
import { type TSchema, Type } from "typebox";
import { IdString } from "./common.js";

/** A member's pairwise pseudonym (src/domain/ids.ts memberIdFor): 22 base64url characters. */
export const MemberIdString = Type.String({
  pattern: "^[A-Za-z0-9_-]{21}[AQgw]$",
  description: "a member id (memberIdFor: 22 base64url characters)",
});

/** Milliseconds since the epoch. */
export const Millis = Type.Integer({ minimum: 0, description: "milliseconds since the epoch" });

/** A short label (roles, kinds). */
export const ShortText = Type.String({ minLength: 1, maxLength: 200 });

/** A free text (reviews, explanations); the domain holds the exact limits. */
export const LongText = Type.String({ minLength: 1, maxLength: 20_000 });

/** `:space/:id` routes. */
export const SpaceItemParams = Type.Object({ space: IdString, id: IdString });

/** `:space/:member` routes. */
export const SpaceMemberParams = Type.Object({ space: IdString, member: IdString });

/** The query of every paged list. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "items per page" })),
  cursor: Type.Optional(
    Type.String({ maxLength: 256, description: "the `next` of the previous page" }),
  ),
};

/**
 * A page of `item`s and the cursor of the next one.
 *
 * @example response: { 200: PageOf(MemberJson) }
 */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    next: Type.Union([Type.String(), Type.Null()], { description: "null on the last page" }),
  });
}

/** What every write answers: the log entries it appended and their signed receipts. */
export const WriteFields = {
  indices: Type.Array(Type.Integer({ minimum: 0 }), { description: "log indices of the entries" }),
  receipts: Type.Array(Type.String(), {
    description:
      "one receipt per entry (fabrique-receipt/v2: its audit path under the signed note of its append batch; verify with the space's log key)",
  }),
};

/** A write that creates nothing addressable. */
export const WriteAnswer = Type.Object(WriteFields);

/** A target of alerts and decisions. */
export const TargetJson = Type.Object(
  {
    kind: OneOf(["review", "reply", "subject", "member", "vouch"]),
    id: IdString,
  },
  { additionalProperties: false },
);

/**
 * A string that is one of `values` (a JSON Schema enum), typed as their union.
 *
 * @example const Outcome = OneOf(["upheld", "reversed"])
 */
export function OneOf<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>(
    Type.String({ enum: [...values], ...(description === undefined ? {} : { description }) }),
  );
}
