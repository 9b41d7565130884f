/**
 * 0109: fewer index entries per review written. Every submitReview inserts one row into `reviews`, and
 * each index on it is one more B-tree insert at a random position (the keys start with member ids,
 * which are keyed hashes) and one more dirty page for the commit to write and fsync. bench/core.ts
 * measured the review insert at about 60 µs of SQLite time with the nine B-trees of 0003 and 0105
 * (docs/benchmarks.md, trust-space core). Three of them are not needed on every row:
 *
 * - `(space, subject, author, id)` serves findUnverifiedReviews only, which asks for
 *   `interaction is null`: it becomes a partial index over unverified reviews;
 * - `(space, removed_by)` serves the patch-where of a reversed decision, `removed_by = ?`, which implies
 *   `removed_by is not null` (both planners prove it: https://www.sqlite.org/partialindex.html, "Queries
 *   Using Partial Indexes"; PostgreSQL's predicate_implied_by for strict operators): it becomes a
 *   partial index over removed reviews;
 * - `(space, author, id)` served an erasure's reads only (listUnrevealedReviewsBy and the patch-where
 *   on `author`): they now read the author's rows through `(space, author, submitted_at, id)` and order
 *   them by id themselves (sql-reader.ts, apply-changes.ts), so the index goes.
 *
 * The old `(space, removed_by)` index served nothing on SQLite: patch-where asked for `order by id`, and
 * the planner walked the primary key over the whole space instead. patch-where now sorts by id itself,
 * so it searches the index on its where columns. The plan tests (test/store/sqlite/lookup-plans.test.ts)
 * hold every DomainReader lookup and these patch-where queries to an index search.
 */
import { sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** Drops three review indexes and adds the two partial ones that replace them. */
export const reviewIndexesMigration: StoreMigration = {
  name: "0109-review-write-indexes",
  async up(db) {
    await db.schema
      .createIndex("reviews_unverified_subject_author_id")
      .on("reviews")
      .columns(["space", "subject", "author", "id"])
      .where(sql.ref("interaction"), "is", null)
      .execute();
    await db.schema.dropIndex("reviews_subject_author_id").execute();
    await db.schema
      .createIndex("reviews_removed_by_set")
      .on("reviews")
      .columns(["space", "removed_by"])
      .where(sql.ref("removed_by"), "is not", null)
      .execute();
    await db.schema.dropIndex("reviews_removed_by").execute();
    await db.schema.dropIndex("reviews_author_id").execute();
  },
};
