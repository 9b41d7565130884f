/**
 * Typed errors of the store. The set of codes is closed: callers (HTTP, CLI) map each code to a status or
 * an exit code in exactly one place. Driver errors (better-sqlite3, pg) are classified into these codes by
 * each backend (sqlite/sqlite-errors.ts, postgres/postgres-errors.ts) and kept as `cause`.
 */
export type StoreErrorCode =
  /** A write collided with existing data (a unique key), or a concurrent transaction won. */
  | "conflict"
  /** A row the caller asked for does not exist (a space key, a log state). */
  | "not-found"
  /** The database cannot be reached or cannot write right now (refused, busy, disk full, read-only). */
  | "unavailable"
  /** Stored data that breaks an invariant the store wrote it with (a hash of the wrong size, a bad frontier). */
  | "corrupt"
  /** A sealed space key that does not open under the configured master key (or was altered). */
  | "bad-master-key"
  /** Configuration that cannot work (an environment variable, a master key file). */
  | "invalid-config"
  /** A schema migration failed, or the database holds migrations this code does not know. */
  | "migration-failed";

/**
 * An error raised by src/store. `code` is stable; `message` is for people and never holds secrets.
 *
 * @example throw new StoreError("not-found", `space ${space} has no signing key`)
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `e` is a StoreError, optionally of the given code.
 *
 * @example if (isStoreError(e, "conflict")) retry()
 */
export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
