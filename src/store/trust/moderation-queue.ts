/**
 * The moderation queue ordered by risk (issue 5): the pending alerts of a space — notices from members
 * and notifiers, and the flags of the platform's own detection — each with the member it is about and
 * that member's stored fraud suspicion, most at risk first, then oldest first. An alert about content
 * is about its author (a review's, a reply's), a vouch about its voucher, a subject about its owner.
 * Alerts about a member with no stored suspicion (never recomputed, or not rated) come after the
 * others. At most QUEUE_READ_LIMIT pending alerts, the oldest, are read and ordered.
 *
 * Where the policy names trust seeds, the member's stored Sybil signal (SybilSCAR probability, with its
 * reasons) is shown too, and an entry's risk is the larger of the two: each is a suspicion signal
 * for a person to weigh, neither acts by itself.
 */
import type { AlertRecord } from "../../domain/index.js";
import { SYBILSCAR } from "../../trust/seeded/index.js";
import { parseRecord } from "../projections/record-json.js";
import type { Executor } from "../schema.js";
import { SUSPICION } from "./recompute/compute.js";
import { type StoredScore, scoresOf } from "./stored-scores.js";

/** Pending alerts read at most to order the queue. */
export const QUEUE_READ_LIMIT = 10_000;

/** One entry of the queue. */
export interface QueueEntry {
  readonly alert: AlertRecord;
  /** The member the alert is about, or null (a subject without owner, content gone). */
  readonly affected: string | null;
  /** A flag raised by the platform's own detection (system alert, its own initiative). */
  readonly automated: boolean;
  /** The affected member's stored suspicion, or null. */
  readonly risk: StoredScore | null;
  /** The affected member's stored Sybil signal (sybilscar), or null (no seeds, not recomputed). */
  readonly sybil: StoredScore | null;
}

/**
 * The `limit` riskiest pending alerts of `space`.
 *
 * @example const queue = await moderationQueue(db.kysely, "stays", 50)
 */
export async function moderationQueue(
  db: Executor,
  space: string,
  limit: number,
): Promise<QueueEntry[]> {
  const rows = await db
    .selectFrom("alerts")
    .select("data")
    .where("space", "=", space)
    .where("resolved_at", "is", null)
    .orderBy("raised_at")
    .orderBy("id")
    .limit(QUEUE_READ_LIMIT)
    .execute();
  const alerts = rows.map((r) => parseRecord("alert", r.data));
  const affected = await affectedMembers(db, space, alerts);
  const members = [...affected.values()].filter((m): m is string => m !== null);
  const risks = await scoresOf(db, space, SUSPICION, members);
  const sybils = await scoresOf(db, space, SYBILSCAR, members);
  const entries = alerts.map((alert): QueueEntry => {
    const member = affected.get(alert.id) ?? null;
    return {
      alert,
      affected: member,
      automated: alert.sourceType === "SOURCE_VOLUNTARY" && alert.reporter === null,
      risk: member === null ? null : (risks.get(member) ?? null),
      sybil: member === null ? null : (sybils.get(member) ?? null),
    };
  });
  // Array#sort is stable: equal risks keep the oldest-first order they were read in.
  return entries.sort((a, b) => riskOf(b) - riskOf(a)).slice(0, limit);
}

/** The larger of an entry's signals; −1 without any. */
function riskOf(e: QueueEntry): number {
  return Math.max(e.risk?.score ?? -1, e.sybil?.score ?? -1);
}

/** Alert id → the member it is about. */
async function affectedMembers(
  db: Executor,
  space: string,
  alerts: readonly AlertRecord[],
): Promise<Map<string, string | null>> {
  const ids = (kind: string) =>
    alerts.filter((a) => a.target.kind === kind).map((a) => a.target.id);
  const reviews = await lookup(ids("review"), (chunk) =>
    db
      .selectFrom("reviews")
      .select(["id", "author as member"])
      .where("space", "=", space)
      .where("id", "in", chunk)
      .execute(),
  );
  const replies = await lookup(ids("reply"), (chunk) =>
    db
      .selectFrom("replies")
      .select(["id", "author as member"])
      .where("space", "=", space)
      .where("id", "in", chunk)
      .execute(),
  );
  const vouches = await lookup(ids("vouch"), (chunk) =>
    db
      .selectFrom("vouches")
      .select(["id", "voucher as member"])
      .where("space", "=", space)
      .where("id", "in", chunk)
      .execute(),
  );
  const subjects = await lookup(ids("subject"), (chunk) =>
    db
      .selectFrom("subjects")
      .select(["id", "owner as member"])
      .where("space", "=", space)
      .where("id", "in", chunk)
      .execute(),
  );
  const out = new Map<string, string | null>();
  for (const a of alerts) {
    const id = a.target.id;
    switch (a.target.kind) {
      case "member":
        out.set(a.id, id);
        break;
      case "review":
        out.set(a.id, reviews.get(id) ?? null);
        break;
      case "reply":
        out.set(a.id, replies.get(id) ?? null);
        break;
      case "vouch":
        out.set(a.id, vouches.get(id) ?? null);
        break;
      case "subject":
        out.set(a.id, subjects.get(id) ?? null);
        break;
    }
  }
  return out;
}

/** id → member, for `ids`, 500 at a time (one query after the other: no parallel queries). */
async function lookup(
  ids: readonly string[],
  query: (chunk: string[]) => Promise<{ id: string; member: string | null }[]>,
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await query(ids.slice(i, i + 500))) out.set(r.id, r.member);
  }
  return out;
}
