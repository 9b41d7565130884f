/**
 * A subject's public reviews sorted by their overall rating, highest or lowest first, a page at a time
 * (keyset pagination on (rating, id), like every list). Only what the public may see is sorted, and only
 * by what it may see: the same visibility as listSubjectReviews (a sealed review is neither listed nor
 * counted), and a review removed by a decision, whose rating the public view hides, sorts after every
 * rated one in both directions, so its place in the list says nothing of its rating. Ties go by id in
 * the same direction (ids are time-sortable: among equal ratings, highest-first lists newest first,
 * lowest-first oldest first).
 *
 * The rating is the `overall` of the review's stored record (an integer of the space's scale, 0..100:
 * src/domain/policy.ts), read from its JSON by each backend's own function, so the sort is computed over
 * the subject's visible reviews (found through the (space, subject, …) index) rather than read from an
 * index of its own.
 */
import { type RawBuilder, sql } from "kysely";
import type { Parsed } from "../../../domain/index.js";
import type { Database, DialectName } from "../../database.js";
import {
  afterCursor,
  type Keyset,
  type Page,
  type PageRequest,
  parsePageRequest,
} from "./pagination.js";
import { type ReviewItem, reviewPage, visibleReviews } from "./review-queries.js";

/** Highest rating first, or lowest first. */
export type RatingOrder = "rating-desc" | "rating-asc";

/** The rating orders, for routes that accept them beside ReviewOrder. */
export const RATING_ORDERS: readonly RatingOrder[] = ["rating-desc", "rating-asc"];

const KEYSETS: { readonly [O in RatingOrder]: Keyset } = {
  "rating-desc": { name: "reviews.rating-desc", column: "rating_key", direction: "desc" },
  "rating-asc": { name: "reviews.rating-asc", column: "rating_key", direction: "asc" },
};

/**
 * The sort key of a removed review: past every rating of the scale (0..100) in the list's direction,
 * so removed reviews come last either way.
 */
const REMOVED_KEY: { readonly [O in RatingOrder]: number } = {
  "rating-desc": -1,
  "rating-asc": 1_000,
};

/** Options of listSubjectReviewsByRating. */
export interface RatingReviewsRequest extends PageRequest {
  readonly order: RatingOrder;
  /** The time visibility and removals are judged at (Date.now by default). */
  readonly now?: number;
}

/**
 * The reviews of `subject` the public may see at `now`, by overall rating, a page at a time.
 * Refuses an unknown order, limit or cursor (`invalid-input`, rules query.order, query.limit,
 * query.cursor); a cursor of another order or list is refused.
 *
 * @example const page = await listSubjectReviewsByRating(db, "stays", "flat-7", { order: "rating-desc" })
 */
export async function listSubjectReviewsByRating(
  db: Database,
  space: string,
  subject: string,
  request: RatingReviewsRequest,
): Promise<Parsed<Page<ReviewItem>>> {
  const now = request.now ?? Date.now();
  const { order } = request;
  if (!Object.hasOwn(KEYSETS, order)) return badOrder();
  const keyset = KEYSETS[order];
  const position = parsePageRequest(keyset, request);
  if (!position.ok) return position;
  const { limit, after } = position.value;
  const rated = visibleReviews(db.kysely, space, subject, now).select(
    ratingKey(db.dialect, now, REMOVED_KEY[order]).as("rating_key"),
  );
  const rows = await db.kysely
    .selectFrom(rated.as("r"))
    .selectAll()
    .$if(after !== null, (q) => q.where(afterCursor(keyset, after as NonNullable<typeof after>)))
    .orderBy("rating_key", keyset.direction)
    .orderBy("id", keyset.direction)
    .limit(limit + 1)
    .execute();
  const page = await reviewPage(db.kysely, space, now, keyset, limit, rows, (r) =>
    Number(r.rating_key),
  );
  return { ok: true, value: page };
}

/** The review's overall rating, or `removed` while a decision removes it at `now`. */
function ratingKey(dialect: DialectName, now: number, removed: number): RawBuilder<number> {
  const overall =
    dialect === "sqlite"
      ? sql`json_extract(data, '$.overall')`
      : sql`cast((cast(data as json) ->> 'overall') as integer)`;
  // `removed` is one of REMOVED_KEY's integers, written as a literal so both backends type the case
  // as an integer.
  const last = sql.lit(removed);
  return sql<number>`case
    when removed_by is not null and (removed_until is null or removed_until > ${now}) then ${last}
    else coalesce(${overall}, ${last})
  end`;
}

function badOrder(): Parsed<never> {
  return {
    ok: false,
    error: {
      code: "invalid-input",
      rule: "query.order",
      message: `order: ${RATING_ORDERS.join(" or ")}`,
    },
  };
}
