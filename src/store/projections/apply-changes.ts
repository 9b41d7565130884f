/**
 * Applying record changes (src/domain/changes.ts) to the projection tables, generically: evolve says what
 * an event does to the records, this module is the one place where that becomes SQL, for the write path
 * and for a rebuild alike. Semantics are those of the in-memory reference store
 * (test/domain/support/memory-store.ts):
 *
 * - put inserts a record that must not exist yet;
 * - patch sets fields of one record that must exist;
 * - patch-where sets fields of every record of the space whose fields equal `where` (scalar equality,
 *   null matching null); the query narrows by the columns that hold those fields and the match is then
 *   checked on the record itself, so a field without a column is still honoured;
 * - shred-private deletes the private parts (and their salts) of every event of the space whose owner is
 *   the member (private-parts.ts).
 *
 * A record's row is rewritten whole on every change (columns.ts `rowOf`), so its columns always agree
 * with its data. Run inside the space's transaction.
 */
import type { Kysely } from "kysely";
import type { RecordChange } from "../../domain/changes.js";
import type { RecordKind, RecordOf } from "../../domain/records.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import { type ColumnValue, columnOfField, RECORD_TABLES, rowOf } from "./columns.js";
import { deletePrivatePartsOf } from "./private-parts.js";
import type { RecordCache } from "./record-cache.js";
import { parseRecord } from "./record-json.js";
import { insertRecordRow, selectRecordData, updateRecordRow } from "./record-statements.js";

/** Tables addressed by a name computed at run time (the record kind's table). */
type DynamicSchema = Record<string, Record<string, ColumnValue>>;

/** Options of applyChanges. */
export interface ApplyOptions {
  /**
   * Leave private parts in place on shred-private. A rebuild sets it: event_private is what a rebuild
   * reads, not what it recomputes, and the erasure already deleted them when it happened.
   */
  readonly keepPrivateParts?: boolean;
  /** The transaction's record cache (record-cache.ts): read from and kept exact with every row written. */
  readonly cache?: RecordCache;
  /**
   * Hold the inserts of put records in `cache` until its `flush`, which the caller must run before the
   * transaction commits (the event writer does, at finish). Any other change flushes them first.
   */
  readonly holdInserts?: boolean;
}

/**
 * Applies `changes` in order. Throws StoreError("conflict") when a put finds its record, ("corrupt")
 * when a patch misses its record (the projections disagree with the log: rebuild them), and TypeError
 * for a patch-where on a non-scalar value (a programmer error).
 *
 * @example for (const event of events) await applyChanges(w.tx, evolve(event))
 */
export async function applyChanges(
  tx: Executor,
  changes: readonly RecordChange[],
  options: ApplyOptions = {},
): Promise<void> {
  const db = tx as unknown as Kysely<DynamicSchema>;
  const rows = options.cache ?? NO_CACHE;
  const hold = options.holdInserts === true && options.cache !== undefined;
  for (const change of changes) {
    // A patch of a record whose insert is held rewrites the held row: no statement, and the other
    // held inserts stay held (record-cache.ts).
    if (
      change.op === "patch" &&
      hold &&
      patchHeld(rows, change.kind, change.space, change.id, change.set)
    ) {
      continue;
    }
    // Any other patch may rewrite, and a patch-where read, a row whose insert is held: run them first.
    if (change.op !== "put") await rows.flush(tx);
    switch (change.op) {
      case "put":
        if (hold) holdRecord(rows, change.kind, change.record);
        else await putRecord(db, rows, change.kind, change.record);
        break;
      case "patch":
        await patchRecord(db, rows, change.kind, change.space, change.id, change.set);
        break;
      case "patch-where":
        await patchWhere(db, rows, change.kind, change.space, change.where, change.set);
        break;
      case "shred-private":
        if (options.keepPrivateParts !== true) {
          await deletePrivatePartsOf(tx, change.space, change.owner);
        }
        break;
    }
  }
}

/** A cache that never knows: applyChanges outside a space transaction's write path (rebuild, sweep). */
const NO_CACHE: RecordCache = {
  get: () => undefined,
  record: () => undefined,
  set: () => {},
  ids: () => undefined,
  setIds: () => {},
  wrote: () => {},
  hold: () => {
    throw new Error("holdInserts needs a record cache");
  },
  holds: () => false,
  rehold: () => {
    throw new Error("holdInserts needs a record cache");
  },
  flush: async () => {},
};

async function putRecord<K extends RecordKind>(
  db: Kysely<DynamicSchema>,
  cache: RecordCache,
  kind: K,
  record: RecordOf<K>,
): Promise<void> {
  const row = rowOf(kind, record);
  if (!(await insertRecordRow(db as unknown as Executor, kind, row))) throw conflict(kind, record);
  keepWritten(cache, kind, record, row);
}

/**
 * putRecord with its insert held in `cache` until its flush (applyOptions.holdInserts). Synchronous:
 * it runs no statement, and the batched write path puts one or two records per event.
 */
