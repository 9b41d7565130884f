/**
 * The store: persistence for Fabrique on SQLite (embedded default) or PostgreSQL (DATABASE_URL), with the
 * transparency log's tables, a persistent HashStore, per-space writer locks and sealed space keys, the
 * projections of every space (records, private parts, rebuild, retention) and the space service (the one
 * write path) with its read queries.
 */
export {
  DEFAULT_DATA_DIR,
  type MasterKeySource,
  type StoreConfig,
  type StoreEnv,
  storeConfigFromEnv,
} from "./config.js";
export {
  type Backend,
  createDatabase,
  type Database,
  type DialectName,
  type SpaceTx,
} from "./database.js";
export { isStoreError, StoreError, type StoreErrorCode } from "./errors.js";
export { createKeyedMutex, type KeyedMutex } from "./keyed-mutex.js";
export * from "./keys/index.js";
export * from "./log/index.js";
export { type ColumnTypes, columnTypes, type StoreMigration } from "./migration.js";
export { migrateToLatest, STORE_MIGRATIONS } from "./migrations.js";
export { openStore, type Store } from "./open-store.js";
export { openPostgres, type PostgresOptions } from "./postgres/index.js";
export * from "./projections/index.js";
export type { Executor, StoreSchema } from "./schema.js";
export * from "./sealer/index.js";
export * from "./space/index.js";
export { openSqlite, type SqliteOptions } from "./sqlite/index.js";
