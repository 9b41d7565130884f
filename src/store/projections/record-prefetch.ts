/**
 * One read per batch for the records a batch of commands names. Before running a batch, the ids its
 * commands' inputs and actors name (every string that is an id, src/domain/shape.ts `isId`) are looked
 * up as members, subjects and interactions, one `id in (…)` query per kind and up to PREFETCH_CHUNK
 * ids, and the answers go into the transaction's record cache (record-cache.ts): the row's text when
 * there is one, null when there is none. The commands' `get`s then hit the cache instead of running
 * one query each (bench/core.ts: two thirds of a batched stay's record reads; on PostgreSQL each was a
 * round trip).
 *
 * A null is exact for the rest of the transaction: the writer lock holds every other writer of the
 * space off, and every write of the batch goes through applyChanges, which stores each row it writes
 * in the same cache. A string that names nothing (a reference, a kind) costs one probe and a null.
 *
 * Then the lookups by key (record-lookups.ts): the reviews and disputes of the named interactions and
 * the decisions affecting the named members, one `<column> in (…)` query per lookup and chunk, for
 * the ids found as the lookup's key kind only. A named id found as no interaction has no reviews or
 * disputes (they are only put for an existing interaction): its list is known empty without a query,
 * which covers a batch that records an interaction and reviews it. The commands' findReview,
 * findDispute and listDecisionsAffecting then read the cache (sql-reader.ts): two statements per event
 * of a batched stay fewer.
 */
import type { Kysely } from "kysely";
import type { RecordKind } from "../../domain/records.js";
import { isId } from "../../domain/shape.js";
import { chunked } from "../db-bytes.js";
import { type Precompiled, precompile } from "../precompiled.js";
import type { Executor } from "../schema.js";
import { type ColumnValue, RECORD_TABLES } from "./columns.js";
import type { RecordCache } from "./record-cache.js";
import { byIdText, LOOKUP_ENTRIES, type LookupName, type RecordLookup } from "./record-lookups.js";

/** The kinds prefetched: the records the write path's commands read by id. */
export const PREFETCHED_KINDS: readonly RecordKind[] = ["member", "subject", "interaction"];

/** The most ids one query looks up. */
export const PREFETCH_CHUNK = 256;

/** IN-list lengths a query is compiled for; a chunk is padded to the next one with its last id. */
const LIST_SIZES = [8, 32, 128, PREFETCH_CHUNK] as const;

/** How deep into a command's input ids are looked for (an interaction's parties are at depth 3). */
const MAX_DEPTH = 4;

/**
 * Fills `cache` with the members, subjects and interactions of `space` that `named` (commands' inputs
 * and actors) name. Returns the number of ids looked up per kind.
 *
 * @example
 * await prefetchNamedRecords(w.tx, cache, space, calls.map((c) => [c.input, c.actor]))
 */
export async function prefetchNamedRecords(
  db: Executor,
  cache: RecordCache,
  space: string,
  named: readonly unknown[],
): Promise<number> {
  await cache.flush(db); // its queries must see the inserts the cache holds, if any
  const ids = new Set<string>();
  for (const value of named) collectIds(value, ids, 0);
  if (ids.size === 0) return 0;
  for (const kind of PREFETCHED_KINDS) {
    const unknown = [...ids].filter((id) => cache.get(kind, space, id) === undefined);
    for (const chunk of chunked(unknown, PREFETCH_CHUNK)) {
      const size = LIST_SIZES.find((n) => n >= chunk.length) ?? PREFETCH_CHUNK;
      const values: unknown[] = [space, ...chunk];
      while (values.length < size + 1) values.push(chunk[chunk.length - 1]);
      const { rows } = await statementOf(kind, size).execute(db, values);
      const found = new Map(rows.map((r) => [r.id, r.data]));
      for (const id of chunk) cache.set(kind, space, id, found.get(id) ?? null);
    }
  }
  for (const [name, lookup] of LOOKUP_ENTRIES)
    await prefetchLookup(db, cache, space, ids, name, lookup);
  return ids.size;
}

