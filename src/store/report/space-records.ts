/**
 * Every record of a space that its transparency report counts (src/domain/transparency-report.ts), read
 * from the projections in one snapshot together with the log size they correspond to, so the report can
 * name the log prefix an auditor replays to check it (`fabrique audit report`).
 *
 * The whole space is read into memory: a report counts everything. Rows come in id order, so two reads
 * of the same data give the same record order.
 */
import { sql } from "kysely";
import type { RecordKind, RecordOf } from "../../domain/records.js";
import type { SpaceRecordSet } from "../../domain/transparency-report.js";
import type { Database } from "../database.js";
import { readLogState } from "../log/log-state.js";
import { RECORD_TABLES } from "../projections/columns.js";
import { parseRecords } from "../projections/record-json.js";
import type { Executor } from "../schema.js";

/** A space's records and the log size they were read at. */
export interface SpaceRecordsSnapshot {
  readonly space: string;
  /** The space log's size in the same snapshot as the records. */
  readonly logSize: number;
  readonly records: SpaceRecordSet;
}

/**
 * Reads the records of `space`, or null when there is no such space.
 *
 * @example const snapshot = await loadSpaceRecords(db, "stays"); transparencyReport(snapshot.records, now)
 */
export async function loadSpaceRecords(
  db: Database,
  space: string,
): Promise<SpaceRecordsSnapshot | null> {
  return db.transaction(async (tx) => {
    // PostgreSQL reads each statement at its own snapshot under READ COMMITTED; one snapshot for the
    // whole read makes the log size match the rows. SQLite's transaction is one snapshot already.
    if (db.dialect === "postgres") {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx);
    }
    const exists = await tx
      .selectFrom("spaces")
      .select("id")
      .where("space", "=", space)
      .where("id", "=", space)
      .executeTakeFirst();
    if (exists === undefined) return null;
    const logSize = (await readLogState(tx, space)).size;
    return {
      space,
      logSize,
      records: {
        members: await recordsOf(tx, space, "member"),
        subjects: await recordsOf(tx, space, "subject"),
        interactions: await recordsOf(tx, space, "interaction"),
        disputes: await recordsOf(tx, space, "dispute"),
        reviews: await recordsOf(tx, space, "review"),
        replies: await recordsOf(tx, space, "reply"),
        vouches: await recordsOf(tx, space, "vouch"),
        alerts: await recordsOf(tx, space, "alert"),
        decisions: await recordsOf(tx, space, "decision"),
        appeals: await recordsOf(tx, space, "appeal"),
      },
    };
  });
}

async function recordsOf<K extends RecordKind>(
  db: Executor,
  space: string,
  kind: K,
): Promise<RecordOf<K>[]> {
  const rows = await db
    .selectFrom(RECORD_TABLES[kind].table)
    .select("data")
    .where("space", "=", space)
    .orderBy("id")
    .execute();
  return parseRecords(kind, rows);
}
