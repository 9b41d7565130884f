/**
 * Lookup indexes that end in `id` (0105). The DomainReader's lookups (sql-reader.ts) filter by equality
 * on a few columns and return rows in id order, like the in-memory reference store. With an index on
 * (space, …columns) only, SQLite's planner preferred walking the primary key (space, id) to avoid a
 * sort, reading every row of the space: each submitReview cost in proportion to the space's reviews
 * (bench/core.ts: CPU per event 1.03 ms at 700 events, 1.55 ms at 11,800). With `id` as the index's last
 * column the equality prefix yields rows already in id order, so both backends read only the matching
 * rows (https://www.sqlite.org/queryplanner.html, "Sorting"). The indexes they extend are dropped: a
 * prefix of another index serves no query the longer one does not.
 */
import type { Kysely } from "kysely";
import type { StoreMigration } from "../migration.js";

/** Index columns (after space) before and after: `from` undefined adds an index without replacing one. */
const LOOKUPS: readonly { table: string; from?: readonly string[]; to: readonly string[] }[] = [
  { table: "reviews", from: ["interaction", "author"], to: ["interaction", "author", "id"] },
  { table: "reviews", from: ["subject", "author"], to: ["subject", "author", "id"] },
  { table: "reviews", to: ["author", "id"] },
  { table: "disputes", from: ["interaction", "member"], to: ["interaction", "member", "id"] },
  { table: "disputes", from: ["member"], to: ["member", "id"] },
  {
    table: "vouches",
    from: ["voucher", "vouchee", "scope"],
    to: ["voucher", "vouchee", "scope", "id"],
  },
  { table: "decisions", to: ["affected", "id"] },
  {
    table: "appeals",
    from: ["target_kind", "target_id", "appellant"],
    to: ["target_kind", "target_id", "appellant", "id"],
  },
];

/** Replaces the lookup indexes of 0003-projections with ones that end in id. */
export const lookupIndexesMigration: StoreMigration = {
  name: "0105-lookup-indexes",
  async up(db: Kysely<unknown>) {
    for (const { table, from, to } of LOOKUPS) {
      await db.schema
        .createIndex(indexName(table, to))
        .on(table)
        .columns(["space", ...to])
        .execute();
      if (from !== undefined) await db.schema.dropIndex(indexName(table, from)).execute();
    }
  },
};

/** The name 0003-projections gave an index on (space, …columns). */
function indexName(table: string, columns: readonly string[]): string {
  return `${table}_${columns.join("_")}`;
}
