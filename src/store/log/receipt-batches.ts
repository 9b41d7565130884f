/**
 * The stored receipt batches of a space (table receipt_batches, migration 0108): the log signs a batch
 * note once when it appends (receipts.ts) and keeps it here; reading a receipt again only reads.
 *
 * Entries appended before migration 0108 have no batch. The first read that needs one signs it and keeps
 * it (signLegacyBatches), so each old entry is signed once more, ever. Those batches are cut the same way
 * by every reader, whatever range it asked for: within fixed blocks of LEGACY_BLOCK indices, runs of
 * uncovered entries with the same created_at (one append wrote one created_at, so a run is at most the
 * append that wrote it); two readers racing write identical rows, and the second insert is ignored.
 */
import { batchTree, signReceiptBatch } from "../../log/receipt/index.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import { precompile } from "../precompiled.js";
import type { Executor } from "../schema.js";
import type { SpaceLogSigner } from "./space-log-signer.js";

/** A signed batch as stored. */
export interface StoredBatch {
  readonly first: number;
  readonly size: number;
  /** Unix ms, as signed. */
  readonly time: number;
  readonly root: Uint8Array;
  /** The store's id of the key that signed (keys/space-keys.ts). */
  readonly keyId: string;
  /** The signed batch note. */
  readonly note: string;
}

/** Legacy batches never cross a multiple of this index. */
export const LEGACY_BLOCK = 256;

/**
 * Signs and stores the batch of `leaves` (entries first … first + leaves.length − 1, appended at `time`)
 * in the writer's transaction, and returns it.
 *
 * @example const batch = await storeNewBatch(w.tx, signer, result.firstIndex, leafHashes, time)
 */
export async function storeNewBatch(
  db: Executor,
  signer: SpaceLogSigner,
  first: number,
  leaves: readonly Uint8Array[],
  time: number,
): Promise<StoredBatch & { readonly tree: ReturnType<typeof batchTree> }> {
  const tree = batchTree(leaves);
  const fields = { origin: signer.origin, first, size: leaves.length, root: tree.root, time };
  const note = signReceiptBatch(fields, signer.signer);
  const batch = { first, size: leaves.length, time, root: tree.root, keyId: signer.keyId, note };
  await insertBatch(db, signer.space, batch, false);
  return { ...batch, tree };
}

/**
 * The stored batches that hold entries of [start, end), in index order; a gap is a range of entries with
 * no batch (appended before migration 0108).
 *
 * @example const batches = await readBatches(db, "market", 41, 42)
 */
export async function readBatches(
  db: Executor,
  space: string,
  start: number,
  end: number,
): Promise<StoredBatch[]> {
  const select = db
    .selectFrom("receipt_batches")
    .select(["first_index", "size", "time", "root", "key_id", "note"])
    .where("space", "=", space);
  const [before, inside] = await Promise.all([
    select.where("first_index", "<=", start).orderBy("first_index", "desc").limit(1).execute(),
    select
      .where("first_index", ">", start)
      .where("first_index", "<", end)
      .orderBy("first_index")
      .execute(),
  ]);
  return [...before, ...inside]
    .map((row) => ({
      first: row.first_index,
      size: row.size,
      time: row.time,
      root: fromDbBytes(row.root),
      keyId: row.key_id,
      note: row.note,
    }))
    .filter((b) => b.first + b.size > start);
}

/**
 * Signs and stores a batch for every entry of [start, end) that has none (see the module comment), each
 * cut the same way whoever asks. Returns how many batches it signed.
 *
 * @example await signLegacyBatches(db, signer, 0, 100)
 */
export async function signLegacyBatches(
  db: Executor,
  signer: SpaceLogSigner,
  start: number,
  end: number,
): Promise<number> {
  const from = Math.floor(start / LEGACY_BLOCK) * LEGACY_BLOCK;
  const to = Math.ceil(end / LEGACY_BLOCK) * LEGACY_BLOCK;
  const covered = await readBatches(db, signer.space, from, to);
  const rows = await db
    .selectFrom("log_entries")
    .select(["idx", "leaf_hash", "created_at"])
    .where("space", "=", signer.space)
    .where("idx", ">=", from)
    .where("idx", "<", to)
    .orderBy("idx")
    .execute();
  const isCovered = (i: number) => covered.some((b) => i >= b.first && i < b.first + b.size);
  let signed = 0;
  let run: (typeof rows)[number][] = [];
  const flush = async () => {
    const head = run[0];
    if (head === undefined) return;
    const time = storedTime(signer.space, head.idx, head.created_at);
    const leaves = run.map((r) => fromDbBytes(r.leaf_hash));
    const tree = batchTree(leaves);
    const fields = {
      origin: signer.origin,
      first: head.idx,
      size: run.length,
      root: tree.root,
      time,
    };
    const batch = {
      first: head.idx,
      size: run.length,
      time,
      root: tree.root,
      keyId: signer.keyId,
      note: signReceiptBatch(fields, signer.signer),
    };
    await insertBatch(db, signer.space, batch, true);
    signed++;
    run = [];
  };
  for (const row of rows) {
    const last = run.at(-1);
    const joins =
      last !== undefined &&
      last.idx + 1 === row.idx &&
      last.created_at === row.created_at &&
      row.idx % LEGACY_BLOCK !== 0;
    if (!joins) await flush();
    if (!isCovered(row.idx)) run.push(row);
    else await flush();
  }
  await flush();
  return signed;
}

async function insertBatch(
  db: Executor,
  space: string,
  batch: StoredBatch,
  ignoreExisting: boolean,
): Promise<void> {
  const row = {
    space,
    first_index: batch.first,
    size: batch.size,
    time: batch.time,
    root: toDbBytes(batch.root),
    key_id: batch.keyId,
    note: batch.note,
  };
  if (ignoreExisting) {
    await db
      .insertInto("receipt_batches")
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  } else {
    const values = [space, batch.first, batch.size, batch.time, row.root, batch.keyId, batch.note];
    await INSERT_BATCH.execute(db, values);
  }
}

/** Every append writes one batch row: compiled once (../precompiled.ts). */
const INSERT_BATCH = precompile((db, $) =>
  db.insertInto("receipt_batches").values({
    space: $(0),
    first_index: $(1),
    size: $(2),
    time: $(3),
    root: $(4),
    key_id: $(5),
    note: $(6),
  }),
);

/** created_at is ISO 8601 text written by appendEntries; anything else is a damaged row. */
export function storedTime(space: string, index: number, createdAt: string): number {
  const time = Date.parse(createdAt);
  if (!Number.isSafeInteger(time) || time < 0) {
    throw new StoreError("corrupt", `space ${space}: entry ${index} has no valid time`);
  }
  return time;
}
