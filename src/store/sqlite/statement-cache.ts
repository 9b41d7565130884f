/**
 * A prepared-statement cache for Kysely's SQLite driver. Kysely's SqliteConnection calls
 * `database.prepare(sql)` for every query, and better-sqlite3 compiles the SQL anew each time
 * (sqlite3_prepare_v3): on the write path that was 14% of the CPU, more than SQLite spent executing many
 * of those statements. A statement is reusable once it has run (better-sqlite3 resets it), and SQLite
 * re-prepares a cached statement by itself when the schema changes (SQLITE_SCHEMA,
 * https://www.sqlite.org/c3ref/prepare.html, "v2" interfaces), so reusing one by its SQL text is safe.
 *
 * Bounded, least recently used first out: multi-row inserts make one SQL text per row count, and a
 * long-running server must not keep every text it ever ran.
 */
import type { SqliteDatabase, SqliteStatement } from "kysely";

/** The statements kept per connection when no size is given. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

/** What the cache needs of a better-sqlite3 Database. */
export interface PreparingDatabase {
  close(): void;
  prepare(sql: string): SqliteStatement & { readonly busy?: boolean };
}

/**
 * `database` with `prepare` answered from a cache of `size` statements keyed by SQL text.
 *
 * @example new SqliteDialect({ database: withStatementCache(new BetterSqlite3(path)) })
 */
export function withStatementCache(
  database: PreparingDatabase,
  size: number = DEFAULT_STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError("size is a positive integer");
  const cache = new Map<string, SqliteStatement & { readonly busy?: boolean }>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql) {
      const cached = cache.get(sql);
      // A statement being iterated (Kysely's streamQuery) cannot run again until it ends: prepare another.
      if (cached !== undefined && cached.busy !== true) {
        cache.delete(sql);
        cache.set(sql, cached); // most recently used last
        return cached;
      }
      const statement = database.prepare(sql);
      if (cached === undefined) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}
