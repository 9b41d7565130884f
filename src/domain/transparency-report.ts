/**
 * The transparency report of a space: counts of what happened in it at a moment, derived from its
 * records and only from their public fields (the fields the log carries in clear). So the server,
 * reading its projections, and an auditor, replaying the public log (`fabrique audit report`), get the
 * same numbers exactly when the projections are true to the log.
 *
 * Sections follow DSA Art. 15(1): notices received and how they were handled (b), the median time to
 * handle them, decisions on the provider's own initiative and on notices (c), restrictions by kind and
 * ground, automated means (e), complaints through the internal system and their outcomes (d); and the
 * review rules: removed reviews are counted, not hidden (FTC 16 CFR 465.7), verified and unverified
 * reviews are told apart (EU Omnibus Directive).
 *
 * A review's state here reads only public fields: withdrawn, sealed (double-blind window open), removed
 * (a decision in force), awaiting reveal (its window ended but the reveal is not in the log yet: the
 * server may show its rating, the log does not yet), or published (revealed in the log).
 */
import type {
  AlertRecord,
  AppealRecord,
  DecisionRecord,
  DisputeRecord,
  InteractionRecord,
  MemberRecord,
  ReplyRecord,
  ReviewRecord,
  SubjectRecord,
  VouchRecord,
} from "./records.js";
import { isVisible } from "./sealing.js";
import { isRemoved } from "./views.js";

/** The report format; a change of any count's meaning bumps it. */
export const TRANSPARENCY_REPORT_VERSION = 1;

/** The records of one space a report counts (the space record itself is not needed). */
export interface SpaceRecordSet {
  readonly members: readonly MemberRecord[];
  readonly subjects: readonly SubjectRecord[];
  readonly interactions: readonly InteractionRecord[];
  readonly disputes: readonly DisputeRecord[];
  readonly reviews: readonly ReviewRecord[];
  readonly replies: readonly ReplyRecord[];
  readonly vouches: readonly VouchRecord[];
  readonly alerts: readonly AlertRecord[];
  readonly decisions: readonly DecisionRecord[];
  readonly appeals: readonly AppealRecord[];
}

/** Counts by a label; labels with no item are left out. */
export type Counts = Readonly<Record<string, number>>;

/** What a review is, as the public log lets anyone tell. */
export type PublicReviewState =
  | "withdrawn"
  | "sealed"
  | "removed"
  | "awaiting-reveal"
  | "published";

/** The report. Times are milliseconds since the epoch; durations are hours. */
export interface TransparencyReport {
  readonly version: typeof TRANSPARENCY_REPORT_VERSION;
  /** The moment states (sealed, removed, expired …) were judged at. */
  readonly now: number;
  readonly members: { readonly joined: number; readonly erased: number };
  readonly subjects: {
    readonly registered: number;
    readonly byKind: Counts;
    readonly removed: number;
  };
  readonly interactions: {
    readonly recorded: number;
    /** Disputes filed ("this did not happen"), and the interactions they concern. */
    readonly disputes: number;
    readonly disputed: number;
  };
  readonly reviews: {
    readonly submitted: number;
    readonly byState: Counts;
    readonly withdrawnByReason: Counts;
    readonly amended: number;
    readonly publishedByProvenance: Counts;
    readonly publishedByConnection: Counts;
    /** Published reviews per overall rating. */
    readonly publishedByRating: Counts;
    readonly replies: number;
    readonly repliesRemoved: number;
  };
  readonly vouches: {
    readonly given: number;
    /** active, revoked, expired or removed (a decision in force), in that order of precedence. */
    readonly byState: Counts;
  };
  /** Alerts (notices, Art. 16 DSA). */
  readonly notices: {
    readonly received: number;
    readonly byCategory: Counts;
    readonly bySource: Counts;
    readonly pending: number;
    readonly byOutcome: Counts;
    readonly medianHoursToResolve: number | null;
  };
  /** Decisions with their statements of reasons (Art. 17 DSA). */
  readonly decisions: {
    readonly total: number;
    readonly onNotice: number;
    readonly ownInitiative: number;
    readonly byGround: Counts;
    readonly byCategory: Counts;
    readonly byTarget: Counts;
    /** Decisions restricting each kind of thing (one decision may restrict several). */
    readonly byRestriction: Counts;
    readonly automatedDetection: number;
    readonly byAutomation: Counts;
    readonly reversedOnAppeal: number;
  };
  /** Complaints through the internal complaint-handling system (Art. 20 DSA). */
  readonly appeals: {
    readonly filed: number;
    readonly byTarget: Counts;
    readonly pending: number;
    readonly byOutcome: Counts;
    readonly medianHoursToDecide: number | null;
  };
}

const HOUR_MS = 3_600_000;

/**
 * The transparency report of `records` at `now`.
 *
 * @example transparencyReport(records, Date.now()).decisions.byAutomation
 */