async function prefetchLookup(
  db: Executor,
  cache: RecordCache,
  space: string,
  ids: ReadonlySet<string>,
  name: LookupName,
  lookup: RecordLookup,
): Promise<void> {
  const keys: string[] = [];
  for (const id of ids) {
    if (cache.ids(name, space, id) !== undefined) continue;
    const named = cache.get(lookup.keyKind, space, id);
    if (typeof named === "string") keys.push(id);
    else if (named === null && lookup.onlyForExisting) cache.setIds(name, space, id, []);
  }
  for (const chunk of chunked(keys, PREFETCH_CHUNK)) {
    const size = LIST_SIZES.find((n) => n >= chunk.length) ?? PREFETCH_CHUNK;
    const values: unknown[] = [space, ...chunk];
    while (values.length < size + 1) values.push(chunk[chunk.length - 1]);
    const { rows } = await lookupStatementOf(lookup, size).execute(db, values);
    const byKey = new Map<string, string[]>();
    for (const row of rows) {
      if (cache.get(lookup.kind, space, row.id) === undefined) {
        cache.set(lookup.kind, space, row.id, row.data);
      }
      const list = byKey.get(row.k);
      if (list === undefined) byKey.set(row.k, [row.id]);
      else list.push(row.id);
    }
    // In id order, as the reader's own query answers (sql-reader.ts), sorted here: see lookupStatementOf.
    for (const key of chunk) cache.setIds(name, space, key, byKey.get(key)?.sort(byIdText) ?? []);
  }
}

function collectIds(value: unknown, into: Set<string>, depth: number): void {
  if (isId(value)) {
    into.add(value);
    return;
  }
  if (depth >= MAX_DEPTH || typeof value !== "object" || value === null) return;
  // By index and for-in, not Object.values: no array made per object of every command's input.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectIds(value[i], into, depth + 1);
  } else {
    const record = value as Readonly<Record<string, unknown>>;
    for (const key in record)
      if (Object.hasOwn(record, key)) collectIds(record[key], into, depth + 1);
  }
}

/** Tables addressed by a name computed at run time (the record kind's table). */
type DynamicSchema = Record<string, Record<string, ColumnValue>>;

type Lookup = Precompiled<{ id: string; data: string }>;
const statements = new Map<string, Lookup>();

/** `select id, data from <kind's table> where space = ? and id in (? × size)`, compiled once. */
function statementOf(kind: RecordKind, size: number): Lookup {
  const key = `${kind}:${size}`;
  let statement = statements.get(key);
  if (statement === undefined) {
    const { table } = RECORD_TABLES[kind];
    statement = precompile(
      (db, $) =>
        (db as unknown as Kysely<DynamicSchema>)
          .selectFrom(table)
          .select(["id", "data"])
          .where("space", "=", $(0))
          .where(
            "id",
            "in",
            Array.from({ length: size }, (_, i) => $(i + 1)),
          ) as never,
    );
    statements.set(key, statement);
  }
  return statement;
}

type KeyedLookup = Precompiled<{ id: string; data: string; k: string }>;
const lookupStatements = new Map<string, KeyedLookup>();

/**
 * `select id, data, <column> as k from <table> where space = ? and <column> in (? × size)`, unordered:
 * with `order by id` SQLite's planner walks the (space, id) primary key to skip the sort and reads every
 * row of the space (EXPLAIN QUERY PLAN: "SEARCH reviews USING INDEX sqlite_autoindex_reviews_1
 * (space=?)"), so each batch's prefetch grew with the space (review writes over HTTP 1,805 -> 1,075/s,
 * server CPU 500 -> 906 µs a request at ~30k reviews); without it the (column, …) index answers. The few
 * rows per key are sorted by id in prefetchLookup, as patch-where does (migration 0109).
 */
function lookupStatementOf(lookup: RecordLookup, size: number): KeyedLookup {
  const key = `${lookup.kind}:${lookup.column}:${size}`;
  let statement = lookupStatements.get(key);
  if (statement === undefined) {
    const { table } = RECORD_TABLES[lookup.kind];
    statement = precompile(
      (db, $) =>
        (db as unknown as Kysely<DynamicSchema>)
          .selectFrom(table)
          .select(["id", "data", `${lookup.column} as k`])
          .where("space", "=", $(0))
          .where(
            lookup.column,
            "in",
            Array.from({ length: size }, (_, i) => $(i + 1)),
          ) as never,
    );
    lookupStatements.set(key, statement);
  }
  return statement;
}
