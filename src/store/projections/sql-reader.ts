/**
 * The DomainReader port (src/domain/reader.ts) in SQL. Each method is one indexed query (migration.ts)
 * that returns what the in-memory reference store (test/domain/support/memory-store.ts) returns, in the
 * same order: records of one kind in the order they were put, which is the order of their ids (ids are
 * minted time-sortable and increasing, src/store/space/ids.ts). Use it on the transaction the
 * command's events are appended in, so checks and writes see the same state. With the transaction's
 * record cache, `get` and the lookups a prefetch read (record-lookups.ts: findReview, findDispute,
 * listDecisionsAffecting) are answered from it.
 */
import type { DomainReader } from "../../domain/reader.js";
import type { RecordKind, RecordOf } from "../../domain/records.js";
import { type Precompiled, precompile } from "../precompiled.js";
import type { Executor } from "../schema.js";
import type { RecordCache } from "./record-cache.js";
import { parseRecord, parseRecords } from "./record-json.js";
import { type LookupName, RECORD_LOOKUPS } from "./record-lookups.js";
import { selectRecordData } from "./record-statements.js";

/**
 * A DomainReader over `db` (a transaction, or the database for reads outside one). With `cache` (the
 * transaction's record-cache.ts, which applyChanges keeps exact), `get` answers from it when it can.
 *
 * @example const result = await submitReview(createSqlDomainReader(w.tx), space, input, ctx)
 */
export function createSqlDomainReader(db: Executor, cache?: RecordCache): DomainReader {
  // Every query first runs the inserts the cache holds (record-cache.ts `flush`), so it sees them.
  const rowsOf = async (statement: Precompiled<{ data: string }>, values: readonly unknown[]) => {
    await cache?.flush(db);
    return (await statement.execute(db, values)).rows;
  };
  return {
    get: (kind, space, id) =>
      cache === undefined
        ? getRecord(db, kind, space, id)
        : getCachedRecord(db, cache, kind, space, id),

    async findReview(space, interaction, author) {
      const known = cached(cache, "reviewsByInteraction", space, interaction);
      if (known !== undefined) return known.find((r) => r.author === author) ?? null;
      const [row] = await rowsOf(FIND_REVIEW, [space, interaction, author]);
      return row === undefined ? null : parseRecord("review", row.data);
    },

    async findUnverifiedReviews(space, subject, author) {
      return parseRecords(
        "review",
        await rowsOf(FIND_UNVERIFIED_REVIEWS, [space, subject, author]),
      );
    },

    async findDispute(space, interaction, member) {
      const known = cached(cache, "disputesByInteraction", space, interaction);
      if (known !== undefined) return known.find((r) => r.member === member) ?? null;
      const [row] = await rowsOf(FIND_DISPUTE, [space, interaction, member]);
      return row === undefined ? null : parseRecord("dispute", row.data);
    },

    async listUnrevealedReviewsBy(space, author) {
      const rows = await rowsOf(LIST_UNREVEALED_REVIEWS_BY, [space, author]);
      return parseRecords("review", rows).sort(byId);
    },

    async listRevealDue(space, now, limit) {
      return parseRecords("review", await rowsOf(LIST_REVEAL_DUE, [space, now, limit]));
    },

    async countVouchesFor(space, member, now) {
      await cache?.flush(db);
      const { rows } = await COUNT_VOUCHES_FOR.execute(db, [space, member, now]);
      return Number(rows[0]?.n ?? 0);
    },

    async findActiveVouch(space, voucher, vouchee, scope, now) {
      const [row] = await rowsOf(FIND_ACTIVE_VOUCH, [space, voucher, vouchee, scope, now]);
      return row === undefined ? null : parseRecord("vouch", row.data);
    },

    async listDecisionsAffecting(space, member) {
      const known = cached(cache, "decisionsByAffected", space, member);
      if (known !== undefined) return [...known];
      return parseRecords("decision", await rowsOf(LIST_DECISIONS_AFFECTING, [space, member]));
    },

    async listAppeals(space, target, appellant) {
      const values = [space, target.kind, target.id, appellant];
      return parseRecords("appeal", await rowsOf(LIST_APPEALS, values));
    },
  };
}

// The reader's queries, compiled once per database (../precompiled.ts): commands run them per event.
// The at-most-one lookups take the first row (the oldest, as the in-memory store answers).

const FIND_REVIEW = precompile((db, $) =>
  db
    .selectFrom("reviews")
    .select("data")
    .where("space", "=", $(0))
    .where("interaction", "=", $(1))
    .where("author", "=", $(2))
    .orderBy("id"),
);

const FIND_UNVERIFIED_REVIEWS = precompile((db, $) =>
  db
    .selectFrom("reviews")
    .select("data")
    .where("space", "=", $(0))
    .where("subject", "=", $(1))
    .where("author", "=", $(2))
    .where("interaction", "is", null)
    .where("withdrawn_at", "is", null)
    .orderBy("id"),
);

