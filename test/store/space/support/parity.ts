/**
 * Expectations shared by the service's tests: the SQL projections and private parts equal the mirror's
 * (the in-memory reference fed the same log), and no read query shows what the public may not see.
 * Test helper.
 */
import { expect } from "vitest";
import { RECORD_KINDS, type ReviewRecord } from "../../../../src/domain/records.js";
import { isVisible } from "../../../../src/domain/sealing.js";
import { subjectSummary } from "../../../../src/domain/summary.js";
import { isRemoved, publicReviewView } from "../../../../src/domain/views.js";
import type { Database } from "../../../../src/store/database.js";
import { getRecord } from "../../../../src/store/projections/sql-reader.js";
import {
  getOwnReview,
  getPublicReview,
  listSubjectReviews,
  type ReviewItem,
  type ReviewOrder,
  subjectReviewSummary,
} from "../../../../src/store/space/queries/review-queries.js";
import {
  listSubjectReviewsByRating,
  type RatingOrder,
} from "../../../../src/store/space/queries/review-rating-queries.js";
import type { Mirror } from "./mirror.js";

const byId = <T extends { readonly id: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Every record of every kind in `space` equals the mirror's. */
export async function expectRecordParity(db: Database, mirror: Mirror, space: string) {
  for (const kind of RECORD_KINDS) {
    const expected = byId(mirror.store.all(kind).filter((r) => r.space === space));
    const actual = await Promise.all(expected.map((r) => getRecord(db.kysely, kind, space, r.id)));
    expect(actual, kind).toEqual(expected);
    const { table } = { table: kind };
    const count = await db.kysely
      .selectFrom(tableOf(kind))
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("space", "=", space)
      .executeTakeFirstOrThrow();
    expect(Number(count.n), `${table} rows`).toBe(expected.length);
  }
}

function tableOf(kind: (typeof RECORD_KINDS)[number]) {
  const tables = {
    space: "spaces",
    member: "members",
    subject: "subjects",
    interaction: "interactions",
    dispute: "disputes",
    review: "reviews",
    reply: "replies",
    vouch: "vouches",
    alert: "alerts",
    decision: "decisions",
    appeal: "appeals",
  } as const;
  return tables[kind];
}

/** event_private holds exactly the mirror's private parts, under the same owners. */
export async function expectPrivateParity(db: Database, mirror: Mirror, space: string) {
  const rows = await db.kysely
    .selectFrom("event_private")
    .select(["event_id", "owner", "private", "type", "at", "shred_after"])
    .where("space", "=", space)
    .orderBy("idx")
    .execute();
  expect(
    rows.map((r) => ({
      id: r.event_id,
      owner: r.owner,
      private: JSON.parse(r.private) as unknown,
      type: r.type,
      at: r.at,
      shredAfter: r.shred_after,
    })),
  ).toEqual(
    [...mirror.privates.values()].map((p) => ({
      id: p.event.id,
      owner: p.owner,
      private: p.event.private,
      type: p.event.type,
      at: p.event.at,
      shredAfter: p.shredAfter,
    })),
  );
}

/** Every page of a subject's reviews, following cursors. */
export async function allReviewPages(
  db: Database,
  space: string,
  subject: string,
  now: number,
  order: ReviewOrder,
  limit: number,
): Promise<ReviewItem[]> {
  const items: ReviewItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listSubjectReviews(db.kysely, space, subject, { now, order, limit, cursor });
    if (!page.ok) throw new Error(page.error.message);
    items.push(...page.value.items);
    cursor = page.value.next;
    if (cursor === null) return items;
  }
  throw new Error("pages never end");
}

/** Every page of a subject's reviews by rating, following cursors. */
export async function allRatingPages(
  db: Database,
  space: string,
  subject: string,
  now: number,
  order: RatingOrder,
  limit: number,
): Promise<ReviewItem[]> {
  const items: ReviewItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listSubjectReviewsByRating(db, space, subject, {
      now,
      order,
      limit,
      cursor,
    });
    if (!page.ok) throw new Error(page.error.message);
    items.push(...page.value.items);
    cursor = page.value.next;
    if (cursor === null) return items;
  }
  throw new Error("pages never end");
}

/**
 * The review queries at `now` show exactly what publicReviewView allows, in order, and nothing of a
 * review that is not visible; summaries are the domain's; authors see their own records.
 */
export async function expectReviewQueriesFollowViews(
  db: Database,
  mirror: Mirror,
  space: string,
  now: number,
) {
  const reviews = mirror.store.all("review").filter((r) => r.space === space);
  const subjects = mirror.store.all("subject").filter((s) => s.space === space);
  for (const subject of subjects) {
    const ofSubject = reviews.filter((r) => r.subject === subject.id);
    const shown = ofSubject.filter((r) => publicReviewView(r, now) !== null);
    const orders: [ReviewOrder, (r: ReviewRecord) => number][] = [
      ["submitted", (r) => r.submittedAt],
      [
        "revealed",
        (r) =>
          r.revealedAt === null
            ? (r.sealedUntil as number)
            : Math.min(r.revealedAt, r.sealedUntil ?? r.revealedAt),
      ],
    ];
    for (const [order, key] of orders) {
      const expected = [...shown]
        .sort((a, b) => key(b) - key(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .map((r) => publicReviewView(r, now));
      for (const limit of [1, 2, 100]) {
        const items = await allReviewPages(db, space, subject.id, now, order, limit);
        expect(
          items.map((i) => i.review),
          `${subject.id} by ${order}, ${limit} a page`,
        ).toEqual(expected);
      }
    }
    // By rating: removed reviews (their rating hidden) last either way, ties by id in the direction.
    for (const [order, sign] of [
      ["rating-desc", -1],
      ["rating-asc", 1],
    ] as const) {
      // A removed review sorts by nothing but its id: its hidden rating must not place it.
      const rating = (r: ReviewRecord) => (isRemoved(r, now) ? null : (r.overall ?? 0));
      const idOrder = (a: ReviewRecord, b: ReviewRecord) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      const expected = [...shown]
        .sort((a, b) => {
          const [ra, rb] = [rating(a), rating(b)];
          if (ra === null || rb === null) {
            return ra === rb ? sign * idOrder(a, b) : ra === null ? 1 : -1;
          }
          return sign * (ra - rb) || sign * idOrder(a, b);
        })
        .map((r) => publicReviewView(r, now));
      for (const limit of [1, 2, 100]) {
        const items = await allRatingPages(db, space, subject.id, now, order, limit);
        expect(
          items.map((i) => i.review),
          `${subject.id} by ${order}, ${limit} a page`,
        ).toEqual(expected);
      }
    }
    expect(await subjectReviewSummary(db.kysely, space, subject.id, now)).toEqual(
      subjectSummary(ofSubject, now),
    );
  }
  for (const review of reviews) {
    const item = await getPublicReview(db.kysely, space, review.id, now);
    expect(item?.review ?? null, review.id).toEqual(publicReviewView(review, now));
    if (!isVisible(review, now)) expect(item).toBeNull();
    expect(await getOwnReview(db.kysely, space, review.id, review.author)).toEqual(review);
    expect(await getOwnReview(db.kysely, space, review.id, "someone-else")).toBeNull();
  }
}
