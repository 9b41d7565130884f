/**
 * The `Database` handle both backends return (sqlite/open-sqlite.ts, postgres/open-postgres.ts): a Kysely
 * instance, the dialect's name, transaction helpers and close. Backend differences stop at the `Backend`
 * record below (how to lock a space, how to classify a driver error); everything else is written once here.
 *
 * Event sourcing needs one rule from the store: a space has one writer at a time, so that reading the log's
 * size and appending at that index cannot interleave with another append (indices stay gap-free and the
 * Merkle frontier stays linear). spaceTransaction enforces it in two layers:
 * - an in-process keyed mutex, so writers to one space queue without holding a connection (a burst of
 *   writers to one space would otherwise take every pooled PostgreSQL connection and starve other spaces);
 * - the backend's lock inside the transaction, for writers in other processes: PostgreSQL takes an advisory
 *   transaction lock on the space; SQLite has one writer per database file anyway (BEGIN IMMEDIATE).
 */
import type { Kysely, Transaction } from "kysely";
import type { StoreError } from "./errors.js";
import { createKeyedMutex } from "./keyed-mutex.js";
import type { StoreSchema } from "./schema.js";

/** The backends, named like Kysely's dialect folders. */
export type DialectName = "sqlite" | "postgres";

/** A transaction that holds the writer lock of one space (see spaceTransaction). */
export interface SpaceTx {
  readonly space: string;
  readonly tx: Transaction<StoreSchema>;
}

/** An open database, whichever the backend. */
export interface Database {
  readonly dialect: DialectName;
  /** Queries outside a transaction; inside one, use the transaction's `tx` (SQLite has one connection). */
  readonly kysely: Kysely<StoreSchema>;
  /** The PostgreSQL schema that holds the tables; undefined for SQLite. */
  readonly schema: string | undefined;
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. Driver errors come
   * out as StoreError (conflict, unavailable, corrupt); other errors pass through unchanged.
   */
  transaction<T>(fn: (tx: Transaction<StoreSchema>) => Promise<T>): Promise<T>;
  /**
   * Like transaction, holding the space's writer lock from before the first statement to the commit. Do not
   * nest: a spaceTransaction for the same space inside `fn` waits for itself.
   */
  spaceTransaction<T>(space: string, fn: (w: SpaceTx) => Promise<T>): Promise<T>;
  /** Closes the connections; idempotent. */
  close(): Promise<void>;
}

/** What a backend supplies to createDatabase. */
export interface Backend {
  readonly dialect: DialectName;
  readonly kysely: Kysely<StoreSchema>;
  readonly schema: string | undefined;
  /** Takes the cross-process writer lock of `space` inside `tx` (released at commit or rollback). */
  lockSpace(tx: Transaction<StoreSchema>, space: string): Promise<void>;
  /** The StoreError for a driver error, or undefined for errors that are not the driver's. */
  classifyError(e: unknown): StoreError | undefined;
}

/**
 * Builds the Database handle over a backend. Used by the backend factories, not by application code.
 *
 * @example return createDatabase({ dialect: "sqlite", kysely, schema: undefined, lockSpace, classifyError })
 */
export function createDatabase(backend: Backend): Database {
  const writers = createKeyedMutex();
  let closing: Promise<void> | undefined;

  async function transaction<T>(fn: (tx: Transaction<StoreSchema>) => Promise<T>): Promise<T> {
    try {
      return await backend.kysely.transaction().execute(fn);
    } catch (e) {
      throw backend.classifyError(e) ?? e;
    }
  }

  async function spaceTransaction<T>(space: string, fn: (w: SpaceTx) => Promise<T>): Promise<T> {
    requireSpaceId(space);
    return writers.run(space, () =>
      transaction(async (tx) => {
        await backend.lockSpace(tx, space);
        return fn({ space, tx });
      }),
    );
  }

  return {
    dialect: backend.dialect,
    kysely: backend.kysely,
    schema: backend.schema,
    transaction,
    spaceTransaction,
    close: () => {
      closing ??= backend.kysely.destroy();
      return closing;
    },
  };
}

/** Space ids are validated by src/domain; the store only refuses the empty id, a programmer error. */
function requireSpaceId(space: string): void {
  if (typeof space !== "string" || space.length === 0) {
    throw new RangeError("a space id is a non-empty string");
  }
}
