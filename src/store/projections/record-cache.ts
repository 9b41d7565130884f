/**
 * The records a space transaction has read or written, by kind and id, as the `data` text their rows
 * hold. The write path reads the same few records over and over within one transaction (the space's
 * record before every command of a batch, the same members and subjects across its commands), and each
 * read was a query built, run and parsed. The cache is filled by the reader's `get` (sql-reader.ts) and
 * kept exact by applyChanges (apply-changes.ts), which stores the text of every row it writes.
 *
 * A hit is parsed once per text stored and then shared: the record is deeply frozen, so no caller can
 * change what another one reads (the domain treats records as readonly data; a write to a shared record
 * throws a TypeError instead of passing unseen). Parsing the same rows again and again was 5% of the
 * batched write path's CPU (docs/benchmarks.md).
 *
 * Its life is one transaction: a rolled-back transaction takes its cache with it, and nothing else
 * writes the projections of a space while its writer holds the lock (database.ts spaceTransaction).
 */
import type { RecordKind, RecordOf } from "../../domain/records.js";
import { parseRecord } from "./record-json.js";

/** A record's row text, null for a record known not to exist, undefined when the cache does not know. */
export interface RecordCache {
  get(kind: RecordKind, space: string, id: string): string | null | undefined;
  /** The record of `get`'s text, parsed once and deeply frozen; null and undefined as `get`. */
  record<K extends RecordKind>(kind: K, space: string, id: string): RecordOf<K> | null | undefined;
  set(kind: RecordKind, space: string, id: string, data: string | null): void;
}

/** The entries one cache holds before it starts over (a batch touches a few thousand records at most). */
export const RECORD_CACHE_LIMIT = 20_000;

interface Entry {
  readonly data: string | null;
  /** The parsed record, once asked for. */
  record?: object;
}

/**
 * An empty cache for one transaction.
 *
 * @example
 * const cache = createRecordCache()
 * const reader = createSqlDomainReader(w.tx, cache)
 * await applyChanges(w.tx, changes, { cache })
 */
export function createRecordCache(limit: number = RECORD_CACHE_LIMIT): RecordCache {
  const rows = new Map<string, Entry>();
  const keyOf = (kind: RecordKind, space: string, id: string) => `${kind}\u0000${space}\u0000${id}`;
  return {
    get: (kind, space, id) => rows.get(keyOf(kind, space, id))?.data,
    record<K extends RecordKind>(kind: K, space: string, id: string) {
      const entry = rows.get(keyOf(kind, space, id));
      if (entry === undefined) return undefined;
      if (entry.data === null) return null;
      entry.record ??= deepFreeze(parseRecord(kind, entry.data));
      return entry.record as RecordOf<K>;
    },
    set(kind, space, id, data) {
      // Starting over forgets only what can be read again; it never keeps a stale row.
      if (rows.size >= limit) rows.clear();
      rows.set(keyOf(kind, space, id), { data });
    },
  };
}

/** Freezes `value` and every object and array in it (parsed JSON: no cycles, no accessors). */
function deepFreeze<T extends object>(value: T): T {
  for (const member of Object.values(value)) {
    if (typeof member === "object" && member !== null) deepFreeze(member);
  }
  return Object.freeze(value);
}
