/**
 * better-sqlite3 errors as StoreErrors, by SQLite's extended result code
 * (https://www.sqlite.org/rescode.html). Errors that are not SQLite's, and SQLite errors that are
 * programmer errors (a syntax error, a violated check constraint), are left as they are.
 */
import { StoreError } from "../errors.js";

/**
 * The StoreError for a better-sqlite3 error, or undefined.
 *
 * @example throw classifySqliteError(e) ?? e
 */
export function classifySqliteError(e: unknown): StoreError | undefined {
  const code = sqliteCode(e);
  if (code === undefined) return undefined;
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") {
    return new StoreError("conflict", `a row with this key already exists (${code})`, { cause: e });
  }
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    return new StoreError("corrupt", `the SQLite database file is damaged (${code})`, { cause: e });
  }
  if (UNAVAILABLE.some((prefix) => code.startsWith(prefix))) {
    return new StoreError("unavailable", `SQLite cannot write right now (${code})`, { cause: e });
  }
  return undefined;
}

/** Busy or locked past busy_timeout, out of disk or memory, read-only or unopenable files, I/O errors. */
const UNAVAILABLE = [
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_FULL",
  "SQLITE_IOERR",
  "SQLITE_READONLY",
  "SQLITE_CANTOPEN",
  "SQLITE_NOMEM",
  "SQLITE_PROTOCOL",
  "SQLITE_NOLFS",
];

function sqliteCode(e: unknown): string | undefined {
  if (!(e instanceof Error) || e.name !== "SqliteError") return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}
