/**
 * WAL checkpoints off the write path. By default SQLite checkpoints inside the commit that grows the WAL
 * past 1,000 pages (wal_autocheckpoint, https://www.sqlite.org/wal.html#automatic_checkpoint): that one
 * commit also copies the WAL's pages into the database file and fsyncs it, so about one durable write
 * in a hundred took several times the others (bench/core.ts, docs/benchmarks.md: the single-write p99).
 *
 * Here the writer's connection runs with wal_autocheckpoint=0 and a worker thread, with its own
 * connection to the same file, checkpoints instead, concurrently with the writer
 * (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html):
 * - every `intervalMs`, when another connection committed since its last look (PRAGMA data_version) and
 *   at least `checkpointPages` of the WAL's pages are not copied yet, a PASSIVE checkpoint: it copies
 *   what it can without waiting for or blocking anyone. Those pages are counted from the wal-index header
 *   (mxFrame − nBackfill, https://www.sqlite.org/walformat.html#the_wal_index_file_format), so a busy
 *   database is checkpointed about as often as SQLite's own automatic checkpoint would (each checkpoint
 *   fsyncs the database file, on the disk the commits fsync the WAL to); when the header cannot be read,
 *   at every look;
 * - right after it, once the WAL holds `restartPages` pages or more, the WAL is made to start over from
 *   its beginning. A writer restarts the WAL by itself only when it begins while every frame is
 *   copied, which a steady writer beside a PASSIVE checkpoint almost never does: the WAL file grew to
 *   100 MB in bench runs. The worker hands this to the writer's own thread (`handOff`, called before
 *   each transaction of the writer's connection): it copies the few frames committed since the
 *   worker's PASSIVE, on its own connection between two transactions, and its next transaction starts
 *   the WAL over. Not with a RESTART checkpoint in the worker, as before: a RESTART holds the write
 *   lock while it copies and fsyncs, and a writer that begins meanwhile sleeps in SQLite's busy handler
 *   (1 ms, then 2, then 5...), past the moment the lock is free; measured at load 6-8, RESTARTs took a
 *   median 25-30 ms and their writes were 3-9 of the slowest 30 in 3,000. The worker still runs a
 *   RESTART when no writer of this process took the hand-off (another process writes, or nothing does
 *   handOff) and the WAL holds more than `maxWalPages` pages, waiting as long as busy_timeout;
 * - when nothing was committed for a whole interval, a PASSIVE checkpoint: with no writer it copies every
 *   frame, and the next writer starts the WAL over from its beginning by itself;
 * - only once nothing was committed for `idleTruncateMs` and the WAL file is larger than
 *   `idleTruncateBytes`, a TRUNCATE checkpoint, which also shrinks the file to zero bytes. Not sooner:
 *   a commit that writes past the WAL file's end also extends the file, and fdatasync then journals
 *   the new size and blocks as well (ext4), where a commit into frames already allocated writes data
 *   only. Measured (bench/core.ts single writes, 3,000 at load 7–8): commits that extended the WAL had
 *   p50 4.3 ms against 1.6 ms, and were 21 of the slowest 30 writes. When this TRUNCATE came after one
 *   interval without a commit, a write that merely stalled for 100 ms on a loaded machine looked like
 *   idleness: the TRUNCATE then held the write lock for 40–720 ms and every later write extended the
 *   file again, 1,172 of 3,000.
 *
 * One worker serves every database the process opens (starting a thread costs tens of milliseconds of
 * CPU; a connection in it, about one). It does not keep the process alive.
 *
 * Durability is unchanged: commits are durable once their WAL frames are fsynced (synchronous=FULL on
 * the writer), whether or not a checkpoint ran; the checkpointer's connection also runs with
 * synchronous=FULL, so the database file is fsynced before the WAL is reused. A crash at any point
 * leaves a WAL that recovery replays (https://www.sqlite.org/wal.html, "Durability").
 *
 * If checkpoints fail for a database (its connection in the worker cannot open or a checkpoint throws,
 * or the worker dies), `onFailure` is called once: the caller turns wal_autocheckpoint back on for its
 * connection, so the WAL stays bounded without the worker.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** How the checkpointer works; every field has a default. */
export interface WalCheckpointerOptions {
  /** Milliseconds between two looks at the database (default 100). */
  readonly intervalMs?: number;
  /** WAL pages not yet copied that make a busy database's checkpoint due (default 1,000). */
  readonly checkpointPages?: number;
  /** WAL pages from which a RESTART checkpoint follows the PASSIVE one (default 8,192: 32 MiB). */
  readonly restartPages?: number;
  /** WAL pages above which a RESTART checkpoint waits for the writer (default 16,384: 64 MiB). */
  readonly maxWalPages?: number;
  /** WAL file size above which an idle database gets a TRUNCATE checkpoint (default 4 MiB). */
  readonly idleTruncateBytes?: number;
  /** Milliseconds without a commit after which a database is idle enough to truncate (default 30,000). */
  readonly idleTruncateMs?: number;
}

