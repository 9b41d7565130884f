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
 * batched write path's CPU (docs/benchmarks.md). A record the transaction writes is kept as written
 * (applyChanges passes it with its text), so reading it back parses nothing; it is frozen the same way.
 * Records parsed from row texts are also kept across transactions, by text (recordOfText): the next
 * batch reads the same members and subjects, and an unchanged row's text gives the same record.
 *
 * It also holds the answers of the lookups by key (record-lookups.ts) that a prefetch read: the ids of
 * the records with that key, in id order. `wrote` keeps them exact: applyChanges tells it every record
 * it puts or rewrites, and a rewrite that changes a record's key forgets every list.
 *
 * It holds the inserts of the records a batch puts, too, when the writer asks (applyChanges
 * `holdInserts`): they run together at the end of the batch or before the next statement that could
 * read or rewrite them (`flush`: the reader before each query, applyChanges before any other change,
 * the event writer before appending). A patch of a record whose insert is held rewrites the held row
 * instead (`rehold`): the record is inserted once, as patched, rather than inserted and then updated
 * (the host's review in bench/http.ts reveals both reviews of its interaction, most often both put in
 * the same batch). Run back to back, a batch's inserts find SQLite's code and the
 * B-tree pages they touch still in the CPU's caches: interleaved with each command's JavaScript they
 * cost about 40 % more (bench/core.ts, batches of 500).
 *
 * Its life is one transaction: a rolled-back transaction takes its cache with it, and nothing else
 * writes the projections of a space while its writer holds the lock (database.ts spaceTransaction).
 */
import type { RecordKind, RecordOf } from "../../domain/records.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import type { ColumnValue } from "./columns.js";
import { parseRecord } from "./record-json.js";
import { byIdText, LOOKUP_ENTRIES, type LookupName } from "./record-lookups.js";
import { insertRecordRow } from "./record-statements.js";

/** A record's row text, null for a record known not to exist, undefined when the cache does not know. */
export interface RecordCache {
  get(kind: RecordKind, space: string, id: string): string | null | undefined;
  /** The record of `get`'s text, parsed once and deeply frozen; null and undefined as `get`. */
  record<K extends RecordKind>(kind: K, space: string, id: string): RecordOf<K> | null | undefined;
  /**
   * Keeps `data` as the row text of the record; `record`, when the caller has it (a write), is the record
   * `data` is the canonical JSON of, read back instead of parsing `data` (frozen on its first read).
   */
  set<K extends RecordKind>(
    kind: K,
    space: string,
    id: string,
    data: string | null,
    record?: RecordOf<K>,
  ): void;
  /** The ids of the records `lookup` finds for `key`, in id order; undefined when not known. */
  ids(lookup: LookupName, space: string, key: string): readonly string[] | undefined;
  /** Records that `lookup` finds exactly `ids` (in id order) for `key`. */
  setIds(lookup: LookupName, space: string, key: string, ids: readonly string[]): void;
  /** A record of `kind` was put (`before` undefined) or rewritten from `before`: keeps the lists exact. */
  wrote<K extends RecordKind>(kind: K, after: RecordOf<K>, before?: RecordOf<K>): void;
  /** Holds the insert of a new record's row (columns.ts `rowOf`) until `flush` (applyChanges `holdInserts`). */
  hold(kind: RecordKind, row: Readonly<Record<string, ColumnValue>>): void;
  /** Whether the insert of the record of `kind` with `id` in `space` is held (not run yet). */
  holds(kind: RecordKind, space: string, id: string): boolean;
  /**
   * Replaces the held insert of the record of `row` (row.space, row.id) with `row`, where the held one
   * was, so that the record is inserted as rewritten (applyChanges: a patch of a record put in the same
   * batch). Throws Error when that record's insert is not held.
   */
  rehold(kind: RecordKind, row: Readonly<Record<string, ColumnValue>>): void;
  /**
   * Runs the held inserts, in the order they were held, on `db` (the transaction). Throws
   * StoreError("conflict") when a held row's (space, id) exists. Call it before any other statement on
   * the record tables, and before the transaction commits.
   */
  flush(db: Executor): Promise<void>;
}

/** The entries one cache holds before it starts over (a batch touches a few thousand records at most). */
export const RECORD_CACHE_LIMIT = 20_000;

