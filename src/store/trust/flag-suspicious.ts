/**
 * Suspicion into the moderation queue (issue 5: "suspicion signals … feeding a moderation queue
 * ordered by risk"; "signals never act silently"). After a recompute, every member whose stored fraud
 * suspicion reaches the threshold is flagged through the domain's flagMember command (an alert of the
 * platform's own initiative, raised by the system actor, appended to the space's log like every
 * change). A flag restricts nothing: a moderator reads it in the queue and decides, and only their
 * decision, with its statement of reasons, can restrict the member.
 *
 * A member is not flagged twice for the same evidence: not while an automated flag on them is pending,
 * and after a moderator resolved one, only once ratings by or about them were written since.
 */
import { ALERT_EXPLANATION_MAX } from "../../domain/events/alert.js";
import type { Actor, AlertRecord, FlagMember } from "../../domain/index.js";
import type { Database } from "../database.js";
import { parseRecord } from "../projections/record-json.js";
import type { Executor } from "../schema.js";
import type { CommandCall } from "../space/commands.js";
import type { SpaceService } from "../space/service.js";
import { SUSPICION } from "./recompute/compute.js";

/** The default threshold: the suspicion at which a rater's reviews are also marked low-credibility. */
export const DEFAULT_FLAG_AT = 0.5;

/** Flags raised in one pass at most, unless told otherwise (the most suspicious first). */
export const DEFAULT_FLAG_LIMIT = 100;

/** Options of flagSuspicious. */
export interface FlagOptions {
  /** Suspicion at or above which a member is flagged. Default DEFAULT_FLAG_AT. */
  readonly at?: number;
  /** Most flags raised in this pass. Default DEFAULT_FLAG_LIMIT. */
  readonly limit?: number;
}

/** What a pass did. */
export interface FlagReport {
  /** Members at or above the threshold. */
  readonly suspicious: number;
  /** Members flagged now, most suspicious first. */
  readonly flagged: readonly string[];
  /** Members skipped: already flagged for the same evidence. */
  readonly alreadyFlagged: number;
  /** Members left for the next pass by the limit. */
  readonly deferred: number;
}

const SYSTEM: Actor = { kind: "system" };
const BATCH = 100;

/**
 * Flags the members of `space` whose stored suspicion reaches the threshold.
 *
 * @example const { flagged } = await flagSuspicious(db, service, "stays", { at: 0.5 })
 */
export async function flagSuspicious(
  db: Database,
  service: SpaceService,
  space: string,
  options: FlagOptions = {},
): Promise<FlagReport> {
  const at = options.at ?? DEFAULT_FLAG_AT;
  const limit = options.limit ?? DEFAULT_FLAG_LIMIT;
  if (!(at > 0 && at <= 1)) throw new RangeError(`the flag threshold must be in (0, 1], got ${at}`);
  const suspicious = await suspiciousMembers(db.kysely, space, at);
  const flags = await automatedFlags(db.kysely, space);
  const candidates: Suspicious[] = [];
  for (const s of suspicious) {
    if (!(await needsFlag(db.kysely, space, s.member, flags.get(s.member) ?? []))) continue;
    candidates.push(s);
  }
  const chosen = candidates.slice(0, limit);
  const flagged: string[] = [];
  for (let i = 0; i < chosen.length; i += BATCH) {
    const calls: CommandCall[] = chosen.slice(i, i + BATCH).map((s) => ({
      actor: SYSTEM,
      command: "flagMember",
      input: flagInput(s, at),
    }));
    const outcomes = await service.executeBatch(space, calls);
    outcomes.forEach((o, j) => {
      const member = chosen[i + j]?.member;
      if (o.ok && member !== undefined) flagged.push(member);
    });
  }
  return {
    suspicious: suspicious.length,
    flagged,
    alreadyFlagged: suspicious.length - candidates.length,
    deferred: candidates.length - chosen.length,
  };
}

interface Suspicious {
  readonly member: string;
  readonly score: number;
  readonly reasons: readonly {
    readonly code: string;
    readonly text: string;
    readonly contribution: number;
  }[];
  readonly version: string;
  readonly logSize: number;
}

async function suspiciousMembers(db: Executor, space: string, at: number): Promise<Suspicious[]> {
  const rows = await db
    .selectFrom("trust_scores")
    .select(["entity", "score", "details", "version", "log_size"])
    .where("space", "=", space)
    .where("algorithm", "=", SUSPICION)
    .where("score", ">=", at)
    .orderBy("score", "desc")
    .orderBy("entity")
    .execute();
  return rows.map((r) => ({
    member: r.entity,
    score: r.score,
    reasons: (JSON.parse(r.details) as { reasons: Suspicious["reasons"] }).reasons,
    version: r.version,
    logSize: Number(r.log_size),
  }));
}

/** The automated flags (system alerts of the platform's own initiative) on members, by member. */
async function automatedFlags(db: Executor, space: string): Promise<Map<string, AlertRecord[]>> {
  const rows = await db
    .selectFrom("alerts")
    .select("data")
    .where("space", "=", space)
    .where("target_kind", "=", "member")
    .where("reporter", "is", null)
    .execute();
  const out = new Map<string, AlertRecord[]>();
  for (const row of rows) {
    const alert = parseRecord("alert", row.data);
    if (alert.sourceType !== "SOURCE_VOLUNTARY") continue;
    out.set(alert.target.id, [...(out.get(alert.target.id) ?? []), alert]);
  }
  return out;
}

/** No pending flag, and no resolved one since which nothing was rated by or about the member. */
async function needsFlag(
  db: Executor,
  space: string,
  member: string,
  flags: readonly AlertRecord[],
): Promise<boolean> {
  if (flags.some((f) => f.outcome === null)) return false;
  if (flags.length === 0) return true;
  const lastResolved = Math.max(...flags.map((f) => f.resolvedAt ?? 0));
  const owned = db
    .selectFrom("subjects")
    .select("id")
    .where("space", "=", space)
    .where("owner", "=", member);
  const newer = await db
    .selectFrom("reviews")
    .select("id")
    .where("space", "=", space)
    .where("submitted_at", ">", lastResolved)
    .where((eb) =>
      eb.or([eb("author", "=", member), eb("subject", "=", member), eb("subject", "in", owned)]),
    )
    .limit(1)
    .executeTakeFirst();
  return newer !== undefined;
}

/** The flag's private explanation: the score, the reasons and how to recompute it. */
function flagInput(s: Suspicious, at: number): FlagMember {
  const head =
    `Automated detection: fraud suspicion ${s.score.toFixed(2)} reached the threshold ${at} ` +
    `(${SUSPICION} ${s.version}, computed from the first ${s.logSize} entries of the space's log). ` +
    "This flag restricts nothing; a moderator decides.";
  const lines = s.reasons.map((r) => `- ${r.code} (+${r.contribution.toFixed(2)}): ${r.text}`);
  let explanation = `${head}\nReasons:`;
  for (const line of lines) {
    if (explanation.length + line.length + 1 > ALERT_EXPLANATION_MAX) break;
    explanation += `\n${line}`;
  }
  return { member: s.member, category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", explanation };
}
