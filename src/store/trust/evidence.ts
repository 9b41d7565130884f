/**
 * A space's trust evidence, read from the projections in one transaction together with the log size it
 * corresponds to, so that every score computed from it can name the log prefix it came from
 * (src/trust/result.ts, ScoreProvenance.logSize).
 *
 * What counts as evidence (docs: issue 5):
 * - reviews the public may see now and whose rating is shown (domain publicReviewView "published"): a
 *   sealed, withdrawn or removed review never enters a score, so no score can leak a sealed rating;
 * - vouches active now (not revoked, not expired, not removed by a decision in force);
 * - attested interactions (each party with each other party).
 *
 * The whole space is read into memory: the scores are whole-graph computations. Times stay in
 * milliseconds as in the records.
 */
import { sql } from "kysely";
import {
  type ImportedPriorRecord,
  importsBySubject,
  type PriorPolicy,
  priorPolicy,
  publicReviewView,
  type SubjectImport,
  trustSeeds,
} from "../../domain/index.js";
import type { Database } from "../database.js";
import { readLogState } from "../log/log-state.js";
import { parseRecord } from "../projections/record-json.js";
import type { Executor } from "../schema.js";

/** A published review: its rating and when it was given. */
export interface ReviewEvidence {
  readonly id: string;
  readonly subject: string;
  readonly author: string;
  readonly overall: number;
  readonly verified: boolean;
  /** Milliseconds since the epoch. */
  readonly submittedAt: number;
  /** When the public could first read it (its double-blind window ended or both sides reviewed). */
  readonly visibleFrom: number;
}

/** A vouch active at the time the evidence was read. */
export interface VouchEvidence {
  readonly voucher: string;
  readonly vouchee: string;
  readonly givenAt: number;
}

/** An interaction between two parties (one-party interactions carry no edge). */
export interface InteractionEvidence {
  readonly a: string;
  readonly b: string;
  readonly occurredAt: number;
}

/** Everything the trust scores of one space are computed from. */
export interface SpaceEvidence {
  readonly space: string;
  /** The time visibility and activity were judged at (ms). */
  readonly now: number;
  /** The space log's size in the same transaction as the reads. */
  readonly logSize: number;
  /** The space's rating scale. */
  readonly scale: { readonly min: number; readonly max: number };
  readonly members: readonly string[];
  /** Subject id → its owner (null when the subject has none). */
  readonly subjectOwners: ReadonlyMap<string, string | null>;
  readonly reviews: readonly ReviewEvidence[];
  readonly vouches: readonly VouchEvidence[];
  readonly interactions: readonly InteractionEvidence[];
  /**
   * Subject → the prior imported from another space that counts for it (domain imported-priors.ts):
   * its owner's import, while the policy accepts the issuer.
   */
  readonly importedPriors: ReadonlyMap<string, SubjectImport>;
  /** The policy's pre-trusted members (issue 5), as named; absent or empty when none. */
  readonly trustSeeds?: readonly string[];
}

/**
 * Reads the evidence of `space` at `now`, or null when there is no such space.
 *
 * @example const evidence = await loadSpaceEvidence(db, "stays", Date.now())
 */
export async function loadSpaceEvidence(
  db: Database,
  space: string,
  now: number,
): Promise<SpaceEvidence | null> {
  const rows = await readEvidenceRows(db, space, now);
  return rows === null ? null : assembleEvidence(rows);
}

/**
 * The rows the evidence is made of, as the database gives them: reading them is I/O, turning them into
 * evidence (parsing every review record, judging its visibility, ordering) is CPU work that a
 * recompute does in its worker thread (assembleEvidence).
 */
export interface EvidenceRows {
  readonly space: string;
  readonly now: number;
  readonly logSize: number;
  readonly scale: { readonly min: number; readonly max: number };
  readonly members: readonly { readonly id: string; readonly joined_at: number }[];
  readonly subjects: readonly { readonly id: string; readonly owner: string | null }[];
  readonly reviews: readonly { readonly data: string; readonly visible_from: number | null }[];
  readonly vouches: readonly VouchEvidence[];
  readonly interactions: readonly InteractionEvidence[];
  /** The policy's imported-prior rules. */
  readonly priors: PriorPolicy;
  /** Members (not erased) holding an imported prior, with their record. */
  readonly priorMembers: readonly { readonly id: string; readonly data: string }[];
  /** The policy's pre-trusted members. */
  readonly trustSeeds: readonly string[];
}

/**
 * Reads the evidence rows of `space` at `now` in one snapshot, or null when there is no such space.
 *
 * @example const rows = await readEvidenceRows(db, "stays", Date.now())
 */
