/** The embedded SQLite backend (better-sqlite3, WAL). */
export {
  DEFAULT_BUSY_TIMEOUT_MS,
  DEFAULT_SQLITE_FILE,
  openSqlite,
  type SqliteOptions,
} from "./open-sqlite.js";
export { immediateSqliteDialect } from "./sqlite-dialect.js";
export { classifySqliteError } from "./sqlite-errors.js";
