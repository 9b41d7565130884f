/**
 * Receipts for appended entries: one signed receipt (src/log/receipt) per entry, by the space's log key,
 * stating the entry's index, its leaf hash and the time the store recorded it. The leaf hashes and times
 * are those of the log_entries rows: given by the append that wrote them in this transaction, or else
 * read back, so a receipt states exactly what the log holds; issued inside the writer's transaction,
 * receipts reach the caller only if that transaction commits.
 */
import { type Receipt, signReceipt } from "../../log/receipt/index.js";
import { fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import type { AppendedLeaf, AppendResult } from "./append-entries.js";
import { MAX_ENTRIES_PER_READ } from "./entries.js";
import type { SpaceLogSigner } from "./space-log-signer.js";

/** A receipt as issued: what it states, the signed note, and the store's id of the key that signed. */
export interface IssuedReceipt extends Receipt {
  /** The signed receipt note (verify with verifyReceipt and the space's verifier key). */
  readonly note: string;
  /** The store's id of the space key that signed (keys/space-keys.ts). */
  readonly keyId: string;
}

/**
 * Signs a receipt for each entry of `appended` (indices firstIndex … size − 1) with the space's log
 * signer, from `appended.leaves` when they are the whole range (the result of appendEntries in this
 * transaction), else from the rows read back. Throws StoreError("not-found") when an entry is not in
 * log_entries (run it on the transaction that appended, or after it committed), ("corrupt") when a
 * stored time does not parse.
 *
 * @example
 * const receipts = await db.spaceTransaction(space, async (w) => {
 *   const appended = await appendEntries(w, entries)
 *   return issueReceipts(w.tx, signer, appended)
 * })
 */
export async function issueReceipts(
  db: Executor,
  signer: SpaceLogSigner,
  appended: Pick<AppendResult, "firstIndex" | "size"> & {
    readonly leaves?: readonly AppendedLeaf[];
  },
): Promise<IssuedReceipt[]> {
  const sign = (leaf: AppendedLeaf): IssuedReceipt => {
    const receipt: Receipt = {
      origin: signer.origin,
      index: leaf.index,
      leafHash: leaf.leafHash,
      time: parseStoredTime(signer.space, leaf.index, leaf.createdAt),
    };
    return { ...receipt, note: signReceipt(receipt, signer.signer), keyId: signer.keyId };
  };
  if (coversRange(appended)) return appended.leaves.map(sign);
  const receipts: IssuedReceipt[] = [];
  for (let start = appended.firstIndex; start < appended.size; start += MAX_ENTRIES_PER_READ) {
    const end = Math.min(appended.size, start + MAX_ENTRIES_PER_READ);
    for (const row of await readLeaves(db, signer.space, start, end)) {
      const leaf = {
        index: row.idx,
        leafHash: fromDbBytes(row.leaf_hash),
        createdAt: row.created_at,
      };
      receipts.push(sign(leaf));
    }
  }
  return receipts;
}

/** The leaves are exactly firstIndex … size − 1, in order. */
function coversRange(appended: {
  readonly firstIndex: number;
  readonly size: number;
  readonly leaves?: readonly AppendedLeaf[] | undefined;
}): appended is { firstIndex: number; size: number; leaves: readonly AppendedLeaf[] } {
  const { leaves, firstIndex, size } = appended;
  return (
    leaves !== undefined &&
    leaves.length === size - firstIndex &&
    leaves.every((leaf, i) => leaf.index === firstIndex + i)
  );
}

async function readLeaves(db: Executor, space: string, start: number, end: number) {
  const rows = await db
    .selectFrom("log_entries")
    .select(["idx", "leaf_hash", "created_at"])
    .where("space", "=", space)
    .where("idx", ">=", start)
    .where("idx", "<", end)
    .orderBy("idx")
    .execute();
  if (rows.length !== end - start) {
    throw new StoreError(
      "not-found",
      `space ${space} holds ${rows.length} of the ${end - start} entries in [${start}, ${end}) to receipt`,
    );
  }
  return rows;
}

/** created_at is ISO 8601 text written by appendEntries; anything else is a damaged row. */
function parseStoredTime(space: string, index: number, createdAt: string): number {
  const time = Date.parse(createdAt);
  if (!Number.isSafeInteger(time) || time < 0) {
    throw new StoreError("corrupt", `space ${space}: entry ${index} has no valid time`);
  }
  return time;
}
