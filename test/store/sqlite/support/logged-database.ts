/**
 * A migrated in-memory SQLite database that keeps the queries run after its migration, and their
 * EXPLAIN QUERY PLAN: what the plan tests of this folder hold the store's queries to.
 */
import BetterSqlite3 from "better-sqlite3";
import { type CompiledQuery, Kysely } from "kysely";
import { createDatabase, type Database } from "../../../../src/store/database.js";
import { migrateToLatest } from "../../../../src/store/migrations.js";
import type { StoreSchema } from "../../../../src/store/schema.js";
import { immediateSqliteDialect } from "../../../../src/store/sqlite/sqlite-dialect.js";
import { classifySqliteError } from "../../../../src/store/sqlite/sqlite-errors.js";

/** The database, its Kysely instance and the queries run since the migration (clear it at will). */
export interface LoggedDatabase {
  readonly db: Database;
  readonly kysely: Kysely<StoreSchema>;
  readonly queries: CompiledQuery[];
}

/**
 * A fresh migrated database whose queries are logged in `queries`.
 *
 * @example const { db, kysely, queries } = await loggedDatabase()
 */
export async function loggedDatabase(): Promise<LoggedDatabase> {
  const queries: CompiledQuery[] = [];
  const kysely = new Kysely<StoreSchema>({
    dialect: immediateSqliteDialect({ database: new BetterSqlite3(":memory:") }),
    log: (event) => {
      if (event.level === "query") queries.push(event.query);
    },
  });
  const db = createDatabase({
    dialect: "sqlite",
    kysely,
    schema: undefined,
    lockSpace: async () => {},
    classifyError: classifySqliteError,
  });
  await migrateToLatest(db);
  queries.length = 0;
  return { db, kysely, queries };
}

/**
 * The EXPLAIN QUERY PLAN of a compiled query with its parameters bound, its rows' details joined by " | ".
 *
 * @example expect(await plan(kysely, queries[0])).toBe("SEARCH reviews USING INDEX …")
 */
export async function plan(kysely: Kysely<StoreSchema>, q: CompiledQuery): Promise<string> {
  const { rows } = await kysely.executeQuery<{ detail: string }>({
    ...q,
    sql: `explain query plan ${q.sql}`,
  });
  return rows.map((row) => row.detail).join(" | ");
}
