/**
 * Finding a review's events in a space's log: every entry read through the TileReader (authenticated
 * against the verified checkpoint) and decoded by src/domain (a parser of untrusted bytes), keeping the
 * review's submission, amendments, reveal, reply and withdrawal with their indices.
 */
import { decodeEntry, type LogEntry } from "../../../src/domain/entry.js";
import type { TileReader } from "../../../src/log/tiles/index.js";

/** An entry of the log and where it is. */
export interface FoundEntry {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly entry: LogEntry;
}

const BATCH = 4 * 256;

/**
 * The entries of `reader`'s tree about review `review`, in log order; `progress(done, total)` after
 * each batch.
 *
 * @example const [submitted] = await findReviewEntries(log.reader, "01J…")
 */
export async function findReviewEntries(
  reader: TileReader,
  review: string,
  progress: (done: number, total: number) => void = () => {},
): Promise<FoundEntry[]> {
  const size = reader.head.size;
  const found: FoundEntry[] = [];
  for (let start = 0; start < size; start += BATCH) {
    const end = Math.min(size, start + BATCH);
    const indices = Array.from({ length: end - start }, (_, i) => start + i);
    const entries = await reader.readEntries(indices);
    entries.forEach((bytes, i) => {
      const decoded = decodeEntry(bytes);
      if (!decoded.ok) return;
      const pub = decoded.value.public as { readonly review?: unknown };
      if (decoded.value.type.startsWith("review.") && pub.review === review) {
        found.push({ index: start + i, bytes, entry: decoded.value });
      }
    });
    progress(end, size);
  }
  return found;
}
