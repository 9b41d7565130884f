/**
 * Reading log entries back (to serve entry bundles and to replay projections).
 */
import type { Digest } from "../../log/crypto.js";
import { fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";

/** The most entries one readEntries call returns (four 256-entry tiles). */
export const MAX_ENTRIES_PER_READ = 1024;

/** One stored entry. */
export interface StoredEntry {
  readonly index: number;
  readonly entry: Uint8Array;
  readonly leafHash: Digest;
  readonly createdAt: string;
}

/**
 * The entries of `space` with indices in [start, end), in order. Throws RangeError for a range that is
 * reversed or longer than MAX_ENTRIES_PER_READ, and StoreError("not-found") when an index in it is absent.
 *
 * @example const bundle = await readEntries(db.kysely, "market", 0, 256)
 */
export async function readEntries(
  db: Executor,
  space: string,
  start: number,
  end: number,
): Promise<StoredEntry[]> {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`[${start}, ${end}) is not a range of entry indices`);
  }
  if (end - start > MAX_ENTRIES_PER_READ) {
    throw new RangeError(`read at most ${MAX_ENTRIES_PER_READ} entries at a time`);
  }
  const rows = await db
    .selectFrom("log_entries")
    .select(["idx", "entry", "leaf_hash", "created_at"])
    .where("space", "=", space)
    .where("idx", ">=", start)
    .where("idx", "<", end)
    .orderBy("idx")
    .execute();
  if (rows.length !== end - start) {
    throw new StoreError(
      "not-found",
      `space ${space} holds ${rows.length} of the ${end - start} entries in [${start}, ${end})`,
    );
  }
  return rows.map((r) => ({
    index: r.idx,
    entry: fromDbBytes(r.entry),
    leafHash: fromDbBytes(r.leaf_hash),
    createdAt: r.created_at,
  }));
}
