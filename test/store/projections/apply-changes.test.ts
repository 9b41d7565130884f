/**
 * applyChanges against the in-memory reference store: random sequences of puts, patches and
 * patch-wheres (on fields with and without a column, null included) leave the same records; puts of
 * existing records and patches of missing ones fail; shred-private deletes exactly one owner's private
 * parts of one space. The projection tables are shardable by space. On both backends.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { patch, patchWhere, put, type RecordChange } from "../../../src/domain/changes.js";
import type { ReviewRecord } from "../../../src/domain/records.js";
import { isStoreError } from "../../../src/store/errors.js";
import { applyChanges } from "../../../src/store/projections/apply-changes.js";
import { storePrivatePart } from "../../../src/store/projections/private-parts.js";
import { createRecordCache } from "../../../src/store/projections/record-cache.js";
import { createSqlDomainReader, getRecord } from "../../../src/store/projections/sql-reader.js";
import { createMemoryStore } from "../../domain/support/memory-store.js";
import { RECORD_TABLE_NAMES } from "../space/support/snapshot.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { primaryKeyColumns } from "../support/introspect.js";

const PROJECTION_TABLES = [...RECORD_TABLE_NAMES, "event_private"];

/** Review fields from small domains, so that patch-where conditions often match. */
const fieldValues = {
  author: fc.constantFrom("ann", "ben"),
  subject: fc.constantFrom("s1", "s2"),
  interaction: fc.constantFrom(null, "i1"),
  sealedUntil: fc.constantFrom(null, 3, 7),
  revealedAt: fc.constantFrom(null, 1, 2),
  withdrawnAt: fc.constantFrom(null, 4),
  removedBy: fc.constantFrom(null, "d1"),
  removedUntil: fc.constantFrom(null, 9),
  // No column holds these: a patch-where on them is checked on the record.
  title: fc.constantFrom(null, "t"),
  overall: fc.constantFrom(null, 1, 5),
  text: fc.constantFrom(null, "x", "y"),
} as const;
type Field = keyof typeof fieldValues;
const FIELDS = Object.keys(fieldValues) as Field[];

const partial = fc
  .subarray(FIELDS, { minLength: 1, maxLength: 3 })
  .chain((fields) => fc.record(Object.fromEntries(fields.map((f) => [f, fieldValues[f]]))));

function review(space: string, id: string, fields: Partial<ReviewRecord>): ReviewRecord {
  return {
    space,
    id,
    subject: "s1",
    author: "ann",
    interaction: null,
    provenance: "verified",
    connection: "none",
    submittedAt: 0,
    sealedUntil: null,
    ratingCommitment: `c-${id}`,
    overall: null,
    criteria: { cleanliness: 3 },
    ratingSalt: null,
    text: null,
    title: null,
    amendedAt: null,
    revealedAt: null,
    withdrawnAt: null,
    withdrawnReason: null,
    reply: null,
    removedBy: null,
    removedUntil: null,
    ...fields,
  };
}

type Step =
  | { readonly op: "put"; readonly fields: Partial<ReviewRecord> }
  | { readonly op: "patch"; readonly pick: number; readonly set: Partial<ReviewRecord> }
  | {
      readonly op: "patch-where";
      readonly where: Partial<ReviewRecord>;
      readonly set: Partial<ReviewRecord>;
    };

const step: fc.Arbitrary<Step> = fc.oneof(
  partial.map((fields) => ({ op: "put" as const, fields })),
  fc.record({ op: fc.constant("patch" as const), pick: fc.nat(), set: partial }),
  fc.record({ op: fc.constant("patch-where" as const), where: partial, set: partial }),
);

