/**
 * Appending entries to a space's log inside the writer's transaction: the entries, the node hashes they
 * complete and the new tree state are written by the same transaction as the projections of the events,
 * so a crash or a thrown error leaves all of them or none. The space's writer lock (spaceTransaction) is
 * what makes "the next index is the current size" safe.
 */
import type { Digest } from "../../log/crypto.js";
import { createAppender } from "../../log/merkle/appender.js";
import { leafHash } from "../../log/merkle/hash.js";
import type { StoredNode } from "../../log/merkle/hash-store.js";
import type { SpaceTx } from "../database.js";
import { toDbBytes } from "../db-bytes.js";
import { rowsStatement } from "../precompiled.js";
import { type LogState, readLogState, writeLogState } from "./log-state.js";
import { createSqlHashStore } from "./sql-hash-store.js";

/** Entry rows per insert: 5 parameters each, 750 per statement. */
export const ENTRY_ROWS_PER_INSERT = 150;

/** log_entries rows, compiled once per row count (../precompiled.ts). */
const INSERT_ENTRIES = rowsStatement(ENTRY_ROWS_PER_INSERT, (db, rows, $) =>
  db.insertInto("log_entries").values(
    Array.from({ length: rows }, (_, r) => ({
      space: $(r * 5),
      idx: $(r * 5 + 1),
      entry: $(r * 5 + 2),
      leaf_hash: $(r * 5 + 3),
      created_at: $(r * 5 + 4),
    })),
  ),
);

/** An appended entry's leaf as its row holds it. */
export interface AppendedLeaf {
  readonly index: number;
  readonly leafHash: Digest;
  /** created_at as written (ISO 8601). */
  readonly createdAt: string;
}

/** Where the appended entries landed and the tree they make. */
export interface AppendResult {
  /** The index of the first appended entry (the size before). */
  readonly firstIndex: number;
  /** The tree size after the append. */
  readonly size: number;
  /** The tree root after the append (RFC 9162 §2.1.1). */
  readonly root: Digest;
  /** The leaves of firstIndex … size − 1, as written to log_entries (receipts state them). */
  readonly leaves: readonly AppendedLeaf[];
}

/** Options of appendEntries. */
export interface AppendOptions {
  /**
   * The tree as this same transaction already read it under the writer lock (saves reading it again).
   * Anything else is a programmer error: a stale size collides with the stored entries' primary key.
   */
  readonly before?: LogState;
}

/**
 * Appends `entries` (already encoded by src/domain) at the end of the space's log.
 *
 * @example
 * const { firstIndex, root } = await db.spaceTransaction("market", async (w) => {
 *   const result = await appendEntries(w, [encodedEvent])
 *   await applyToProjections(w, events)
 *   return result
 * })
 */
export async function appendEntries(
  w: SpaceTx,
  entries: readonly Uint8Array[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  const before = options.before ?? (await readLogState(w.tx, w.space));
  const appender = createAppender(before.frontier);
  const createdAt = new Date().toISOString();
  const nodes: StoredNode[] = [];
  const leaves: AppendedLeaf[] = [];
  for (const entry of entries) {
    const leaf = leafHash(entry);
    leaves.push({ index: appender.size, leafHash: leaf, createdAt });
    nodes.push(...appender.append(leaf));
  }
  for (let first = 0; first < entries.length; first += ENTRY_ROWS_PER_INSERT) {
    const rows = Math.min(ENTRY_ROWS_PER_INSERT, entries.length - first);
    await INSERT_ENTRIES.execute(w.tx, rows, entryValues(w.space, entries, leaves, first, rows));
  }
  await createSqlHashStore(w.tx, w.space).put(nodes);
  const root = appender.root();
  await writeLogState(w, { size: appender.size, root, frontier: appender.frontier() });
  return { firstIndex: before.size, size: appender.size, root, leaves };
}

/**
 * The values of `rows` log_entries rows from `first` on, row after row (INSERT_ENTRIES' order), written
 * straight into one array: no row object and no array per row to flatten (one of each per event).
 */
function entryValues(
  space: string,
  entries: readonly Uint8Array[],
  leaves: readonly AppendedLeaf[],
  first: number,
  rows: number,
): unknown[] {
  const values = new Array<unknown>(rows * 5);
  for (let r = 0; r < rows; r++) {
    const leaf = leaves[first + r] as AppendedLeaf;
    values[r * 5] = space;
    values[r * 5 + 1] = leaf.index;
    values[r * 5 + 2] = toDbBytes(entries[first + r] as Uint8Array);
    values[r * 5 + 3] = toDbBytes(leaf.leafHash);
    values[r * 5 + 4] = leaf.createdAt;
  }
  return values;
}
