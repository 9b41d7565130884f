/**
 * 0110: fewer index entries per private part written. Nearly every event inserts one event_private
 * row, and each B-tree of the table is one more insert and one more page for the commit to write,
 * fsync and checkpoint. 0003 gave the table six on SQLite: the rowid table, its (space, event_id) key,
 * and indexes on (space, idx) (unique), (space, owner), (space, at) and (space, shred_after). What the
 * queries on it need:
 *
 * - by log index (readPrivateParts: rebuild, export; the retention sweep's pages in log order) and by
 *   event id (deletePrivatePart): the unique (space, idx) index and the key, unchanged;
 * - by owner (an erasure's delete, retentionDates, the member export's concealed entries): an index on
 *   (space, owner, idx), partial over rows that have an owner, replaces (space, owner). Every such
 *   query asks `owner = ?`, which implies `owner is not null` on both planners
 *   (https://www.sqlite.org/partialindex.html, "Queries Using Partial Indexes"; PostgreSQL's
 *   predicate_implied_by). Parts the operator wrote (interaction evidence, moderation) have no owner
 *   and no entry. With idx last, retentionDates's `owner = ? and idx > ? order by idx` is one range of
 *   the index, in order;
 * - by retention date (the sweep, retention-sweep.ts): `shred_after <= ?` or `type in (…) and at <= ?`,
 *   in idx order, a page at a time. SQLite's planner walks (space, idx) for it, with or without the
 *   (space, at) and (space, shred_after) indexes (test/store/sqlite/event-private-plans.test.ts), so on
 *   SQLite they served no query and are dropped. PostgreSQL's planner does use them (a BitmapOr of
 *   both, EXPLAIN on 400,000 rows), so it keeps (space, at), and keeps (space, shred_after) partial
 *   over rows that have a deadline (`shred_after <= ?` implies it): parts kept until erasure (reviews
 *   and members by default) have no entry.
 *
 * Not done: re-keying the table by (space, idx) WITHOUT ROWID on SQLite (one B-tree fewer). Without
 * statistics (the store runs no ANALYZE) SQLite's planner then preferred walking the key's (space = ?)
 * range to any secondary index, the erasure's delete by owner included: a scan of the space.
 *
 * SQLite: 4 B-trees per part with an owner, 3 without (6 before). PostgreSQL: the heap and 3 indexes,
 * one more for an owner and one more for a deadline (the heap and 5 before). Every index still starts
 * with space (Citus).
 */
import { type Kysely, sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** Replaces event_private's owner index with a partial one; drops or narrows the retention indexes. */
export const eventPrivateIndexesMigration: StoreMigration = {
  name: "0110-event-private-indexes",
  async up(db, { dialect }) {
    await db.schema
      .createIndex("event_private_owner_idx")
      .on("event_private")
      .columns(["space", "owner", "idx"])
      .where(sql.ref("owner"), "is not", null)
      .execute();
    await db.schema.dropIndex("event_private_owner").execute();
    await db.schema.dropIndex("event_private_shred_after").execute();
    if (dialect === "postgres") {
      await partialShredAfterIndex(db);
    } else {
      await db.schema.dropIndex("event_private_at").execute();
    }
  },
};

/** (space, shred_after) over the parts that have a deadline. */
async function partialShredAfterIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("event_private_shred_after_set")
    .on("event_private")
    .columns(["space", "shred_after"])
    .where(sql.ref("shred_after"), "is not", null)
    .execute();
}
