/**
 * Read queries of reviews. Sealed means sealed everywhere (src/domain/sealing.ts): every review these
 * return to anyone but its author goes through the domain's publicReviewView, and the SQL already
 * keeps to reviews that are visible at `now` (not withdrawn, revealed or past their window), so a
 * sealed review is neither shown nor counted, nor does its existence leak through a page's size.
 */
import {
  type Parsed,
  type PublicReplyView,
  type PublicReviewView,
  publicReplyView,
  publicReviewView,
  type ReviewRecord,
  type ReviewSummary,
  subjectSummary,
} from "../../../domain/index.js";
import { parseRecord, parseRecords } from "../../projections/record-json.js";
import type { Executor } from "../../schema.js";
import {
  afterCursor,
  type Keyset,
  type Page,
  type PageRequest,
  pageOf,
  parsePageRequest,
} from "./pagination.js";

/** A review as the public sees it, with the reviewed party's reply when both are shown. */
export interface ReviewItem {
  readonly review: PublicReviewView;
  readonly reply: PublicReplyView | null;
}

/** How a subject's reviews are ordered, newest first: by submission, or by when they became public. */
export type ReviewOrder = "submitted" | "revealed";

const REVIEW_KEYSETS: { readonly [O in ReviewOrder]: Keyset } = {
  submitted: { name: "reviews.submitted", column: "submitted_at", direction: "desc" },
  revealed: { name: "reviews.revealed", column: "visible_from", direction: "desc" },
};

/** Options of listSubjectReviews. */
export interface SubjectReviewsRequest extends PageRequest {
  /** The time visibility is judged at (Date.now by default). */
  readonly now?: number;
  readonly order?: ReviewOrder;
}

/**
 * The reviews of `subject` the public may see at `now`, newest first, a page at a time. Removed
 * reviews appear as removals (views.ts); sealed and withdrawn ones do not appear.
 *
 * @example const page = await listSubjectReviews(db.kysely, "stays", "flat-7", { limit: 20 })
 */
export async function listSubjectReviews(
  db: Executor,
  space: string,
  subject: string,
  request: SubjectReviewsRequest = {},
): Promise<Parsed<Page<ReviewItem>>> {
  const now = request.now ?? Date.now();
  const order = request.order ?? "submitted";
  if (!Object.hasOwn(REVIEW_KEYSETS, order)) return badOrder();
  const keyset = REVIEW_KEYSETS[order];
  const position = parsePageRequest(keyset, request);
  if (!position.ok) return position;
  const { limit, after } = position.value;
  const rows = await visibleReviews(db, space, subject, now)
    .$if(after !== null, (q) => q.where(afterCursor(keyset, after as NonNullable<typeof after>)))
    .orderBy(keyset.column === "submitted_at" ? "submitted_at" : "visible_from", keyset.direction)
    .orderBy("id", keyset.direction)
    .limit(limit + 1)
    .execute();
  const page = await reviewPage(db, space, now, keyset, limit, rows, (r) =>
    keyset.column === "submitted_at" ? r.submitted_at : r.visible_from,
  );
  return { ok: true, value: page };
}

/**
 * The reviews of `subject` the public may see at `now` (not withdrawn; revealed, or past their
 * double-blind window), unordered: the base of the list queries.
 *
 * @example const rows = await visibleReviews(db.kysely, "stays", "flat-7", now).orderBy("id").execute()
 */
export function visibleReviews(db: Executor, space: string, subject: string, now: number) {
  return db
    .selectFrom("reviews")
    .select(["id", "data", "submitted_at", "visible_from"])
    .where("space", "=", space)
    .where("subject", "=", subject)
    .where("withdrawn_at", "is", null)
    .where("visible_from", "is not", null)
    .where((eb) => eb.or([eb("revealed_at", "is not", null), eb("visible_from", "<=", now)]));
}

