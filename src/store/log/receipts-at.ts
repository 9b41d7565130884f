/**
 * Receipts of many scattered entries at once (the member export: a member's entries are spread over the
 * whole log), read from the stored batches with few statements: the batch starts in the span (the primary
 * key's index alone), the rows of the batches that hold a wanted entry, and the leaf hashes of those
 * batches, adjacent batches in one range read. A batch is hashed into its tree once for all its wanted
 * entries. Nothing is signed, but the batches of entries older than migration 0108, once.
 */
import type { Digest } from "../../log/crypto.js";
import { type BatchTree, batchPath, formatEntryReceiptHead } from "../../log/receipt/index.js";
import { fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import { createHashEncoder } from "./hash-encoder.js";
import { type StoredBatch, signLegacyBatches } from "./receipt-batches.js";
import { checkedTree, type IssuedReceipt, receiptOf } from "./receipts.js";
import type { SpaceLogSigner } from "./space-log-signer.js";

/** An entry whose receipt is wanted, with its leaf hash when the caller already read it. */
export interface WantedEntry {
  readonly index: number;
  readonly leafHash?: Uint8Array;
}

/** Batch rows fetched per statement (one parameter each). */
const BATCHES_PER_SELECT = 500;

/** Leaf hashes one range read returns at most (2 MiB of hashes). */
const LEAVES_PER_RANGE = 65_536;

/**
 * The receipts of `wanted` (ascending indices), in the same order. Throws StoreError("not-found") for an
 * index the log does not hold, ("corrupt") for a stored batch that does not match the entries.
 *
 * @example const receipts = await readReceiptsAt(db.kysely, signer, [{ index: 3 }, { index: 907 }])
 */
export async function readReceiptsAt(
  db: Executor,
  signer: SpaceLogSigner,
  wanted: readonly WantedEntry[],
): Promise<IssuedReceipt[]> {
  const { placed, encode } = await placeInBatches(db, signer, wanted);
  return placed.map((p) => receiptOf(signer.origin, p.batch, p.tree, p, encode));
}

/** A receipt in two parts: the text is `${head}\n${signedBatch}` (formatEntryReceipt). */
export interface ReceiptParts {
  /** The entry's lines (formatEntryReceiptHead). */
  readonly head: string;
  /** The signed batch note, the same string for every receipt of a batch. */
  readonly signedBatch: string;
}

/**
 * The last batch tree a call built, for the next call of a reader going up the log: a stored batch
 * straddling two calls' entries (a member export proves 1,024 entries a call; bulk writes store batches
 * of hundreds) is then read and hashed once, not once per call.
 */
export interface LastBatchTree {
  last?: { readonly first: number; readonly leaves: readonly Digest[]; readonly tree: BatchTree };
}

/**
 * The receipts of `wanted` as readReceiptsAt reads them, in parts: a writer sends a batch's signed note
 * once per batch instead of once per receipt text (the member export). With `kept`, successive calls
 * with ascending entries share the batch between them. Throws as readReceiptsAt does.
 *
 * @example const [{ head, signedBatch }] = await readReceiptPartsAt(db.kysely, signer, [{ index: 3 }])
 */
export async function readReceiptPartsAt(
  db: Executor,
  signer: SpaceLogSigner,
  wanted: readonly WantedEntry[],
  kept: LastBatchTree = {},
): Promise<ReceiptParts[]> {
  const { placed, encode } = await placeInBatches(db, signer, wanted, kept);
  return placed.map((p) => ({
    head: formatEntryReceiptHead(
      { index: p.index, leafHash: p.leafHash, path: batchPath(p.tree, p.index - p.batch.first) },
      encode,
    ),
    signedBatch: p.batch.note,
  }));
}

interface Placed {
  readonly index: number;
  readonly leafHash: Digest;
  readonly batch: StoredBatch;
  readonly tree: BatchTree;
}

/** Each wanted entry with its stored batch and that batch's checked tree; an encoder for their hashes. */
async function placeInBatches(
  db: Executor,
  signer: SpaceLogSigner,
  wanted: readonly WantedEntry[],
  kept: LastBatchTree = {},
): Promise<{ placed: Placed[]; encode: (hash: Uint8Array) => string }> {
  // The receipts of a batch share most of their path hashes: each is encoded once (hash-encoder.ts),
  // ten times fewer base64 encodings for a member export.
  const encode = createHashEncoder();
  const first = wanted[0];
  const last = wanted.at(-1);
  if (first === undefined || last === undefined) return { placed: [], encode };
  let holding = await holdingBatches(db, signer.space, wanted);
  if (holding === undefined) {
    await signLegacyBatches(db, signer, first.index, last.index + 1);
    holding = await holdingBatches(db, signer.space, wanted);
  }
  if (holding === undefined) {
    throw new StoreError(
      "not-found",
      `space ${signer.space} lacks an entry of [${first.index}, ${last.index}]`,
    );
  }
  // A stored batch never changes: the one the previous call hashed is taken as it was.
  const reuse = holding.batches.find((b) => b.first === kept.last?.first);
  const fresh = holding.batches.filter((b) => b !== reuse);
  const leaves = await leavesOf(db, signer.space, fresh, wanted);
  const trees = new Map(
    fresh.map((b) => [b.first, checkedTree(signer.space, b, leaves.get(b.first) ?? [])]),
  );
  if (reuse !== undefined && kept.last !== undefined) {
    leaves.set(reuse.first, [...kept.last.leaves]);
    trees.set(reuse.first, kept.last.tree);
  }
  const final = holding.batches.at(-1);
  if (final !== undefined) {
    kept.last = {
      first: final.first,
      leaves: leaves.get(final.first) ?? [],
      tree: trees.get(final.first) as BatchTree,
    };
  }
  const placed = wanted.map((w, i) => {
    const batch = holding.of[i] as StoredBatch;
    const leafHash = (leaves.get(batch.first) ?? [])[w.index - batch.first] as Digest;
    return { index: w.index, leafHash, batch, tree: trees.get(batch.first) as BatchTree };
  });
  return { placed, encode };
}

/** The batches holding every wanted entry and, per entry, its batch; undefined when one has none. */
async function holdingBatches(
  db: Executor,
  space: string,
  wanted: readonly WantedEntry[],
): Promise<{ batches: StoredBatch[]; of: StoredBatch[] } | undefined> {
  const start = (wanted[0] as WantedEntry).index;
  const end = (wanted.at(-1) as WantedEntry).index + 1;
  const [before, inside] = await Promise.all([
    db
      .selectFrom("receipt_batches")
      .select("first_index")
      .where("space", "=", space)
      .where("first_index", "<=", start)
      .orderBy("first_index", "desc")
      .limit(1)
      .execute(),
    db
      .selectFrom("receipt_batches")
      .select("first_index")
      .where("space", "=", space)
      .where("first_index", ">", start)
      .where("first_index", "<", end)
      .orderBy("first_index")
      .execute(),
  ]);
  const starts = [...before, ...inside].map((r) => r.first_index);
  // Each entry's candidate: the last batch starting at or before it.
  const candidateOf: number[] = [];
  let at = 0;
  for (const w of wanted) {
    while (at + 1 < starts.length && (starts[at + 1] as number) <= w.index) at++;
    const s = starts[at];
    if (s === undefined || s > w.index) return undefined;
    candidateOf.push(s);
  }
  const byFirst = new Map<number, StoredBatch>();
  const distinct = [...new Set(candidateOf)];
  for (let i = 0; i < distinct.length; i += BATCHES_PER_SELECT) {
    const rows = await db
      .selectFrom("receipt_batches")
      .select(["first_index", "size", "time", "root", "key_id", "note"])
      .where("space", "=", space)
      .where("first_index", "in", distinct.slice(i, i + BATCHES_PER_SELECT))
      .execute();
    for (const r of rows) {
      byFirst.set(r.first_index, {
        first: r.first_index,
        size: r.size,
        time: r.time,
        root: fromDbBytes(r.root),
        keyId: r.key_id,
        note: r.note,
      });
    }
  }
  const of: StoredBatch[] = [];
  for (const [i, w] of wanted.entries()) {
    const batch = byFirst.get(candidateOf[i] as number);
    if (batch === undefined || w.index >= batch.first + batch.size) return undefined;
    of.push(batch);
  }
  return { batches: [...byFirst.values()].sort((a, b) => a.first - b.first), of };
}

/**
 * Every leaf hash of each batch, by the batch's first index: a batch of one is its wanted entry's (when
 * the caller gave it); the others are read, adjacent batches in one range.
 */
async function leavesOf(
  db: Executor,
  space: string,
  batches: readonly StoredBatch[],
  wanted: readonly WantedEntry[],
): Promise<Map<number, Digest[]>> {
  const given = new Map(
    wanted.flatMap((w) => (w.leafHash === undefined ? [] : [[w.index, w.leafHash] as const])),
  );
  const out = new Map<number, Digest[]>();
  const toRead: StoredBatch[] = [];
  for (const b of batches) {
    const own = b.size === 1 ? given.get(b.first) : undefined;
    if (own !== undefined) out.set(b.first, [own]);
    else toRead.push(b);
  }
  const ranges: { start: number; end: number; batches: StoredBatch[] }[] = [];
  for (const b of toRead) {
    const range = ranges.at(-1);
    if (
      range !== undefined &&
      range.end === b.first &&
      b.first + b.size - range.start <= LEAVES_PER_RANGE
    ) {
      range.end = b.first + b.size;
      range.batches.push(b);
    } else {
      ranges.push({ start: b.first, end: b.first + b.size, batches: [b] });
    }
  }
  for (const range of ranges) {
    const rows = await db
      .selectFrom("log_entries")
      .select(["idx", "leaf_hash"])
      .where("space", "=", space)
      .where("idx", ">=", range.start)
      .where("idx", "<", range.end)
      .orderBy("idx")
      .execute();
    const hashes = rows.map((r) => fromDbBytes(r.leaf_hash));
    for (const b of range.batches) {
      out.set(b.first, hashes.slice(b.first - range.start, b.first - range.start + b.size));
    }
  }
  return out;
}