function holdRecord<K extends RecordKind>(cache: RecordCache, kind: K, record: RecordOf<K>): void {
  const row = rowOf(kind, record);
  // A row the cache knows exists conflicts now; otherwise the held insert finds out (flush).
  if (typeof cache.get(kind, record.space, record.id) === "string") throw conflict(kind, record);
  cache.hold(kind, row);
  keepWritten(cache, kind, record, row);
}

/**
 * A patch of a record whose insert `cache` holds, merged into the held row (as writeMerged rewrites a
 * stored one): true when it was, false when the record's insert is not held or its text is no longer
 * cached (the cache started over), for the caller to run the patch on the table.
 */
function patchHeld(
  cache: RecordCache,
  kind: RecordKind,
  space: string,
  id: string,
  set: object,
): boolean {
  if (!cache.holds(kind, space, id)) return false;
  const data = cache.get(kind, space, id);
  const record = cache.record(kind, space, id);
  if (typeof data !== "string" || record == null) return false;
  const merged = { ...record, ...set } as RecordOf<typeof kind>;
  const row = rowOf(kind, merged);
  if (row.data === data) return true;
  cache.rehold(kind, row);
  cache.set(kind, space, id, row.data as string, merged);
  cache.wrote(kind, merged, record);
  return true;
}

/** Keeps a put record and its row text in the cache, and its lookups exact. */
function keepWritten<K extends RecordKind>(
  cache: RecordCache,
  kind: K,
  record: RecordOf<K>,
  row: Readonly<Record<string, ColumnValue>>,
): void {
  cache.set(kind, record.space, record.id, row.data as string, record);
  cache.wrote(kind, record);
}

/** The error of a put that finds its record (a function, not a closure made for every put). */
function conflict(kind: RecordKind, record: { readonly space: string; readonly id: string }) {
  return new StoreError("conflict", `put: ${kind} ${record.id} exists in space ${record.space}`);
}

async function patchRecord(
  db: Kysely<DynamicSchema>,
  cache: RecordCache,
  kind: RecordKind,
  space: string,
  id: string,
  set: object,
): Promise<void> {
  const cached = cache.get(kind, space, id);
  const data =
    cached === undefined
      ? await selectRecordData(db as unknown as Executor, kind, space, id)
      : cached;
  if (data === null) {
    throw new StoreError(
      "corrupt",
      `patch: no ${kind} ${id} in space ${space} (the projections disagree with the log; rebuild them)`,
    );
  }
  await writeMerged(db, cache, kind, data, set, cache.record(kind, space, id) ?? undefined);
}

async function patchWhere(
  db: Kysely<DynamicSchema>,
  cache: RecordCache,
  kind: RecordKind,
  space: string,
  where: object,
  set: object,
): Promise<void> {
  const { table } = RECORD_TABLES[kind];
  const conditions = Object.entries(where) as [string, unknown][];
  let query = db.selectFrom(table).select(["id", "data"]).where("space", "=", space);
  for (const [field, value] of conditions) {
    requireScalar(kind, field, value);
    const column = columnOfField(kind, field);
    if (column === undefined) continue; // checked on the record below
    query =
      value === null ? query.where(column, "is", null) : query.where(column, "=", value as string);
  }
  // Sorted here, not by the query: with `order by id` SQLite's planner walks the primary key
  // (space, id), reading every row of the space, rather than search an index on the `where` columns
  // that does not end in id (review-indexes-migration.ts).
  const rows = (await query.execute()).sort(byId);
  for (const row of rows) {
    const fields = parseRecord(kind, row.data as string) as unknown as Readonly<
      Record<string, unknown>
    >;
    if (conditions.every(([field, value]) => fields[field] === value)) {
      await writeMerged(db, cache, kind, row.data as string, set);
    }
  }
}

/**
 * Rewrites the record stored as `data` (`parsed`, when the cache has it) with `set` merged in. A merge
 * that changes nothing (the row's columns all follow from its data, columns.ts) writes nothing: the
 * row already is the result.
 */
async function writeMerged(
  db: Kysely<DynamicSchema>,
  cache: RecordCache,
  kind: RecordKind,
  data: string,
  set: object,
  parsed?: RecordOf<RecordKind>,
): Promise<void> {
  const record = parsed ?? parseRecord(kind, data);
  const merged = { ...record, ...set } as RecordOf<typeof kind>;
  const row = rowOf(kind, merged);
  if (row.data === data) return;
  await updateRecordRow(db as unknown as Executor, kind, row);
  cache.set(kind, record.space, record.id, row.data as string, merged);
  cache.wrote(kind, merged, record);
}

/** Id order, as SQLite compares text (code units; ids are ASCII, src/store/space/ids.ts). */
function byId(a: { readonly id: unknown }, b: { readonly id: unknown }): number {
  const x = a.id as string;
  const y = b.id as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

function requireScalar(kind: RecordKind, field: string, value: unknown): void {
  if (value === null || typeof value === "string" || typeof value === "number") return;
  throw new TypeError(`patch-where on ${kind}.${field}: only strings, numbers and null compare`);
}