/**
 * A page of review rows fetched in `keyset` order (limit + 1 of them): each as the public sees it at
 * `now` (publicReviewView: a row it hides is dropped, the cursor still moves past it) with its reply.
 *
 * @example const page = await reviewPage(db.kysely, space, now, keyset, limit, rows, (r) => r.submitted_at)
 */
export async function reviewPage<Row extends { readonly id: string; readonly data: string }>(
  db: Executor,
  space: string,
  now: number,
  keyset: Keyset,
  limit: number,
  rows: readonly Row[],
  sortValue: (row: Row) => number | null,
): Promise<Page<ReviewItem>> {
  const records = new Map(rows.map((r) => [r.id, parseRecord("review", r.data)]));
  const replies = await repliesOf(db, space, [...records.values()], now);
  return pageOf(keyset, limit, rows, sortValue, (r) =>
    itemOf(records.get(r.id) as ReviewRecord, now, replies),
  );
}

/**
 * One review as the public sees it at `now`, or null when there is none to show (no such review,
 * sealed, withdrawn).
 *
 * @example const item = await getPublicReview(db.kysely, "stays", reviewId)
 */
export async function getPublicReview(
  db: Executor,
  space: string,
  id: string,
  now: number = Date.now(),
): Promise<ReviewItem | null> {
  const record = await reviewRecord(db, space, id);
  if (record === null) return null;
  return itemOf(record, now, await repliesOf(db, space, [record], now));
}

/**
 * The full record of a review for its author only (sealed or not: the author may see what they
 * wrote), or null when there is no such review or `author` did not write it.
 *
 * @example const mine = await getOwnReview(db.kysely, "stays", reviewId, actor.member)
 */
export async function getOwnReview(
  db: Executor,
  space: string,
  id: string,
  author: string,
): Promise<ReviewRecord | null> {
  const record = await reviewRecord(db, space, id);
  return record !== null && record.author === author ? record : null;
}

/**
 * The public summary of `subject`'s reviews at `now` (domain `subjectSummary`: counts, means,
 * histogram; sealed ratings never counted), or null when there is no such subject.
 *
 * @example const summary = await subjectReviewSummary(db.kysely, "stays", "flat-7")
 */
export async function subjectReviewSummary(
  db: Executor,
  space: string,
  subject: string,
  now: number = Date.now(),
): Promise<ReviewSummary | null> {
  const exists = await db
    .selectFrom("subjects")
    .select("id")
    .where("space", "=", space)
    .where("id", "=", subject)
    .executeTakeFirst();
  if (exists === undefined) return null;
  const rows = await db
    .selectFrom("reviews")
    .select("data")
    .where("space", "=", space)
    .where("subject", "=", subject)
    .orderBy("id")
    .execute();
  return subjectSummary(parseRecords("review", rows), now);
}

async function reviewRecord(db: Executor, space: string, id: string) {
  const row = await db
    .selectFrom("reviews")
    .select("data")
    .where("space", "=", space)
    .where("id", "=", id)
    .executeTakeFirst();
  return row === undefined ? null : parseRecord("review", row.data);
}

function itemOf(
  record: ReviewRecord,
  now: number,
  replies: ReadonlyMap<string, PublicReplyView>,
): ReviewItem | null {
  const review = publicReviewView(record, now);
  if (review === null) return null;
  const reply = review.state === "published" ? (replies.get(record.id) ?? null) : null;
  return { review, reply };
}

/** The public views of the replies to `reviews`, by review id. */
async function repliesOf(
  db: Executor,
  space: string,
  reviews: readonly ReviewRecord[],
  now: number,
): Promise<Map<string, PublicReplyView>> {
  const ids = reviews.filter((r) => r.reply !== null).map((r) => r.reply as string);
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("replies")
    .select("data")
    .where("space", "=", space)
    .where("id", "in", ids)
    .execute();
  return new Map(
    parseRecords("reply", rows).map((reply) => [reply.review, publicReplyView(reply, now)]),
  );
}

function badOrder(): Parsed<never> {
  return {
    ok: false,
    error: { code: "invalid-input", rule: "query.order", message: "order: submitted or revealed" },
  };
}