const FIND_DISPUTE = precompile((db, $) =>
  db
    .selectFrom("disputes")
    .select("data")
    .where("space", "=", $(0))
    .where("interaction", "=", $(1))
    .where("member", "=", $(2))
    .orderBy("id"),
);

const LIST_UNREVEALED_REVIEWS_BY = precompile((db, $) =>
  db
    .selectFrom("reviews")
    .select("data")
    .where("space", "=", $(0))
    .where("author", "=", $(1))
    .where("revealed_at", "is", null)
    .where("withdrawn_at", "is", null)
    // The author's rows in (space, author, submitted_at, id) order, sorted by id above: a review row
    // carries no index on (space, author, id) since 0109 (review-indexes-migration.ts).
    .orderBy("submitted_at")
    .orderBy("id"),
);

const LIST_REVEAL_DUE = precompile((db, $) =>
  db
    .selectFrom("reviews")
    .select("data")
    .where("space", "=", $(0))
    .where("revealed_at", "is", null)
    .where("withdrawn_at", "is", null)
    .where("sealed_until", "is not", null)
    .where("sealed_until", "<=", $(1))
    .orderBy("sealed_until")
    .orderBy("id")
    .limit($(2)),
);

const COUNT_VOUCHES_FOR = precompile((db, $) =>
  db
    .selectFrom("vouches")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("space", "=", $(0))
    .where("vouchee", "=", $(1))
    .where("revoked_at", "is", null)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", $(2))]))
    // Not removed by a decision in force (views.ts isRemoved).
    .where((eb) =>
      eb.or([
        eb("removed_by", "is", null),
        eb.and([eb("removed_until", "is not", null), eb("removed_until", "<=", $(2))]),
      ]),
    ),
);

const FIND_ACTIVE_VOUCH = precompile((db, $) =>
  db
    .selectFrom("vouches")
    .select("data")
    .where("space", "=", $(0))
    .where("voucher", "=", $(1))
    .where("vouchee", "=", $(2))
    .where("scope", "=", $(3))
    .where("revoked_at", "is", null)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", $(4))]))
    .orderBy("id"),
);

const LIST_DECISIONS_AFFECTING = precompile((db, $) =>
  db
    .selectFrom("decisions")
    .select("data")
    .where("space", "=", $(0))
    .where("affected", "=", $(1))
    .orderBy("id"),
);

const LIST_APPEALS = precompile((db, $) =>
  db
    .selectFrom("appeals")
    .select("data")
    .where("space", "=", $(0))
    .where("target_kind", "=", $(1))
    .where("target_id", "=", $(2))
    .where("appellant", "=", $(3))
    .orderBy("id"),
);

/**
 * The record of `kind` with `id` in `space`, or null.
 *
 * @example await getRecord(db.kysely, "member", "stays", memberId)
 */
export async function getRecord<K extends RecordKind>(
  db: Executor,
  kind: K,
  space: string,
  id: string,
): Promise<RecordOf<K> | null> {
  const data = await selectRecordData(db, kind, space, id);
  return data === null ? null : parseRecord(kind, data);
}

/**
 * The record from the cache, or read through it. Not an async function: a hit (most reads of a batch)
 * returns a resolved promise without the suspended function state an async call allocates.
 */
function getCachedRecord<K extends RecordKind>(
  db: Executor,
  cache: RecordCache,
  kind: K,
  space: string,
  id: string,
): Promise<RecordOf<K> | null> {
  let cached: RecordOf<K> | null | undefined;
  try {
    cached = cache.record(kind, space, id);
  } catch (e) {
    return Promise.reject(e); // as the async function did: a failed read rejects, never throws
  }
  return cached !== undefined ? Promise.resolve(cached) : readThrough(db, cache, kind, space, id);
}

async function readThrough<K extends RecordKind>(
  db: Executor,
  cache: RecordCache,
  kind: K,
  space: string,
  id: string,
): Promise<RecordOf<K> | null> {
  await cache.flush(db);
  cache.set(kind, space, id, await selectRecordData(db, kind, space, id));
  return cache.record(kind, space, id) ?? null;
}

/**
 * The records `lookup` finds for `key` (record-lookups.ts), in id order, when the cache knows them
 * all; undefined sends the caller to its query.
 */
function cached<N extends LookupName>(
  cache: RecordCache | undefined,
  lookup: N,
  space: string,
  key: string,
): readonly RecordOf<(typeof RECORD_LOOKUPS)[N]["kind"]>[] | undefined {
  const ids = cache?.ids(lookup, space, key);
  if (cache === undefined || ids === undefined) return undefined;
  const kind = RECORD_LOOKUPS[lookup].kind as (typeof RECORD_LOOKUPS)[N]["kind"];
  const records: RecordOf<typeof kind>[] = [];
  for (const id of ids) {
    const record = cache.record(kind, space, id);
    if (record === undefined || record === null) return undefined;
    records.push(record);
  }
  return records;
}

/** Id order, as SQLite compares text (code units; ids are ASCII, src/store/space/ids.ts). */
function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
