/**
 * The DomainReader port (src/domain/reader.ts) in SQL. Each method is one indexed query (migration.ts)
 * that returns what the in-memory reference store (test/domain/support/memory-store.ts) returns, in the
 * same order: records of one kind in the order they were put, which is the order of their ids (ids are
 * minted time-sortable and increasing, src/store/space/ids.ts). Use it on the transaction the
 * command's events are appended in, so checks and writes see the same state.
 */
import { sql } from "kysely";
import type { DomainReader } from "../../domain/reader.js";
import type { RecordKind, RecordOf } from "../../domain/records.js";
import type { Executor } from "../schema.js";
import { RECORD_TABLES } from "./columns.js";
import type { RecordCache } from "./record-cache.js";
import { parseRecord, parseRecords } from "./record-json.js";

/**
 * A DomainReader over `db` (a transaction, or the database for reads outside one). With `cache` (the
 * transaction's record-cache.ts, which applyChanges keeps exact), `get` answers from it when it can.
 *
 * @example const result = await submitReview(createSqlDomainReader(w.tx), space, input, ctx)
 */
export function createSqlDomainReader(db: Executor, cache?: RecordCache): DomainReader {
  return {
    get: (kind, space, id) =>
      cache === undefined
        ? getRecord(db, kind, space, id)
        : getCachedRecord(db, cache, kind, space, id),

    async findReview(space, interaction, author) {
      const row = await db
        .selectFrom("reviews")
        .select("data")
        .where("space", "=", space)
        .where("interaction", "=", interaction)
        .where("author", "=", author)
        .orderBy("id")
        .executeTakeFirst();
      return row === undefined ? null : parseRecord("review", row.data);
    },

    async findUnverifiedReviews(space, subject, author) {
      const rows = await db
        .selectFrom("reviews")
        .select("data")
        .where("space", "=", space)
        .where("subject", "=", subject)
        .where("author", "=", author)
        .where("interaction", "is", null)
        .where("withdrawn_at", "is", null)
        .orderBy("id")
        .execute();
      return parseRecords("review", rows);
    },

    async findDispute(space, interaction, member) {
      const row = await db
        .selectFrom("disputes")
        .select("data")
        .where("space", "=", space)
        .where("interaction", "=", interaction)
        .where("member", "=", member)
        .orderBy("id")
        .executeTakeFirst();
      return row === undefined ? null : parseRecord("dispute", row.data);
    },

    async listUnrevealedReviewsBy(space, author) {
      const rows = await db
        .selectFrom("reviews")
        .select("data")
        .where("space", "=", space)
        .where("author", "=", author)
        .where("revealed_at", "is", null)
        .where("withdrawn_at", "is", null)
        .orderBy("id")
        .execute();
      return parseRecords("review", rows);
    },

    async listRevealDue(space, now, limit) {
      const rows = await db
        .selectFrom("reviews")
        .select("data")
        .where("space", "=", space)
        .where("revealed_at", "is", null)
        .where("withdrawn_at", "is", null)
        .where("sealed_until", "is not", null)
        .where("sealed_until", "<=", now)
        .orderBy("sealed_until")
        .orderBy("id")
        .limit(limit)
        .execute();
      return parseRecords("review", rows);
    },

    async countVouchesFor(space, member, now) {
      const row = await db
        .selectFrom("vouches")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("space", "=", space)
        .where("vouchee", "=", member)
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
        // Not removed by a decision in force (views.ts isRemoved).
        .where((eb) =>
          eb.or([
            eb("removed_by", "is", null),
            eb.and([eb("removed_until", "is not", null), eb("removed_until", "<=", now)]),
          ]),
        )
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async findActiveVouch(space, voucher, vouchee, scope, now) {
      const row = await db
        .selectFrom("vouches")
        .select("data")
        .where("space", "=", space)
        .where("voucher", "=", voucher)
        .where("vouchee", "=", vouchee)
        .where("scope", "=", scope)
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
        .orderBy("id")
        .executeTakeFirst();
      return row === undefined ? null : parseRecord("vouch", row.data);
    },

    async listDecisionsAffecting(space, member) {
      const rows = await db
        .selectFrom("decisions")
        .select("data")
        .where("space", "=", space)
        .where("affected", "=", member)
        .orderBy("id")
        .execute();
      return parseRecords("decision", rows);
    },

    async listAppeals(space, target, appellant) {
      const rows = await db
        .selectFrom("appeals")
        .select("data")
        .where("space", "=", space)
        .where("target_kind", "=", target.kind)
        .where("target_id", "=", target.id)
        .where("appellant", "=", appellant)
        .orderBy("id")
        .execute();
      return parseRecords("appeal", rows);
    },
  };
}

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
  const data = await getRecordData(db, kind, space, id);
  return data === null ? null : parseRecord(kind, data);
}

async function getRecordData(
  db: Executor,
  kind: RecordKind,
  space: string,
  id: string,
): Promise<string | null> {
  const { rows } = await sql<{ data: string }>`
    select data from ${sql.table(RECORD_TABLES[kind].table)}
    where space = ${space} and id = ${id}`.execute(db);
  return rows[0]?.data ?? null;
}

async function getCachedRecord<K extends RecordKind>(
  db: Executor,
  cache: RecordCache,
  kind: K,
  space: string,
  id: string,
): Promise<RecordOf<K> | null> {
  const cached = cache.get(kind, space, id);
  if (cached !== undefined) return cached === null ? null : parseRecord(kind, cached);
  const data = await getRecordData(db, kind, space, id);
  cache.set(kind, space, id, data);
  return data === null ? null : parseRecord(kind, data);
}
