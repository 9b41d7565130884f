/**
 * 0107: `appeals.appellant` may be null. Since issue 3 a notifier's appeal names its appellant in the
 * event's private part only (appeal.filed shape 2, src/domain/events/moderation.ts), so the projection
 * forgets the appellant when that part is shredded (erasure, retention), as a replay of the log would.
 * PostgreSQL drops the constraint; SQLite cannot, so the table is rebuilt with the same columns, rows
 * and indexes (those of 0003-projections as 0105-lookup-indexes left them).
 */
import { type Kysely, sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** The appeals table's columns after `space, id, data`, as 0003-projections made them. */
const COLUMNS = sql.raw(
  "space, id, data, appellant, filed_at, outcome, decided_at, target_kind, target_id",
);

/** Index columns (after space) of the appeals table, named `appeals_<columns>`. */
const INDEXES: readonly (readonly string[])[] = [
  ["target_kind", "target_id", "appellant", "id"],
  ["appellant"],
  ["filed_at", "id"],
];

/** Lets an appeal's appellant be null. */
export const appellantNullableMigration: StoreMigration = {
  name: "0107-appeals-appellant-nullable",
  async up(db, { dialect }) {
    if (dialect === "postgres") {
      await db.schema
        .alterTable("appeals")
        .alterColumn("appellant", (c) => c.dropNotNull())
        .execute();
      return;
    }
    await rebuildForSqlite(db);
  },
};

async function rebuildForSqlite(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("appeals_0107")
    .addColumn("space", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("appellant", "text")
    .addColumn("filed_at", "bigint", (c) => c.notNull())
    .addColumn("outcome", "text")
    .addColumn("decided_at", "bigint")
    .addColumn("target_kind", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("appeals_pk", ["space", "id"])
    .execute();
  await sql`insert into appeals_0107 (${COLUMNS}) select ${COLUMNS} from appeals`.execute(db);
  await db.schema.dropTable("appeals").execute();
  await db.schema.alterTable("appeals_0107").renameTo("appeals").execute();
  for (const columns of INDEXES) {
    await db.schema
      .createIndex(`appeals_${columns.join("_")}`)
      .on("appeals")
      .columns(["space", ...columns])
      .execute();
  }
}
