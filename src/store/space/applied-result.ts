/**
 * The result of a write that committed earlier, read back from the log: the entries at the indices its
 * Idempotency-Key claim recorded (claimed-write.ts), decoded as they were appended, and their receipts
 * rebuilt from the batch signature the write stored (src/store/log/receipts.ts), so each is byte for byte
 * the one the write answered; a route that builds its answer from an ExecuteSuccess answers the same
 * again.
 */
import { decodeEntry } from "../../domain/index.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import { MAX_ENTRIES_PER_READ, readEntries } from "../log/entries.js";
import { type IssuedReceipt, readReceipts } from "../log/receipts.js";
import type { SpaceLogSigners } from "../log/space-log-signer.js";
import type { AppendedEvent, ExecuteSuccess } from "./results.js";

/**
 * The ExecuteSuccess of the write that appended `indices` to `space`'s log. Throws StoreError
 * ("not-found") when an index is not in the log, ("corrupt") when a stored entry does not decode.
 *
 * @example const done = await readAppliedResult(db, signers, "stays", [41, 42])
 */
export async function readAppliedResult(
  db: Database,
  signers: SpaceLogSigners,
  space: string,
  indices: readonly number[],
): Promise<ExecuteSuccess> {
  const events: AppendedEvent[] = [];
  const receipts: IssuedReceipt[] = [];
  if (indices.length > 0) {
    const signer = await signers.signerFor(db.kysely, space);
    for (const [start, end] of rangesOf(indices)) {
      for (const stored of await readEntries(db.kysely, space, start, end)) {
        const entry = decodeEntry(stored.entry);
        if (!entry.ok) {
          throw new StoreError("corrupt", `entry ${stored.index} of ${space} does not decode`, {
            cause: entry.error,
          });
        }
        events.push({ index: stored.index, ...entry.value });
      }
      receipts.push(...(await readReceipts(db.kysely, signer, start, end)));
    }
  }
  const wanted = new Set(indices);
  return {
    ok: true,
    events: events.filter((e) => wanted.has(e.index)),
    indices: [...indices],
    receipts: receipts.filter((r) => wanted.has(r.index)),
  };
}

/**
 * Half-open ranges covering `indices` (a command's entries are consecutive: one range, as a rule), none
 * longer than one read.
 */
function rangesOf(indices: readonly number[]): [number, number][] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const index of sorted) {
    const last = ranges.at(-1);
    if (last !== undefined && last[1] === index && index - last[0] < MAX_ENTRIES_PER_READ) {
      last[1] = index + 1;
    } else {
      ranges.push([index, index + 1]);
    }
  }
  return ranges;
}
