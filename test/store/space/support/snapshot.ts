/**
 * Every row a space has in the store's tables, for comparing states: the projections alone (rebuild)
 * or everything (a refused command wrote nothing). Bytes are shown as hex so rows compare by value.
 * Test helper.
 */
import { sql } from "kysely";
import type { Database } from "../../../../src/store/database.js";
import { RECORD_TABLES } from "../../../../src/store/projections/columns.js";

/** The record tables (one per record kind). */
export const RECORD_TABLE_NAMES = Object.values(RECORD_TABLES).map((t) => t.table);

/** Every table that holds rows of a space, with the columns its rows are ordered by. */
const ALL_TABLES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(RECORD_TABLE_NAMES.map((t) => [t, "id"])),
  event_private: "event_id",
  log_entries: "idx",
  log_nodes: "level, idx",
  log_state: "space",
  checkpoints: "size",
  space_keys: "key_id",
};

type Rows = Record<string, Record<string, unknown>[]>;

/** The rows of `space` in `tables` (all of them by default), ordered by key. */
export async function snapshot(
  db: Database,
  space: string,
  tables: readonly string[] = Object.keys(ALL_TABLES),
): Promise<Rows> {
  const out: Rows = {};
  for (const table of tables) {
    const order = ALL_TABLES[table];
    if (order === undefined) throw new Error(`unknown table ${table}`);
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} where space = ${space} order by ${sql.raw(order)}`.execute(
      db.kysely,
    );
    out[table] = rows.map(normalise);
  }
  return out;
}

/** The projection rows of `space`. */
export function projectionSnapshot(db: Database, space: string): Promise<Rows> {
  return snapshot(db, space, RECORD_TABLE_NAMES);
}

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v instanceof Uint8Array
        ? Buffer.from(v).toString("hex")
        : typeof v === "bigint"
          ? Number(v)
          : v,
    ]),
  );
}