export function transparencyReport(records: SpaceRecordSet, now: number): TransparencyReport {
  return {
    version: TRANSPARENCY_REPORT_VERSION,
    now,
    members: {
      joined: records.members.length,
      erased: records.members.filter((m) => m.erasedAt !== null).length,
    },
    subjects: {
      registered: records.subjects.length,
      byKind: tally(records.subjects.map((s) => s.kind)),
      removed: records.subjects.filter((s) => isRemoved(s, now)).length,
    },
    interactions: {
      recorded: records.interactions.length,
      disputes: records.disputes.length,
      disputed: new Set(records.disputes.map((d) => d.interaction)).size,
    },
    reviews: reviewCounts(records, now),
    vouches: {
      given: records.vouches.length,
      byState: tally(records.vouches.map((v) => vouchState(v, now))),
    },
    notices: noticeCounts(records.alerts),
    decisions: decisionCounts(records.decisions),
    appeals: {
      filed: records.appeals.length,
      byTarget: tally(records.appeals.map((a) => a.target.kind)),
      pending: records.appeals.filter((a) => a.outcome === null).length,
      byOutcome: tally(records.appeals.flatMap((a) => (a.outcome === null ? [] : [a.outcome]))),
      medianHoursToDecide: medianHours(
        records.appeals.flatMap((a) => (a.decidedAt === null ? [] : [a.decidedAt - a.filedAt])),
      ),
    },
  };
}

/**
 * A review's state from its public fields at `now` (see the file comment).
 *
 * @example publicReviewState(review, Date.now()) // "sealed"
 */
export function publicReviewState(review: ReviewRecord, now: number): PublicReviewState {
  if (review.withdrawnAt !== null) return "withdrawn";
  if (!isVisible(review, now)) return "sealed";
  if (isRemoved(review, now)) return "removed";
  return review.revealedAt === null ? "awaiting-reveal" : "published";
}

function reviewCounts(records: SpaceRecordSet, now: number): TransparencyReport["reviews"] {
  const states = records.reviews.map((r) => publicReviewState(r, now));
  const published = records.reviews.filter((_, i) => states[i] === "published");
  return {
    submitted: records.reviews.length,
    byState: tally(states),
    withdrawnByReason: tally(
      records.reviews.flatMap((r) => (r.withdrawnReason === null ? [] : [r.withdrawnReason])),
    ),
    amended: records.reviews.filter((r) => r.amendedAt !== null).length,
    publishedByProvenance: tally(published.map((r) => r.provenance)),
    publishedByConnection: tally(published.map((r) => r.connection)),
    publishedByRating: tally(published.map((r) => String(r.overall))),
    replies: records.replies.length,
    repliesRemoved: records.replies.filter((r) => isRemoved(r, now)).length,
  };
}

function vouchState(vouch: VouchRecord, now: number): string {
  if (vouch.revokedAt !== null) return "revoked";
  if (isRemoved(vouch, now)) return "removed";
  if (vouch.expiresAt !== null && vouch.expiresAt <= now) return "expired";
  return "active";
}

function noticeCounts(alerts: readonly AlertRecord[]): TransparencyReport["notices"] {
  return {
    received: alerts.length,
    byCategory: tally(alerts.map((a) => a.category)),
    bySource: tally(alerts.map((a) => a.sourceType)),
    pending: alerts.filter((a) => a.outcome === null).length,
    byOutcome: tally(alerts.flatMap((a) => (a.outcome === null ? [] : [a.outcome]))),
    medianHoursToResolve: medianHours(
      alerts.flatMap((a) => (a.resolvedAt === null ? [] : [a.resolvedAt - a.raisedAt])),
    ),
  };
}

function decisionCounts(decisions: readonly DecisionRecord[]): TransparencyReport["decisions"] {
  const statements = decisions.map((d) => d.statement);
  const onNotice = statements.filter((s) => s.alert !== null).length;
  return {
    total: decisions.length,
    onNotice,
    ownInitiative: decisions.length - onNotice,
    byGround: tally(statements.map((s) => s.decisionGround)),
    byCategory: tally(statements.map((s) => s.category)),
    byTarget: tally(statements.map((s) => s.target.kind)),
    byRestriction: tally(
      statements.flatMap((s) => [
        ...((s.decisionVisibility?.length ?? 0) > 0 ? ["visibility"] : []),
        ...(s.decisionMonetary === undefined ? [] : ["monetary"]),
        ...(s.decisionProvision === undefined ? [] : ["provision"]),
        ...(s.decisionAccount === undefined ? [] : ["account"]),
      ]),
    ),
    automatedDetection: statements.filter((s) => s.automatedDetection).length,
    byAutomation: tally(statements.map((s) => s.automatedDecision)),
    reversedOnAppeal: decisions.filter((d) => d.reversedBy !== null).length,
  };
}

/** Counts per label, labels in sorted order (so two reports of the same data serialize alike). */
function tally(labels: readonly string[]): Counts {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The median of durations in ms, in hours; null for none. */
function medianHours(durations: readonly number[]): number | null {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return median / HOUR_MS;
}
