/**
 * Creates the member-data tables (0104): the access log and the credentials' status entries
 * (tables.ts). The number 0104 was the one free for issue 6, so both tables share it; the name keeps
 * the one it was given. Keyed by space first like every table.
 */
import { sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** access_log, credential_status. */
export const memberDataMigration: StoreMigration = {
  name: "0104-access-log",
  async up(db) {
    await db.schema
      .createTable("access_log")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("member", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("accessor", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("resource", "text", (c) => c.notNull())
      .addColumn("detail", "text")
      .addPrimaryKeyConstraint("access_log_pk", ["space", "id"])
      .addCheckConstraint(
        "access_log_action",
        sql`action in ('read', 'export', 'credential-issued', 'credential-revoked')`,
      )
      .execute();
    await db.schema
      .createIndex("access_log_space_member_at")
      .on("access_log")
      .columns(["space", "member", "at", "id"])
      .execute();
    await db.schema
      .createTable("credential_status")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("member", "text", (c) => c.notNull())
      .addColumn("issued_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("revoked_reason", "text")
      .addPrimaryKeyConstraint("credential_status_pk", ["space", "idx"])
      .execute();
    await db.schema
      .createIndex("credential_status_space_member")
      .on("credential_status")
      .columns(["space", "member", "issued_at"])
      .execute();
  },
};
