/**
 * When each private part of a member's data will be shredded (issue 6: "the member sees the dates in
 * their export"). A part is due at the earlier of its deadline under the policy in force when it was
 * written (`shred_after`) and its deadline under the space's policy now: the rule the retention sweep
 * applies (projections/retention-sweep.ts). Null: kept until the member asks for erasure.
 */
import { isEventType, type SpacePolicy, shredDeadline } from "../../domain/index.js";
import type { Executor } from "../schema.js";

/** Rows read per query. */
const PAGE = 1000;

/** One private part the member owns and its retention. */
export interface RetentionDate {
  /** The event whose private part it is, and its log index. */
  readonly event: string;
  readonly index: number;
  readonly type: string;
  /** When it was written (ms). */
  readonly at: number;
  /** The deadline under the policy in force when it was written (ms), or null. */
  readonly writtenDeadline: number | null;
  /** The deadline under the space's policy now (ms), or null. */
  readonly currentDeadline: number | null;
  /** When the retention sweep shreds it (the earlier of the two), or null: kept until erasure. */
  readonly shredAt: number | null;
}

/**
 * The private parts `member` owns in `space`, in log order, with their retention dates under `policy`
 * (the space's current policy).
 *
 * @example for await (const d of retentionDates(db.kysely, "stays", m, space.policy)) d.shredAt
 */
export async function* retentionDates(
  db: Executor,
  space: string,
  member: string,
  policy: SpacePolicy,
): AsyncGenerator<RetentionDate> {
  const page = (after: number) =>
    db
      .selectFrom("event_private")
      .select(["event_id", "idx", "type", "at", "shred_after"])
      .where("space", "=", space)
      .where("owner", "=", member)
      .where("idx", ">", after)
      .orderBy("idx")
      .limit(PAGE)
      .execute();
  let next: ReturnType<typeof page> | null = page(-1);
  while (next !== null) {
    const rows: Awaited<ReturnType<typeof page>> = await next;
    const last = rows.at(-1);
    // One page ahead, as member-records.ts: the next page is read while this one is written.
    next = last === undefined || rows.length < PAGE ? null : page(last.idx);
    next?.catch(() => {});
    for (const row of rows) {
      const current = isEventType(row.type) ? shredDeadline(row.type, row.at, policy) : null;
      const due = [row.shred_after, current].filter((d): d is number => d !== null);
      yield {
        event: row.event_id,
        index: row.idx,
        type: row.type,
        at: row.at,
        writtenDeadline: row.shred_after,
        currentDeadline: current,
        shredAt: due.length === 0 ? null : Math.min(...due),
      };
    }
  }
}
