/**
 * Kysely's SQLite dialect with two changes, both for correctness when two processes share a database file
 * (a server and a CLI):
 * - transactions begin IMMEDIATE: the write lock is taken at BEGIN, where busy_timeout waits for it. A
 *   deferred BEGIN that reads and then writes fails with SQLITE_BUSY, without waiting, when another process
 *   committed in between (https://www.sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE");
 * - the adapter declares transactional DDL (which SQLite has), so Kysely's Migrator runs pending migrations
 *   in one IMMEDIATE transaction: all-or-nothing, and one migrating process at a time.
 *
 * `beforeBegin`, when given, runs on the connection's thread before every BEGIN, with nothing open on the
 * connection (open-sqlite.ts: the WAL checkpointer's hand-off).
 */
import {
  CompiledQuery,
  type Dialect,
  type DialectAdapter,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
} from "kysely";

/**
 * A Kysely dialect for a better-sqlite3 database.
 *
 * @example new Kysely<StoreSchema>({ dialect: immediateSqliteDialect({ database: new BetterSqlite3(path) }) })
 */
export function immediateSqliteDialect(
  config: SqliteDialectConfig,
  beforeBegin: () => void = () => {},
): Dialect {
  const base = new SqliteDialect(config);
  return {
    createAdapter: () => withTransactionalDdl(base.createAdapter()),
    createDriver: () => withImmediateTransactions(base.createDriver(), beforeBegin),
    createIntrospector: (db) => base.createIntrospector(db),
    createQueryCompiler: () => base.createQueryCompiler(),
  };
}

function withTransactionalDdl(adapter: DialectAdapter): DialectAdapter {
  return {
    supportsCreateIfNotExists: adapter.supportsCreateIfNotExists,
    supportsTransactionalDdl: true,
    supportsReturning: adapter.supportsReturning,
    acquireMigrationLock: (db, options) => adapter.acquireMigrationLock(db, options),
    releaseMigrationLock: (db, options) => adapter.releaseMigrationLock(db, options),
  };
}

function withImmediateTransactions(driver: Driver, beforeBegin: () => void): Driver {
  return {
    init: () => driver.init(),
    acquireConnection: () => driver.acquireConnection(),
    beginTransaction: async (connection) => {
      beforeBegin();
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    },
    commitTransaction: (connection) => driver.commitTransaction(connection),
    rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
    ...(driver.savepoint && { savepoint: driver.savepoint.bind(driver) }),
    ...(driver.rollbackToSavepoint && {
      rollbackToSavepoint: driver.rollbackToSavepoint.bind(driver),
    }),
    ...(driver.releaseSavepoint && { releaseSavepoint: driver.releaseSavepoint.bind(driver) }),
    releaseConnection: (connection) => driver.releaseConnection(connection),
    destroy: () => driver.destroy(),
  };
}
