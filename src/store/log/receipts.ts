/**
 * Receipts for appended entries: one signed receipt (src/log/receipt) per entry, by the space's log key,
 * stating the entry's index, its leaf hash and the time the store recorded it. The leaf hashes and times
 * are read back from log_entries, so a receipt states exactly what the log holds; issued inside the
 * writer's transaction, receipts reach the caller only if that transaction commits.
 */
import { type Receipt, signReceipt } from "../../log/receipt/index.js";
import { fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import type { AppendResult } from "./append-entries.js";
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
 * signer. Throws StoreError("not-found") when an entry is not in log_entries (run it on the transaction that
 * appended, or after it committed), ("corrupt") when a stored time does not parse.
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
  appended: Pick<AppendResult, "firstIndex" | "size">,
): Promise<IssuedReceipt[]> {
  const receipts: IssuedReceipt[] = [];
  for (let start = appended.firstIndex; start < appended.size; start += MAX_ENTRIES_PER_READ) {
    const end = Math.min(appended.size, start + MAX_ENTRIES_PER_READ);
    for (const row of await readLeaves(db, signer.space, start, end)) {
      const receipt: Receipt = {
        origin: signer.origin,
        index: row.idx,
        leafHash: fromDbBytes(row.leaf_hash),
        time: parseStoredTime(signer.space, row.idx, row.created_at),
      };
      receipts.push({ ...receipt, note: signReceipt(receipt, signer.signer), keyId: signer.keyId });
    }
  }
  return receipts;
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
