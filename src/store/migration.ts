/**
 * The shape of one schema migration. Migrations are in code (no migration folder to ship) and receive the
 * dialect's column types, so one migration creates the same tables on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";
import type { DialectName } from "./database.js";

/** Column types that differ between the backends. */
export interface ColumnTypes {
  readonly dialect: DialectName;
  /** Byte strings: `blob` in SQLite, `bytea` in PostgreSQL. */
  readonly bytes: "blob" | "bytea";
}

/** One forward-only step of the schema. Projections are rebuilt from the log, so there is no `down`. */
export interface StoreMigration {
  /** Sort key and identity: a zero-padded number and a name, e.g. "0003-member-projection". */
  readonly name: string;
  /** Receives an untyped Kysely: a migration sees the schema as it was then, not as StoreSchema is now. */
  up(db: Kysely<unknown>, types: ColumnTypes): Promise<void>;
}

/**
 * The column types of a dialect.
 *
 * @example columnTypes("postgres").bytes // "bytea"
 */
export function columnTypes(dialect: DialectName): ColumnTypes {
  switch (dialect) {
    case "sqlite":
      return { dialect, bytes: "blob" };
    case "postgres":
      return { dialect, bytes: "bytea" };
  }
}