/** Defaults of WalCheckpointerOptions. */
export const WAL_CHECKPOINTER_DEFAULTS = {
  intervalMs: 100,
  checkpointPages: 1_000,
  restartPages: 8_192,
  maxWalPages: 16_384,
  idleTruncateBytes: 4 * 1024 * 1024,
  idleTruncateMs: 30_000,
} as const;

/** What handOff needs of the writer's better-sqlite3 connection. */
export interface PragmaRunner {
  pragma(source: string): unknown;
}

/** The checkpoints of one database file. */
export interface WalCheckpointer {
  /**
   * Call on the writer's connection before each transaction begins (nothing open on it). When the
   * worker found the WAL long enough to start over, copies the frames not copied yet (a PASSIVE
   * checkpoint: it waits for no one) so that the transaction starts the WAL from its beginning;
   * otherwise one atomic read. Never throws: a failure leaves the start-over to the worker.
   */
  handOff(writer: PragmaRunner): void;
  /** Stops checkpointing this database and closes the worker's connection to it; idempotent. */
  close(): Promise<void>;
}

/**
 * The worker (CommonJS, run with `eval`; workerData is the driver's path). Messages in:
 * `{ op: "open", id, path, busyTimeoutMs, intervalMs, checkpointPages, restartPages, maxWalPages,
 * idleTruncateBytes, idleTruncateMs, due }` (due: an Int32Array over a SharedArrayBuffer, set to 1 when
 * the writer should start the WAL over) and
 * `{ op: "close", id }`; out: `{ id, done: true }` for both, `{ id, failed }` when a database's
 * connection fails (it is then closed).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { closeSync, openSync, readSync, statSync } = require("node:fs");
const { endianness } = require("node:os");
const header = Buffer.alloc(136);
const RESTART_WAIT_MS = 20;
const Database = require(workerData);
const open = new Map();

function walBytes(path) {
  try { return statSync(path + "-wal").size; } catch { return 0; }
}

function stop(id) {
  const c = open.get(id);
  if (c === undefined) return;
  open.delete(id);
  clearInterval(c.timer);
  try { c.db.close(); } catch {}
  if (c.shm !== undefined) try { closeSync(c.shm); } catch {}
}

// WAL pages not copied into the database yet: mxFrame (offset 16) minus nBackfill (offset 96) of the
// wal-index, in native byte order; undefined when unknown (then a checkpoint is always due).
function pending(c) {
  try {
    c.shm ??= openSync(c.path + "-shm", "r");
    if (readSync(c.shm, header, 0, 136, 0) < 136) return undefined;
    const le = endianness() === "LE";
    const frames = le ? header.readUInt32LE(16) : header.readUInt32BE(16);
    const copied = le ? header.readUInt32LE(96) : header.readUInt32BE(96);
    return frames >= copied ? frames - copied : undefined;
  } catch {
    return undefined;
  }
}

function tick(c) {
  const version = c.db.pragma("data_version", { simple: true });
  if (version !== c.seen) {
    c.seen = version;
    c.lastCommit = Date.now();
    c.dirty = true;
    c.idle = false;
    const due = pending(c);
    if (due !== undefined && due < c.checkpointPages) return;
    const [result] = c.db.pragma("wal_checkpoint(PASSIVE)");
    if (result.log < c.restartPages) return;
    // The writer's thread copies the frames left and starts the WAL over before its next transaction
    // (handOff). Only when it has not, and the WAL is past maxWalPages, a RESTART here: it waits for the
    // writer's transaction (at most RESTART_WAIT_MS, then as long as busy_timeout).
    if (Atomics.exchange(c.due, 0, 1) === 0 || result.log <= c.maxWalPages) return;
    c.db.pragma("busy_timeout = " + RESTART_WAIT_MS);
    let restarted;
    try {
      [restarted] = c.db.pragma("wal_checkpoint(RESTART)");
    } finally {
      c.db.pragma("busy_timeout = " + c.busyTimeoutMs);
    }
    if (restarted.busy !== 0) c.db.pragma("wal_checkpoint(RESTART)");
    Atomics.store(c.due, 0, 0);
  } else if (c.dirty) {
    // One interval without a commit: copy what is left. The WAL file keeps its size, so the next
    // writer overwrites frames already allocated.
    c.dirty = false;
    c.db.pragma("wal_checkpoint(PASSIVE)");
  } else if (!c.idle && Date.now() - c.lastCommit >= c.idleTruncateMs) {
    c.idle = true;
    if (walBytes(c.path) > c.idleTruncateBytes) c.db.pragma("wal_checkpoint(TRUNCATE)");
  }
}

parentPort.on("message", (m) => {
  if (m.op === "close") {
    stop(m.id);
    parentPort.postMessage({ id: m.id, done: true });
    return;
  }
  let db;
  try {
    db = new Database(m.path, { fileMustExist: true });
    db.pragma("busy_timeout = " + m.busyTimeoutMs);
    db.pragma("synchronous = FULL");
    db.pragma("wal_autocheckpoint = 0");
    const c = { db, path: m.path, busyTimeoutMs: m.busyTimeoutMs, checkpointPages: m.checkpointPages, restartPages: m.restartPages, maxWalPages: m.maxWalPages, idleTruncateBytes: m.idleTruncateBytes, idleTruncateMs: m.idleTruncateMs, due: m.due,
      seen: db.pragma("data_version", { simple: true }), dirty: true, idle: false, lastCommit: Date.now() };
    c.timer = setInterval(() => {
      try { tick(c); } catch (e) {
        stop(m.id);
        parentPort.postMessage({ id: m.id, failed: String((e && e.stack) || e) });
      }
    }, m.intervalMs);
    open.set(m.id, c);
    parentPort.postMessage({ id: m.id, done: true });
  } catch (e) {
    try { db?.close(); } catch {}
    parentPort.postMessage({ id: m.id, failed: String((e && e.stack) || e) });
  }
});
`;

interface Reply {
  readonly id: number;
  readonly done?: true;
  readonly failed?: string;
}

/** The process's worker and what waits on it. */
interface Shared {
  readonly worker: Worker;
  /** Replies awaited, by database id. */
  readonly awaiting: Map<number, (reply: Reply) => void>;
  /** The failure callback of every database the worker checkpoints. */
  readonly registered: Map<number, (error: Error) => void>;
}