export async function readEvidenceRows(
  db: Database,
  space: string,
  now: number,
): Promise<EvidenceRows | null> {
  return db.transaction(async (tx) => {
    // PostgreSQL reads each statement at its own snapshot under READ COMMITTED; one snapshot for the
    // whole read makes the log size match the rows. SQLite's transaction is one snapshot already.
    if (db.dialect === "postgres") {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx);
    }
    const spaceRow = await tx
      .selectFrom("spaces")
      .select("data")
      .where("space", "=", space)
      .where("id", "=", space)
      .executeTakeFirst();
    if (spaceRow === undefined) return null;
    const policy = parseRecord("space", spaceRow.data).policy;
    const logSize = (await readLogState(tx, space)).size;
    return {
      space,
      now,
      logSize,
      scale: { min: policy.rating.min, max: policy.rating.max },
      members: await tx
        .selectFrom("members")
        .select(["id", "joined_at"])
        .where("space", "=", space)
        .where("erased_at", "is", null)
        .execute(),
      subjects: await tx
        .selectFrom("subjects")
        .select(["id", "owner"])
        .where("space", "=", space)
        .execute(),
      reviews: await tx
        .selectFrom("reviews")
        .select(["data", "visible_from"])
        .where("space", "=", space)
        .where("withdrawn_at", "is", null)
        .where("visible_from", "is not", null)
        .execute(),
      vouches: await activeVouches(tx, space, now),
      interactions: await interactionPairs(tx, space),
      priors: priorPolicy(policy),
      // Canonical JSON (columns.ts) writes `"importedPrior":{` only when the member holds one: inside a
      // string every quote is escaped, so a display name cannot match.
      priorMembers: await tx
        .selectFrom("members")
        .select(["id", "data"])
        .where("space", "=", space)
        .where("erased_at", "is", null)
        .where("data", "like", '%"importedPrior":{%')
        .execute(),
      trustSeeds: trustSeeds(policy),
    };
  });
}

/**
 * The evidence of its rows. Members by time joined then id, and reviews by time written then id, are
 * ordered here in code-unit order, not by the database: a PostgreSQL collation may order ids
 * otherwise, and the order numbers the ratings graph's nodes, which an auditor replaying the log must
 * reproduce exactly (src/audit/recompute/credible-rule.ts). Only reviews whose rating the public sees
 * at `now` count (the domain's view decides, not this file).
 *
 * @example const evidence = assembleEvidence(await readEvidenceRows(db, "stays", now))
 */
export function assembleEvidence(rows: EvidenceRows): SpaceEvidence {
  const members = rows.members
    .map((r) => ({ id: r.id, at: Number(r.joined_at) }))
    .sort((a, b) => a.at - b.at || byId(a.id, b.id))
    .map((r) => r.id);
  const reviews: ReviewEvidence[] = [];
  for (const row of rows.reviews) {
    const view = publicReviewView(parseRecord("review", row.data), rows.now);
    if (view === null || view.state !== "published") continue;
    reviews.push({
      id: view.id,
      subject: view.subject,
      author: view.author,
      overall: view.overall,
      verified: view.provenance === "verified",
      submittedAt: view.submittedAt,
      visibleFrom: Number(row.visible_from ?? view.submittedAt),
    });
  }
  reviews.sort((a, b) => a.submittedAt - b.submittedAt || byId(a.id, b.id));
  return {
    space: rows.space,
    now: rows.now,
    logSize: rows.logSize,
    scale: rows.scale,
    members,
    subjectOwners: new Map(rows.subjects.map((r) => [r.id, r.owner])),
    reviews,
    vouches: rows.vouches,
    interactions: rows.interactions,
    importedPriors: importsBySubject(
      rows.priors,
      rows.priorMembers.map((r) => ({
        id: r.id,
        importedPrior: (JSON.parse(r.data) as { importedPrior?: ImportedPriorRecord | null })
          .importedPrior,
      })),
      rows.subjects,
    ),
    trustSeeds: rows.trustSeeds,
  };
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Active at `now`: the rule of the domain's countVouchesFor (not revoked, expired or removed). */
async function activeVouches(db: Executor, space: string, now: number): Promise<VouchEvidence[]> {
  const rows = await db
    .selectFrom("vouches")
    .select(["voucher", "vouchee", "given_at"])
    .where("space", "=", space)
    .where("revoked_at", "is", null)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .where((eb) =>
      eb.or([
        eb("removed_by", "is", null),
        eb.and([eb("removed_until", "is not", null), eb("removed_until", "<=", now)]),
      ]),
    )
    .orderBy("given_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ voucher: r.voucher, vouchee: r.vouchee, givenAt: r.given_at }));
}

async function interactionPairs(db: Executor, space: string): Promise<InteractionEvidence[]> {
  const rows = await db
    .selectFrom("interactions")
    .select(["member_a", "member_b", "occurred_at"])
    .where("space", "=", space)
    .where("member_b", "is not", null)
    .orderBy("occurred_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ a: r.member_a, b: r.member_b as string, occurredAt: r.occurred_at }));
}
