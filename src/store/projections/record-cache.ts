/**
 * The records a space transaction has read or written, by kind and id, as the `data` text their rows
 * hold. The write path reads the same few records over and over within one transaction (the space's
 * record before every command of a batch, the same members and subjects across its commands), and each
 * read was a query built, run and parsed. The cache is filled by the reader's `get` (sql-reader.ts) and
 * kept exact by applyChanges (apply-changes.ts), which stores the text of every row it writes; so a hit
 * returns what the row holds, parsed anew (no record object is shared between callers).
 *
 * Its life is one transaction: a rolled-back transaction takes its cache with it, and nothing else
 * writes the projections of a space while its writer holds the lock (database.ts spaceTransaction).
 */
import type { RecordKind } from "../../domain/records.js";

/** A record's row text, null for a record known not to exist, undefined when the cache does not know. */
export interface RecordCache {
  get(kind: RecordKind, space: string, id: string): string | null | undefined;
  set(kind: RecordKind, space: string, id: string, data: string | null): void;
}

/** The entries one cache holds before it starts over (a batch touches a few thousand records at most). */
export const RECORD_CACHE_LIMIT = 20_000;

/**
 * An empty cache for one transaction.
 *
 * @example
 * const cache = createRecordCache()
 * const reader = createSqlDomainReader(w.tx, cache)
 * await applyChanges(w.tx, changes, { cache })
 */
export function createRecordCache(limit: number = RECORD_CACHE_LIMIT): RecordCache {
  const rows = new Map<string, string | null>();
  const keyOf = (kind: RecordKind, space: string, id: string) => `${kind}\u0000${space}\u0000${id}`;
  return {
    get: (kind, space, id) => rows.get(keyOf(kind, space, id)),
    set(kind, space, id, data) {
      // Starting over forgets only what can be read again; it never keeps a stale row.
      if (rows.size >= limit) rows.clear();
      rows.set(keyOf(kind, space, id), data);
    },
  };
}
