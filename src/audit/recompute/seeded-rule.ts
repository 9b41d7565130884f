/**
 * Recomputing the scores of the policy's pre-trusted members (issue 5: global trust, SybilRank,
 * SybilSCAR) from the public log: the auditor rebuilds, from the records its replay gives, the input
 * the server reads from its projections (src/store/trust/recompute/seeded-update.ts) and runs the same
 * pure computation (src/trust/seeded). Everything it needs is public: the seeds are the logged policy's,
 * vouches and interactions name both members, revealed ratings are public, and no reporter of an alert
 * is read (issue 3).
 *
 * The input at `now` (the evidence time the stored rows' params name): members not erased in joining
 * order (then id); vouches active at `now` (not revoked, not lapsed, not hidden by a decision in force)
 * by time given (then id); interactions between two members by time (then id); published reviews, each
 * a rating of −1..1 (the scale's middle is 0) from its author to its subject's owner.
 */
import { trustSeeds } from "../../domain/policy.js";
import type { VouchRecord } from "../../domain/records.js";
import { publicReviewState } from "../../domain/transparency-report.js";
import { type SeededInput, type SeededScores, seededScores } from "../../trust/seeded/index.js";
import type { RecordSet } from "../replay/record-set.js";

/**
 * The seeded input of `records` (a replay of the log's first `logSize` entries) at `now`, or null
 * before the log holds its space.
 *
 * @example const input = seededInputFromLog(records, params.now, row.logSize)
 */
export function seededInputFromLog(
  records: RecordSet,
  now: number,
  logSize: number,
): SeededInput | null {
  const policy = records.space()?.policy;
  if (policy === undefined) return null;
  const { min, max } = policy.rating;
  const owners = new Map(records.all("subject").map((s) => [s.id, s.owner]));
  return {
    members: records
      .all("member")
      .filter((m) => m.erasedAt === null)
      .sort((a, b) => a.joinedAt - b.joinedAt || compareIds(a.id, b.id))
      .map((m) => m.id),
    seeds: trustSeeds(policy),
    vouches: records
      .all("vouch")
      .filter((v) => activeAt(v, now))
      .sort((a, b) => a.givenAt - b.givenAt || compareIds(a.id, b.id))
      .map((v) => ({ voucher: v.voucher, vouchee: v.vouchee })),
    interactions: records
      .all("interaction")
      .filter((i) => i.parties.length === 2)
      .sort((a, b) => a.occurredAt - b.occurredAt || compareIds(a.id, b.id))
      .map((i) => ({ a: i.parties[0]?.member as string, b: i.parties[1]?.member as string })),
    ratings: records
      .all("review")
      .filter((r) => publicReviewState(r, now) === "published" && r.overall !== null)
      .sort((a, b) => a.submittedAt - b.submittedAt || compareIds(a.id, b.id))
      .map((r) => ({
        from: r.author,
        to: owners.get(r.subject) ?? null,
        weight: ((r.overall as number) - (min + max) / 2) / ((max - min) / 2),
      })),
    logSize,
  };
}

/**
 * The seeded scores recomputed from the log; null without a seed that is a member (or a space).
 *
 * @example const scores = seededFromLog(records, params.now, row.logSize)
 */
export function seededFromLog(
  records: RecordSet,
  now: number,
  logSize: number,
): SeededScores | null {
  const input = seededInputFromLog(records, now, logSize);
  return input === null ? null : seededScores(input);
}

/** Active at `now`: the rule the server's evidence applies (not revoked, lapsed or removed). */
function activeAt(v: VouchRecord, now: number): boolean {
  if (v.revokedAt !== null) return false;
  if (v.expiresAt !== null && v.expiresAt <= now) return false;
  return v.removedBy === null || (v.removedUntil !== null && v.removedUntil <= now);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