interface Entry {
  readonly data: string | null;
  /** The parsed record, once asked for. */
  record?: object;
  /** The record as written, when the writer gave it: frozen and kept as `record` at the first read. */
  readonly written?: object;
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
  const rows = nested<Entry>();
  const lists = nested<string[]>();
  let held: [RecordKind, Readonly<Record<string, ColumnValue>>][] = [];
  // Where in `held` each held record is, by (kind, space, id): rehold finds it without a search.
  const heldAt = nested<number>();
  return {
    get: (kind, space, id) => rows.get(kind, space, id)?.data,
    record<K extends RecordKind>(kind: K, space: string, id: string) {
      const entry = rows.get(kind, space, id);
      if (entry === undefined) return undefined;
      if (entry.data === null) return null;
      // A record just written is read back as written, not parsed from its text: a batch's
      // submitReview reads the interaction its recordInteraction put a moment before.
      entry.record ??=
        entry.written === undefined ? recordOfText(kind, entry.data) : deepFreeze(entry.written);
      return entry.record as RecordOf<K>;
    },
    set(kind, space, id, data, record) {
      // Starting over forgets only what can be read again; it never keeps a stale row.
      if (rows.size() >= limit) {
        rows.clear();
        lists.clear(); // a list is read through the rows it names
      }
      rows.set(kind, space, id, record === undefined ? { data } : { data, written: record });
    },
    ids: (lookup, space, key) => lists.get(lookup, space, key),
    setIds(lookup, space, key, ids) {
      lists.set(lookup, space, key, [...ids]);
    },
    wrote<K extends RecordKind>(kind: K, after: RecordOf<K>, before?: RecordOf<K>) {
      if (lists.size() === 0 && before !== undefined) return;
      for (const [name, lookup] of LOOKUP_ENTRIES) {
        if (before === undefined && lookup.onlyForExisting && lookup.keyKind === kind) {
          // A record just put has no records of the lookup's kind yet (record-lookups.ts).
          if (lists.get(name, after.space, after.id) === undefined) {
            lists.set(name, after.space, after.id, []);
          }
        }
        if (lookup.kind !== kind) continue;
        const keyOfRecord = lookup.keyOf as (r: RecordOf<K>) => string | null;
        const key = keyOfRecord(after);
        if (before !== undefined && keyOfRecord(before) !== key) {
          lists.clear(); // never done by the domain today; forgetting is always exact
          return;
        }
        if (key === null) continue;
        const list = lists.get(name, after.space, key);
        if (list !== undefined && !list.includes(after.id)) insertSorted(list, after.id);
      }
    },
    hold(kind, row) {
      heldAt.set(kind, row.space as string, row.id as string, held.length);
      held.push([kind, row]);
    },
    holds: (kind, space, id) => heldAt.get(kind, space, id) !== undefined,
    rehold(kind, row) {
      const at = heldAt.get(kind, row.space as string, row.id as string);
      if (at === undefined) throw new Error(`rehold: the insert of ${kind} ${row.id} is not held`);
      held[at] = [kind, row];
    },
    flush(db) {
      // Not an async function: it runs before every query of the reader and every change but a put,
      // and mostly finds nothing held; an async call allocated its state and promise every time.
      if (held.length === 0) return NOTHING_HELD;
      const rows = held;
      held = [];
      heldAt.clear();
      return insertHeld(db, rows);
    },
  };
}

/** What flush returns when no insert is held: done already. */
const NOTHING_HELD: Promise<void> = Promise.resolve();

/** Row texts whose records recordOfText keeps at most, least recently read first out. */
export const PARSED_TEXTS_LIMIT = 2048;
/** The longest row text whose record is kept (a few KiB: members, subjects, interactions, reviews). */
const PARSED_TEXT_MAX_LENGTH = 4096;
/** Frozen records by the row text they were parsed from, across transactions (see recordOfText). */
const parsedTexts = new Map<string, object>();

/**
 * The record of row text `data`, deeply frozen, parsed once for as long as the text is among the
 * PARSED_TEXTS_LIMIT last read. Every batch reads the same members and subjects again (the prefetch
 * brings their texts); a record is a function of its text alone, and a frozen one can be shared, so
 * keying by the whole text is exact whatever the transaction, space or kind.
 */
function recordOfText(kind: RecordKind, data: string): object {
  const known = parsedTexts.get(data);
  if (known !== undefined) {
    parsedTexts.delete(data);
    parsedTexts.set(data, known); // most recently read last
    return known;
  }
  const record = deepFreeze(parseRecord(kind, data));
  if (data.length <= PARSED_TEXT_MAX_LENGTH) {
    if (parsedTexts.size >= PARSED_TEXTS_LIMIT) {
      parsedTexts.delete(parsedTexts.keys().next().value as string);
    }
    parsedTexts.set(data, record);
  }
  return record;
}

/** Values by (kind or lookup, space, id or key). */
interface Nested<V> {
  get(part: string, space: string, id: string): V | undefined;
  set(part: string, space: string, id: string, value: V): void;
  size(): number;
  clear(): void;
}

// Maps within maps, not one map keyed by the three joined: the reader asks the cache several times per
// command, and each joined key was a string built, flattened and hashed to answer.
async function insertHeld(
  db: Executor,
  rows: readonly [RecordKind, Readonly<Record<string, ColumnValue>>][],
): Promise<void> {
  for (const [kind, row] of rows) {
    if (!(await insertRecordRow(db, kind, row))) {
      throw new StoreError("conflict", `put: ${kind} ${row.id} exists in space ${row.space}`);
    }
  }
}

function nested<V>(): Nested<V> {
  const parts = new Map<string, Map<string, Map<string, V>>>();
  let size = 0;
  return {
    get: (part, space, id) => parts.get(part)?.get(space)?.get(id),
    set(part, space, id, value) {
      let spaces = parts.get(part);
      if (spaces === undefined) {
        spaces = new Map();
        parts.set(part, spaces);
      }
      let ids = spaces.get(space);
      if (ids === undefined) {
        ids = new Map();
        spaces.set(space, ids);
      }
      if (!ids.has(id)) size++;
      ids.set(id, value);
    },
    size: () => size,
    clear() {
      parts.clear();
      size = 0;
    },
  };
}

function insertSorted(list: string[], id: string): void {
  let at = list.length;
  while (at > 0 && byIdText(list[at - 1] as string, id) > 0) at--;
  list.splice(at, 0, id);
}

/**
 * Freezes `value` and every object and array in it (parsed JSON: no cycles, no accessors). Walked by
 * index and by for-in rather than Object.values, which made an array per object of every record read.
 */
function deepFreeze<T extends object>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) freezeMember(value[i]);
  } else {
    const record = value as Readonly<Record<string, unknown>>;
    for (const key in record) if (Object.hasOwn(record, key)) freezeMember(record[key]);
  }
  return Object.freeze(value);
}

function freezeMember(member: unknown): void {
  if (typeof member === "object" && member !== null) deepFreeze(member);
}