let shared: Shared | undefined;
let nextId = 1;

function sharedWorker(): Shared {
  if (shared !== undefined) return shared;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: createRequire(import.meta.url).resolve("better-sqlite3"),
  });
  worker.unref(); // referenced only while a reply is awaited (ask)
  const made: Shared = { worker, awaiting: new Map(), registered: new Map() };
  const lost = (error: Error) => {
    if (shared === made) shared = undefined;
    for (const answer of made.awaiting.values()) answer({ id: 0, failed: error.message });
    made.awaiting.clear();
    for (const onFailure of made.registered.values()) onFailure(error);
    made.registered.clear();
  };
  worker.on("message", (reply: Reply) => {
    const answer = made.awaiting.get(reply.id);
    if (answer !== undefined) {
      made.awaiting.delete(reply.id);
      if (made.awaiting.size === 0) worker.unref();
      answer(reply);
      return;
    }
    if (reply.failed !== undefined) {
      const onFailure = made.registered.get(reply.id);
      made.registered.delete(reply.id);
      onFailure?.(new Error(`the WAL checkpointer failed: ${reply.failed}`));
    }
  });
  worker.on("error", (e) => lost(e));
  worker.on("exit", () => lost(new Error("the WAL checkpointer's worker stopped")));
  shared = made;
  return made;
}

/** A message to the worker: its operation, the database's id and the operation's fields. */
interface Ask {
  readonly op: "open" | "close";
  readonly id: number;
  readonly [field: string]: unknown;
}

function ask(s: Shared, message: Ask): Promise<Reply> {
  return new Promise((resolve) => {
    s.awaiting.set(message.id, resolve);
    s.worker.ref();
    s.worker.postMessage(message);
  });
}

/**
 * Starts checkpointing the SQLite database file at `path` (in WAL mode, its writer's connection set to
 * wal_autocheckpoint=0). Resolves once the worker's connection is open; rejects, after calling
 * `onFailure`, when it cannot open the file; throws RangeError for options that are not positive
 * integers.
 *
 * @example
 * sqlite.pragma("wal_autocheckpoint = 0")
 * const checkpointer = await startWalCheckpointer(path, 5_000, {}, () => sqlite.pragma("wal_autocheckpoint = 1000"))
 * // … at shutdown, before closing the writer's connection:
 * await checkpointer.close()
 */
export async function startWalCheckpointer(
  path: string,
  busyTimeoutMs: number,
  options: WalCheckpointerOptions = {},
  onFailure: (error: Error) => void = () => {},
): Promise<WalCheckpointer> {
  const settings = { ...WAL_CHECKPOINTER_DEFAULTS, ...options };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} is a positive integer`);
    }
  }
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    onFailure(error);
  };
  const s = sharedWorker();
  const id = nextId++;
  s.registered.set(id, fail);
  const due = new Int32Array(new SharedArrayBuffer(4));
  const opened = await ask(s, { op: "open", id, path, busyTimeoutMs, due, ...settings });
  if (opened.failed !== undefined) {
    s.registered.delete(id);
    const error = new Error(`the WAL checkpointer failed: ${opened.failed}`);
    fail(error);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    handOff(writer) {
      if (Atomics.load(due, 0) === 0) return;
      try {
        const [result] = writer.pragma("wal_checkpoint(PASSIVE)") as { busy: number }[];
        // Busy: the worker is checkpointing right now; try again before the next transaction.
        if (result?.busy === 0) Atomics.store(due, 0, 0);
      } catch {
        Atomics.store(due, 0, 0); // the worker restarts the WAL past maxWalPages
      }
    },
    close() {
      closing ??= (async () => {
        if (!s.registered.delete(id)) return; // failed: nothing open in the worker
        await ask(s, { op: "close", id });
      })();
      return closing;
    },
  };
}
