/**
 * Creates the projection tables (tables.ts) and their indexes. Shardable by space like the log tables
 * (Citus: `create_distributed_table(t, 'space')`): every primary key and every index starts with space.
 * One index per query shape of the DomainReader (sql-reader.ts), of the read queries (src/store/space)
 * and of the patch-where changes evolve emits (an erasure, a reversed decision), so that no write or
 * read of one space scans another's rows.
 *
 * Projections are derived data: `rebuild` recomputes them from the log, so a later schema change may
 * drop and recreate these tables and rebuild every space.
 */
import { type Kysely, sql } from "kysely";
import type { StoreMigration } from "../migration.js";

type Column = readonly [name: string, type: "text" | "bigint", nullable?: "null"];

/** The projection tables and event_private. */
export const projectionsMigration: StoreMigration = {
  name: "0003-projections",
  async up(db, { bytes }) {
    await recordTable(db, "spaces", [["created_at", "bigint"]]);
    await recordTable(db, "members", [
      ["joined_at", "bigint"],
      ["erased_at", "bigint", "null"],
    ]);
    await index(db, "members", ["joined_at", "id"]);

    await recordTable(db, "subjects", [
      ["kind", "text"],
      ["owner", "text", "null"],
      ["registered_at", "bigint"],
      ["removed_by", "text", "null"],
      ["removed_until", "bigint", "null"],
    ]);
    await index(db, "subjects", ["owner"]);
    await index(db, "subjects", ["registered_at", "id"]);
    await index(db, "subjects", ["removed_by"]);

    await recordTable(db, "interactions", [
      ["occurred_at", "bigint"],
      ["recorded_at", "bigint"],
      ["member_a", "text"],
      ["member_b", "text", "null"],
    ]);
    await index(db, "interactions", ["member_a", "occurred_at", "id"]);
    await index(db, "interactions", ["member_b", "occurred_at", "id"]);

    await recordTable(db, "disputes", [
      ["interaction", "text"],
      ["member", "text"],
      ["at", "bigint"],
    ]);
    await index(db, "disputes", ["interaction", "member"]);
    await index(db, "disputes", ["member"]);

    await recordTable(db, "reviews", [
      ["subject", "text"],
      ["author", "text"],
      ["interaction", "text", "null"],
      ["provenance", "text"],
      ["submitted_at", "bigint"],
      ["sealed_until", "bigint", "null"],
      ["rating_commitment", "text"],
      ["revealed_at", "bigint", "null"],
      ["withdrawn_at", "bigint", "null"],
      ["removed_by", "text", "null"],
      ["removed_until", "bigint", "null"],
      ["visible_from", "bigint", "null"],
    ]);
    await index(db, "reviews", ["interaction", "author"]);
    await index(db, "reviews", ["author", "submitted_at", "id"]);
    await index(db, "reviews", ["subject", "author"]);
    await index(db, "reviews", ["subject", "submitted_at", "id"]);
    await index(db, "reviews", ["subject", "visible_from", "id"]);
    await index(db, "reviews", ["removed_by"]);
    // The sealer's work list: only reviews still waiting for a reveal.
    await db.schema
      .createIndex("reviews_reveal_due")
      .on("reviews")
      .columns(["space", "sealed_until", "id"])
      .where(sql.ref("revealed_at"), "is", null)
      .where(sql.ref("withdrawn_at"), "is", null)
      .execute();

    await recordTable(db, "replies", [
      ["review", "text"],
      ["author", "text"],
      ["at", "bigint"],
      ["removed_by", "text", "null"],
      ["removed_until", "bigint", "null"],
    ]);
    await index(db, "replies", ["review"]);
    await index(db, "replies", ["author"]);
    await index(db, "replies", ["removed_by"]);

    await recordTable(db, "vouches", [
      ["voucher", "text"],
      ["vouchee", "text"],
      ["scope", "text"],
      ["given_at", "bigint"],
      ["expires_at", "bigint", "null"],
      ["revoked_at", "bigint", "null"],
      ["removed_by", "text", "null"],
      ["removed_until", "bigint", "null"],
    ]);
    await index(db, "vouches", ["vouchee", "given_at", "id"]);
    await index(db, "vouches", ["voucher", "vouchee", "scope"]);
    await index(db, "vouches", ["voucher", "given_at", "id"]);
    await index(db, "vouches", ["removed_by"]);

    await recordTable(db, "alerts", [
      ["reporter", "text", "null"],
      ["category", "text"],
      ["raised_at", "bigint"],
      ["outcome", "text", "null"],
      ["decision", "text", "null"],
      ["resolved_at", "bigint", "null"],
      ["target_kind", "text"],
      ["target_id", "text"],
    ]);
    await index(db, "alerts", ["raised_at", "id"]);
    await index(db, "alerts", ["reporter"]);
    await index(db, "alerts", ["target_kind", "target_id"]);
    // The moderation queue: alerts not handled yet, oldest first.
    await db.schema
      .createIndex("alerts_pending")
      .on("alerts")
      .columns(["space", "raised_at", "id"])
      .where(sql.ref("resolved_at"), "is", null)
      .execute();

    await recordTable(db, "decisions", [
      ["made_at", "bigint"],
      ["reversed_by", "text", "null"],
      ["reversed_at", "bigint", "null"],
      ["affected", "text", "null"],
      ["alert", "text", "null"],
      ["target_kind", "text"],
      ["target_id", "text"],
    ]);
    await index(db, "decisions", ["affected", "made_at", "id"]);
    await index(db, "decisions", ["made_at", "id"]);
    await index(db, "decisions", ["target_kind", "target_id"]);

    await recordTable(db, "appeals", [
      ["appellant", "text"],
      ["filed_at", "bigint"],
      ["outcome", "text", "null"],
      ["decided_at", "bigint", "null"],
      ["target_kind", "text"],
      ["target_id", "text"],
    ]);
    await index(db, "appeals", ["target_kind", "target_id", "appellant"]);
    await index(db, "appeals", ["appellant"]);
    await index(db, "appeals", ["filed_at", "id"]);

    await db.schema
      .createTable("event_private")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("event_id", "text", (c) => c.notNull())
      .addColumn("idx", "bigint", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("owner", "text")
      .addColumn("salt", bytes, (c) => c.notNull())
      .addColumn("private", "text", (c) => c.notNull())
      .addColumn("shred_after", "bigint")
      .addPrimaryKeyConstraint("event_private_pk", ["space", "event_id"])
      .addCheckConstraint("event_private_salt_size", sql`length(salt) = 32`)
      .addCheckConstraint("event_private_idx_range", sql`idx >= 0`)
      .execute();
    await index(db, "event_private", ["idx"], { unique: true });
    await index(db, "event_private", ["owner"]);
    await index(db, "event_private", ["at"]);
    await index(db, "event_private", ["shred_after"]);
  },
};

/** A record table: (space, id) primary key, the record's canonical JSON in `data`, its columns. */
async function recordTable(db: Kysely<unknown>, table: string, columns: readonly Column[]) {
  let builder = db.schema
    .createTable(table)
    .addColumn("space", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull());
  for (const [name, type, nullable] of columns) {
    builder = builder.addColumn(name, type, (c) => (nullable === "null" ? c : c.notNull()));
  }
  await builder.addPrimaryKeyConstraint(`${table}_pk`, ["space", "id"]).execute();
}

/** An index on (space, …columns), named after its table and columns. */
async function index(
  db: Kysely<unknown>,
  table: string,
  columns: readonly string[],
  options: { readonly unique?: boolean } = {},
) {
  let builder = db.schema
    .createIndex(`${table}_${columns.join("_")}`)
    .on(table)
    .columns(["space", ...columns]);
  if (options.unique === true) builder = builder.unique();
  await builder.execute();
}
