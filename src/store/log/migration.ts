/**
 * Creates the log tables. Shardable by space (Citus: `create_distributed_table(t, 'space')`): every row
 * carries its space and every primary key starts with it. Check constraints keep what the log writes
 * well-formed (hashes are SHA-256, 32 bytes; indices are not negative); `length` counts bytes of a blob in
 * SQLite and of a bytea in PostgreSQL.
 */
import { type CreateTableBuilder, sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** The log tables: log_entries, log_nodes, log_state, checkpoints. */
export const logTablesMigration: StoreMigration = {
  name: "0001-log-tables",
  async up(db, { bytes, dialect }) {
    await db.schema
      .createTable("log_entries")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("idx", "bigint", (c) => c.notNull())
      .addColumn("entry", bytes, (c) => c.notNull())
      .addColumn("leaf_hash", bytes, (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("log_entries_pk", ["space", "idx"])
      .addCheckConstraint("log_entries_idx_range", sql`idx >= 0`)
      .addCheckConstraint("log_entries_leaf_hash_size", sql`length(leaf_hash) = 32`)
      .execute();

    // Many tiny rows read by primary key only: SQLite stores them best in the key's own b-tree.
    await db.schema
      .createTable("log_nodes")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("level", "integer", (c) => c.notNull())
      .addColumn("idx", "bigint", (c) => c.notNull())
      .addColumn("hash", bytes, (c) => c.notNull())
      .addPrimaryKeyConstraint("log_nodes_pk", ["space", "level", "idx"])
      .addCheckConstraint("log_nodes_level_range", sql`level >= 0 and level <= 63`)
      .addCheckConstraint("log_nodes_idx_range", sql`idx >= 0`)
      .addCheckConstraint("log_nodes_hash_size", sql`length(hash) = 32`)
      .$call((t) => (dialect === "sqlite" ? withoutRowid(t) : t))
      .execute();

    await db.schema
      .createTable("log_state")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("size", "bigint", (c) => c.notNull())
      .addColumn("root", bytes, (c) => c.notNull())
      .addColumn("frontier", bytes, (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("log_state_pk", ["space"])
      .addCheckConstraint("log_state_size_range", sql`size >= 0`)
      .addCheckConstraint("log_state_root_size", sql`length(root) = 32`)
      .addCheckConstraint("log_state_frontier_size", sql`length(frontier) % 32 = 0`)
      .execute();

    await db.schema
      .createTable("checkpoints")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("size", "bigint", (c) => c.notNull())
      .addColumn("root", bytes, (c) => c.notNull())
      .addColumn("note", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("checkpoints_pk", ["space", "size"])
      .addCheckConstraint("checkpoints_size_range", sql`size >= 0`)
      .addCheckConstraint("checkpoints_root_size", sql`length(root) = 32`)
      .execute();
  },
};

function withoutRowid<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return table.modifyEnd(sql`without rowid`);
}
