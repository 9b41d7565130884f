/**
 * Rebuilding a space's projections from its log: delete every record of the space, then replay the log
 * in order (decode each entry, re-attach its private part unless shredded, evolve, apply). Projections
 * are a function of the log and the surviving private parts, so the result equals what the write path
 * built incrementally (test/store/projections/rebuild.test.ts proves it after erasures and retention
 * sweeps). One transaction under the space's writer lock: readers see the old projections or the new
 * ones, never a half-built state, and no write interleaves.
 */
import { evolve } from "../../domain/index.js";
import type { Database } from "../database.js";
import { MAX_ENTRIES_PER_READ, readEntries } from "../log/entries.js";
import { readLogState } from "../log/log-state.js";
import { applyChanges } from "./apply-changes.js";
import { RECORD_TABLES } from "./columns.js";
import { loggedEvent } from "./logged-event.js";
import { readPrivateParts } from "./private-parts.js";

/** What a rebuild replayed. */
export interface RebuildReport {
  readonly space: string;
  /** Entries replayed (the log's size). */
  readonly entries: number;
  /** Entries replayed with their private part. */
  readonly withPrivatePart: number;
}

/** Options of rebuild. */
export interface RebuildOptions {
  /** Called after each page of entries with the entries replayed so far and the log's size. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Drops the projections of `space` and recomputes them from its log. Throws StoreError("corrupt") on an
 * entry that does not decode or a private part that does not open its commitment (nothing is changed:
 * the transaction rolls back).
 *
 * @example const report = await rebuild(db, "stays", { onProgress: (n, total) => bar.update(n, total) })
 */
export async function rebuild(
  db: Database,
  space: string,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  return db.spaceTransaction(space, async ({ tx }) => {
    const { size } = await readLogState(tx, space);
    for (const { table } of Object.values(RECORD_TABLES)) {
      await tx.deleteFrom(table).where("space", "=", space).execute();
    }
    let withPrivatePart = 0;
    for (let start = 0; start < size; start += MAX_ENTRIES_PER_READ) {
      const end = Math.min(size, start + MAX_ENTRIES_PER_READ);
      const parts = await readPrivateParts(tx, space, start, end);
      for (const stored of await readEntries(tx, space, start, end)) {
        const part = parts.get(stored.index);
        if (part !== undefined) withPrivatePart++;
        const event = loggedEvent(space, stored, part);
        await applyChanges(tx, evolve(event), { keepPrivateParts: true });
      }
      options.onProgress?.(end, size);
    }
    return { space, entries: size, withPrivatePart };
  });
}