describeBackends("applyChanges", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("leaves the records the in-memory reference leaves, for random change sequences", async () => {
    const { db } = current();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const space = `run-${run++}`;
        const held = `${space}-held`;
        const memory = createMemoryStore();
        const ids: string[] = [];
        const changesOf = (space: string): RecordChange[] => {
          const changes: RecordChange[] = [];
          for (const s of steps) {
            if (s.op === "put") {
              const id = `r${changes.filter((c) => c.op === "put").length}`;
              changes.push(put("review", review(space, id, s.fields)));
            } else if (s.op === "patch") {
              const puts = changes.filter((c) => c.op === "put").length;
              const id = puts === 0 ? undefined : `r${s.pick % puts}`;
              if (id !== undefined) changes.push(patch("review", space, id, s.set));
            } else {
              changes.push(patchWhere("review", space, s.where, s.set));
            }
          }
          return changes;
        };
        const changes = changesOf(space);
        for (const c of changes) if (c.op === "put") ids.push(c.record.id);
        memory.apply(changes, () => {});
        await db.transaction((tx) => applyChanges(tx, changes));
        // The event writer's way: one call per change, puts' inserts held in the cache until the
        // next other change or the end.
        await db.transaction(async (tx) => {
          const cache = createRecordCache();
          for (const c of changesOf(held))
            await applyChanges(tx, [c], { cache, holdInserts: true });
          await cache.flush(tx);
        });
        for (const id of ids) {
          const expected = memory.all("review").find((r) => r.id === id) ?? null;
          expect(await getRecord(db.kysely, "review", space, id)).toEqual(expected);
          expect(await getRecord(db.kysely, "review", held, id)).toEqual(
            expected === null ? null : { ...expected, space: held },
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a put of an existing record and a patch of a missing one", async () => {
    const { db } = current();
    const record = review("s", "r1", {});
    await applyChanges(db.kysely, [put("review", record)]);
    const again = await applyChanges(db.kysely, [put("review", record)]).catch((e: unknown) => e);
    expect(isStoreError(again, "conflict")).toBe(true);
    const missing = await applyChanges(db.kysely, [
      patch("review", "s", "r2", { text: "x" }),
    ]).catch((e: unknown) => e);
    expect(isStoreError(missing, "corrupt")).toBe(true);
    const nonScalar = await applyChanges(db.kysely, [
      patchWhere("review", "s", { criteria: { cleanliness: 3 } }, { text: "x" }),
    ]).catch((e: unknown) => e);
    expect(nonScalar).toBeInstanceOf(TypeError);
    expect(await getRecord(db.kysely, "review", "s", "r1")).toEqual(record);
  });

  it("runs held inserts at flush, refusing a record that exists there or that the cache knows", async () => {
    const { db } = current();
    const record = review("s", "r1", {});
    await applyChanges(db.kysely, [put("review", record)]);
    const cache = createRecordCache();
    const other = review("s", "r2", {});
    await applyChanges(db.kysely, [put("review", other)], { cache, holdInserts: true });
    expect(await getRecord(db.kysely, "review", "s", "r2")).toBeNull(); // held, not written
    // The reader runs what the cache holds before its queries.
    expect(
      await createSqlDomainReader(db.kysely, cache).findUnverifiedReviews("s", "s1", "ann"),
    ).toEqual([record, other]);
    await applyChanges(db.kysely, [put("review", record)], { cache, holdInserts: true });
    const atFlush = await cache.flush(db.kysely).catch((e: unknown) => e);
    expect(isStoreError(atFlush, "conflict")).toBe(true);
    const known = await applyChanges(db.kysely, [put("review", other)], {
      cache,
      holdInserts: true,
    }).catch((e: unknown) => e);
    expect(isStoreError(known, "conflict")).toBe(true);
    expect(await getRecord(db.kysely, "review", "s", "r2")).toEqual(other);
  });

  it("merges a patch of a record whose insert is held into the held row, keeping it held", async () => {
    const { db } = current();
    const cache = createRecordCache();
    const first = review("s", "r1", {});
    const second = review("s", "r2", {});
    const held = { cache, holdInserts: true } as const;
    await applyChanges(db.kysely, [put("review", first), put("review", second)], held);
    await applyChanges(db.kysely, [patch("review", "s", "r2", { revealedAt: 1 })], held);
    await applyChanges(db.kysely, [patch("review", "s", "r1", { revealedAt: 2 })], held);
    // Still held, both of them: no statement ran.
    expect(await getRecord(db.kysely, "review", "s", "r1")).toBeNull();
    expect(await getRecord(db.kysely, "review", "s", "r2")).toBeNull();
    expect(cache.record("review", "s", "r2")).toEqual({ ...second, revealedAt: 1 });
    await cache.flush(db.kysely);
    expect(await getRecord(db.kysely, "review", "s", "r1")).toEqual({ ...first, revealedAt: 2 });
    expect(await getRecord(db.kysely, "review", "s", "r2")).toEqual({ ...second, revealedAt: 1 });
    // Flushed, a patch rewrites the stored row.
    await applyChanges(db.kysely, [patch("review", "s", "r1", { text: "x" })], held);
    expect(cache.holds("review", "s", "r1")).toBe(false);
    expect(await getRecord(db.kysely, "review", "s", "r1")).toEqual({
      ...first,
      revealedAt: 2,
      text: "x",
    });
  });

  it("shred-private deletes one owner's private parts in one space, unless told to keep them", async () => {
    const { db } = current();
    const part = (space: string, eventId: string, index: number, owner: string | null) =>
      storePrivatePart(db.kysely, {
        space,
        eventId,
        index,
        type: "vouch.given",
        at: 0,
        owner,
        salt: new Uint8Array(32).fill(index),
        private: { note: eventId },
        shredAfter: null,
      });
    await part("s", "e1", 0, "ann");
    await part("s", "e2", 1, "ben");
    await part("s", "e3", 2, null);
    await part("s", "e4", 3, "ann");
    await part("t", "e1", 0, "ann");
    const left = async () =>
      (
        await db.kysely
          .selectFrom("event_private")
          .select(["space", "event_id"])
          .orderBy("space")
          .orderBy("event_id")
          .execute()
      ).map((r) => `${r.space}/${r.event_id}`);
    const shred: RecordChange = { op: "shred-private", space: "s", owner: "ann" };
    await applyChanges(db.kysely, [shred], { keepPrivateParts: true });
    expect(await left()).toEqual(["s/e1", "s/e2", "s/e3", "s/e4", "t/e1"]);
    await applyChanges(db.kysely, [shred]);
    expect(await left()).toEqual(["s/e2", "s/e3", "t/e1"]);
  });

  it("creates tables and indexes that all start with space", async () => {
    const { db } = current();
    for (const table of PROJECTION_TABLES) {
      expect((await primaryKeyColumns(db, table))[0], table).toBe("space");
      const indexes = await firstIndexColumns(db, table);
      expect(indexes.length, table).toBeGreaterThan(0);
      for (const [name, first] of indexes) expect(first, `${table}.${name}`).toBe("space");
    }
  });
});

/** Every index of `table` with its first column. */
async function firstIndexColumns(
  db: ReturnType<ReturnType<typeof freshDatabasePerTest>>["db"],
  table: string,
): Promise<[string, string][]> {
  if (db.dialect === "sqlite") {
    const { rows } = await sql<{ name: string }>`
      select name from pragma_index_list(${table})`.execute(db.kysely);
    const out: [string, string][] = [];
    for (const { name } of rows) {
      const cols = await sql<{ name: string }>`
        select name from pragma_index_info(${name}) order by seqno`.execute(db.kysely);
      out.push([name, cols.rows[0]?.name ?? ""]);
    }
    return out;
  }
  const { rows } = await sql<{ indexname: string; column: string }>`
    select i.relname as indexname, a.attname as column
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
    where n.nspname = ${db.schema} and t.relname = ${table}`.execute(db.kysely);
  return rows.map((r) => [r.indexname, r.column]);
}
