/**
 * Receipts for appended entries (receipt v2, src/log/receipt): the log signs each append batch once with
 * the space's log key (a batch note over the MTH of the batch's leaf hashes, its first index, size and
 * time) and keeps that signature (receipt-batches.ts); each entry's receipt is the signed note with the
 * entry's index, leaf hash and audit path in the batch tree. The leaf hashes and time are those of the
 * log_entries rows written by the same transaction, so a receipt states exactly what the log holds, and
 * it reaches the caller only if that transaction commits.
 *
 * Reading a receipt again (readReceipts) rebuilds it from the stored batch and the batch's leaf hashes:
 * byte for byte the receipt the write answered, whatever key the space holds now, and nothing is signed
 * (but the batches of entries older than the stored batches, signed once on first read).
 */
import type { Digest } from "../../log/crypto.js";
import {
  type BatchTree,
  batchPath,
  batchTree,
  formatEntryReceipt,
  type Receipt,
} from "../../log/receipt/index.js";
import { fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import type { AppendedLeaf, AppendResult } from "./append-entries.js";
import { createHashEncoder } from "./hash-encoder.js";
import {
  readBatches,
  type StoredBatch,
  signLegacyBatches,
  storedTime,
  storeNewBatch,
} from "./receipt-batches.js";
import type { SpaceLogSigner } from "./space-log-signer.js";

/** A receipt as issued: what it states, the receipt text, and the store's id of the key that signed. */
export interface IssuedReceipt extends Receipt {
  /** The receipt (fabrique-receipt/v2; verify with verifyReceipt and the space's verifier key). */
  readonly note: string;
  /** The store's id of the space key that signed its batch (keys/space-keys.ts). */
  readonly keyId: string;
}

/**
 * Signs the batch of entries `appended` wrote (one signature), stores it, and returns a receipt per
 * entry, in index order. Run it in the transaction that appended, with appendEntries' result.
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
  appended: Pick<AppendResult, "firstIndex" | "leaves">,
): Promise<IssuedReceipt[]> {
  const { firstIndex, leaves } = appended;
  const head = leaves[0];
  if (head === undefined) return [];
  leaves.forEach((leaf, i) => {
    if (leaf.index !== firstIndex + i || leaf.createdAt !== head.createdAt) {
      throw new Error("issueReceipts takes the leaves of one append, in order");
    }
  });
  const time = storedTime(signer.space, head.index, head.createdAt);
  const hashes = leaves.map((l) => l.leafHash);
  const batch = await storeNewBatch(db, signer, firstIndex, hashes, time);
  // One encoder for the batch: its receipts share most path hashes (hash-encoder.ts).
  const encode = createHashEncoder();
  return leaves.map((leaf) => receiptOf(signer.origin, batch, batch.tree, leaf, encode));
}

/**
 * The receipts of entries [start, end) as stored (at most MAX_RECEIPTS_PER_READ). Throws
 * StoreError("not-found") when an entry is not in the log, ("corrupt") when a stored batch does not match
 * the entries' leaf hashes.
 *
 * @example const [receipt] = await readReceipts(db.kysely, signer, 41, 42)
 */
export async function readReceipts(
  db: Executor,
  signer: SpaceLogSigner,
  start: number,
  end: number,
): Promise<IssuedReceipt[]> {
  if (end - start > MAX_RECEIPTS_PER_READ) {
    throw new RangeError(`read at most ${MAX_RECEIPTS_PER_READ} receipts at a time`);
  }
  if (end <= start) return [];
  let batches = await readBatches(db, signer.space, start, end);
  if (!covers(batches, start, end)) {
    await signLegacyBatches(db, signer, start, end);
    batches = await readBatches(db, signer.space, start, end);
  }
  if (!covers(batches, start, end)) {
    throw new StoreError("not-found", `space ${signer.space} has no entries [${start}, ${end})`);
  }
  const receipts: IssuedReceipt[] = [];
  for (const batch of batches) {
    const leaves = await batchLeaves(db, signer.space, batch);
    const tree = checkedTree(signer.space, batch, leaves);
    const encode = createHashEncoder();
    const from = Math.max(start, batch.first);
    const to = Math.min(end, batch.first + batch.size);
    for (let i = from; i < to; i++) {
      const leaf = { index: i, leafHash: leaves[i - batch.first] as Digest };
      receipts.push(receiptOf(signer.origin, batch, tree, leaf, encode));
    }
  }
  return receipts;
}

/** Receipts one readReceipts call returns at most. */
export const MAX_RECEIPTS_PER_READ = 4096;

/**
 * An entry's receipt from its stored batch and the batch's tree (built once for all its entries).
 *
 * @example receiptOf(signer.origin, batch, batchTree(leaves), { index: 41, leafHash })
 */
export function receiptOf(
  origin: string,
  batch: StoredBatch,
  tree: BatchTree,
  leaf: Pick<AppendedLeaf, "index" | "leafHash">,
  encode?: (hash: Uint8Array) => string,
): IssuedReceipt {
  const path = batchPath(tree, leaf.index - batch.first);
  const proof = { index: leaf.index, leafHash: leaf.leafHash, path };
  const note = formatEntryReceipt(proof, batch.note, encode);
  return {
    origin,
    index: leaf.index,
    leafHash: leaf.leafHash,
    time: batch.time,
    note,
    keyId: batch.keyId,
  };
}

/**
 * The tree of a stored batch from its entries' leaf hashes, checked against the signed root: a batch row
 * or an entry changed in the database would otherwise yield receipts that do not verify.
 */
export function checkedTree(
  space: string,
  batch: StoredBatch,
  leaves: readonly Digest[],
): BatchTree {
  const tree = batchTree(leaves);
  if (!Buffer.from(tree.root).equals(batch.root)) {
    throw new StoreError(
      "corrupt",
      `space ${space}: the entries of receipt batch ${batch.first}+${batch.size} do not hash to its signed root`,
    );
  }
  return tree;
}

/** The leaf hashes of every entry of `batch`, in order. */
export async function batchLeaves(
  db: Executor,
  space: string,
  batch: StoredBatch,
): Promise<Digest[]> {
  const rows = await db
    .selectFrom("log_entries")
    .select(["leaf_hash"])
    .where("space", "=", space)
    .where("idx", ">=", batch.first)
    .where("idx", "<", batch.first + batch.size)
    .orderBy("idx")
    .execute();
  if (rows.length !== batch.size) {
    throw new StoreError(
      "corrupt",
      `space ${space}: receipt batch ${batch.first}+${batch.size} has ${rows.length} entries in the log`,
    );
  }
  return rows.map((r) => fromDbBytes(r.leaf_hash));
}

function covers(batches: readonly StoredBatch[], start: number, end: number): boolean {
  let next = start;
  for (const b of batches) {
    if (b.first > next) return false;
    next = Math.max(next, b.first + b.size);
  }
  return next >= end;
}
