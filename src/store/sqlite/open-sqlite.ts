/**
 * The embedded backend: one better-sqlite3 database file in the data folder, created on first use.
 *
 * Durability: WAL journal with synchronous=FULL. The WAL is fsynced at every commit, so a committed
 * transaction survives a process crash and an operating-system crash or power loss
 * (https://www.sqlite.org/pragma.html#pragma_synchronous; NORMAL would survive a process crash but could
 * lose the last commits on power loss, and an appended log entry must never vanish after its checkpoint was
 * signed). WAL lets readers run while one writer writes; busy_timeout makes a second process wait for the
 * write lock instead of failing at once.
 *
 * Checkpoints run off the write path (wal-checkpointer.ts): the writer's connection has
 * wal_autocheckpoint=0 and a worker thread checkpoints the WAL with its own connection, so no commit
 * pays for copying the WAL into the database file (but for the few frames left when the WAL starts over,
 * copied before a transaction about once per 32 MiB of WAL). Should the worker fail or not start, the writer's
 * connection checkpoints by itself again (wal_autocheckpoint=1000, SQLite's default).
 *
 * Open one handle per database file per process. better-sqlite3 is synchronous: a second handle in the same
 * process that waits for the first one's write lock blocks the event loop, so the first can never commit
 * (it fails after busy_timeout with StoreError "unavailable"). Separate processes are fine.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely } from "kysely";
import { createDatabase, type Database } from "../database.js";
import { StoreError } from "../errors.js";
import type { StoreSchema } from "../schema.js";
import { immediateSqliteDialect } from "./sqlite-dialect.js";
import { classifySqliteError } from "./sqlite-errors.js";
import { withStatementCache } from "./statement-cache.js";
import {
  startWalCheckpointer,
  WAL_CHECKPOINTER_DEFAULTS,
  type WalCheckpointer,
  type WalCheckpointerOptions,
} from "./wal-checkpointer.js";

/** Where and how to open the SQLite database. */
export interface SqliteOptions {
  /** The data folder; created (mode 0700) when absent. */
  readonly dataDir: string;
  /** The database file's name in the data folder. */
  readonly fileName?: string;
  /** How long a writer waits for another process's write lock before StoreError("unavailable"). */
  readonly busyTimeoutMs?: number;
  /**
   * The background checkpointer's settings (wal-checkpointer.ts), or false to leave checkpoints to
   * SQLite's automatic checkpoint in the committing transaction.
   */
  readonly walCheckpointer?: WalCheckpointerOptions | false;
}

/** The database file's name when SqliteOptions.fileName is not given. */
export const DEFAULT_SQLITE_FILE = "fabrique.sqlite3";
/** The busy timeout when SqliteOptions.busyTimeoutMs is not given. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the SQLite database in `dataDir`, in WAL mode with synchronous=FULL. The
 * schema is not migrated: call migrateToLatest, or use openStore which does. Throws StoreError
 * ("unavailable") when the folder or file cannot be opened or WAL cannot be enabled, ("corrupt") when the
 * file is not a database.
 *
 * @example
 * const db = await openSqlite({ dataDir: "./data" })
 * await migrateToLatest(db)
 */
export async function openSqlite(options: SqliteOptions): Promise<Database> {
  const path = join(options.dataDir, options.fileName ?? DEFAULT_SQLITE_FILE);
  const sqlite = openFile(options.dataDir, path);
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let checkpointer: WalCheckpointer | undefined;
  try {
    configureDurability(sqlite, busyTimeoutMs);
    if (options.walCheckpointer !== false) {
      sqlite.pragma("wal_autocheckpoint = 0");
      // The checkpointer truncates the WAL only after a long idle time, so that commits overwrite frames
      // already allocated instead of extending the file (wal-checkpointer.ts). This bounds what the file
      // keeps meanwhile: when the writer starts the WAL over, SQLite cuts a larger file down to this
      // size (https://www.sqlite.org/pragma.html#pragma_journal_size_limit).
      const pages = options.walCheckpointer?.maxWalPages ?? WAL_CHECKPOINTER_DEFAULTS.maxWalPages;
      const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
      if (Number.isSafeInteger(pages) && pages > 0) {
        sqlite.pragma(`journal_size_limit = ${pages * pageSize}`);
      }
      const inline = () => {
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      };
      checkpointer = await startWalCheckpointer(
        path,
        busyTimeoutMs,
        options.walCheckpointer,
        inline,
      ).catch((e: unknown) => {
        if (e instanceof RangeError) throw e; // bad options
        return undefined; // inline() ran: the writer checkpoints by itself
      });
    }
  } catch (e) {
    sqlite.close();
    throw classifySqliteError(e) ?? e;
  }
  const handOff = checkpointer;
  const kysely = new Kysely<StoreSchema>({
    dialect: immediateSqliteDialect(
      { database: withStatementCache(sqlite) },
      // The writer starts the WAL over between two of its transactions when the worker asks
      // (wal-checkpointer.ts): no RESTART checkpoint holding the write lock while a writer sleeps.
      handOff === undefined ? undefined : () => handOff.handOff(sqlite),
    ),
  });
  const db = createDatabase({
    dialect: "sqlite",
    kysely,
    schema: undefined,
    // One writer per file already (BEGIN IMMEDIATE); the in-process mutex of createDatabase does the rest.
    lockSpace: async () => {},
    classifyError: classifySqliteError,
  });
  if (checkpointer === undefined) return db;
  const stop = checkpointer;
  let closing: Promise<void> | undefined;
  return {
    ...db,
    // The checkpointer's connection closes first: the writer's, the last one, then checkpoints the
    // WAL into the database file and removes it (https://www.sqlite.org/wal.html, "Persistence").
    close: () => {
      closing ??= stop.close().then(() => db.close());
      return closing;
    },
  };
}

/** SQLite's own wal_autocheckpoint default, restored when the checkpointer fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

function openFile(dataDir: string, path: string): BetterSqlite3.Database {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new BetterSqlite3(path);
  } catch (e) {
    throw (
      classifySqliteError(e) ??
      new StoreError("unavailable", `cannot open the SQLite database at ${path}`, { cause: e })
    );
  }
}

/** Sets and reads back the pragmas this store relies on; a setting that does not stick is an error. */
function configureDurability(sqlite: BetterSqlite3.Database, busyTimeoutMs: number): void {
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError("busyTimeoutMs is a non-negative integer");
  }
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
  if (mode !== "wal") {
    throw new StoreError(
      "unavailable",
      `SQLite refused WAL mode (journal_mode is ${String(mode)}); is the data folder on a network filesystem?`,
    );
  }
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
}
