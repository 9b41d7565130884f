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
import { chunked, toDbBytes } from "../db-bytes.js";
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
  const rows = entries.map((entry) => {
    const leaf = leafHash(entry);
    const idx = appender.size;
    leaves.push({ index: idx, leafHash: leaf, createdAt });
    nodes.push(...appender.append(leaf));
    return {
      space: w.space,
      idx,
      entry: toDbBytes(entry),
      leaf_hash: toDbBytes(leaf),
      created_at: createdAt,
    };
  });
  for (const part of chunked(rows, ENTRY_ROWS_PER_INSERT)) {
    const values = part.flatMap((r) => [r.space, r.idx, r.entry, r.leaf_hash, r.created_at]);
    await INSERT_ENTRIES.execute(w.tx, part.length, values);
  }
  await createSqlHashStore(w.tx, w.space).put(nodes);
  const root = appender.root();
  await writeLogState(w, { size: appender.size, root, frontier: appender.frontier() });
  return { firstIndex: before.size, size: appender.size, root, leaves };
}
