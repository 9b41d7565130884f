/**
 * Read-side views. Every read path that serves anyone but the record's own author goes through
 * these: they apply the double-blind rule (a sealed review is invisible, its rating included), hide
 * withdrawn reviews, and replace content removed by a decision in force with a notice naming the
 * decision (so removals are visible as removals: FTC rule against review suppression, DSA Art. 17).
 */
import type { Connection, Provenance } from "./events/review.js";
import type { MemberId, SubjectId } from "./ids.js";
import type { SpacePolicy } from "./policy.js";
import type { AlertRecord, ReplyRecord, ReviewRecord } from "./records.js";
import { isVisible } from "./sealing.js";

/** A published review as the public sees it. */
export interface PublishedReviewView {
  readonly state: "published";
  readonly id: string;
  readonly subject: SubjectId;
  readonly author: MemberId;
  readonly interaction: string | null;
  readonly provenance: Provenance;
  readonly connection: Connection;
  readonly overall: number;
  readonly criteria: Readonly<Record<string, number>>;
  /** Null once shredded (the author was erased). */
  readonly title: string | null;
  readonly text: string | null;
  readonly submittedAt: number;
  /**
   * When it became public: its reveal, or the end of its double-blind window if that came first. Both
   * are public (review.revealed's time and review.submitted's sealedUntil are in the log).
   */
  readonly revealedAt: number;
  readonly amended: boolean;
  readonly reply: string | null;
}

/** A review removed by a decision in force: only that it was removed, and by which decision. */
export interface RemovedReviewView {
  readonly state: "removed";
  readonly id: string;
  readonly subject: SubjectId;
  readonly decision: string;
}

/** What the public may see of a review. */
export type PublicReviewView = PublishedReviewView | RemovedReviewView;

/** True while a removal by a decision is in force at `now`. */
export function isRemoved(
  record: { readonly removedBy: string | null; readonly removedUntil: number | null },
  now: number,
): boolean {
  return record.removedBy !== null && (record.removedUntil === null || now < record.removedUntil);
}

/**
 * The public view of a review at `now`, or null when nothing of it may be shown (sealed,
 * withdrawn). A sealed review yields null, not a view without its rating: even its existence
 * stays off read paths until reveal.
 *
 * @example const view = publicReviewView(record, Date.now()); if (view === null) skip()
 */
export function publicReviewView(record: ReviewRecord, now: number): PublicReviewView | null {
  if (!isVisible(record, now)) return null;
  if (isRemoved(record, now)) {
    return {
      state: "removed",
      id: record.id,
      subject: record.subject,
      decision: record.removedBy as string,
    };
  }
  if (record.overall === null || record.criteria === null) return null;
  return {
    state: "published",
    id: record.id,
    subject: record.subject,
    author: record.author,
    interaction: record.interaction,
    provenance: record.provenance,
    connection: record.connection,
    overall: record.overall,
    criteria: record.criteria,
    title: record.title,
    text: record.text,
    submittedAt: record.submittedAt,
    revealedAt: publicSince(record),
    amended: record.amendedAt !== null,
    reply: record.reply,
  };
}

// A visible review was revealed or its window ended (isVisible), so one of the two is set.
function publicSince(record: ReviewRecord): number {
  const { revealedAt, sealedUntil } = record;
  if (revealedAt === null) return sealedUntil ?? record.submittedAt;
  return sealedUntil === null ? revealedAt : Math.min(revealedAt, sealedUntil);
}

/**
 * The label a review's provenance carries on read paths: verified reviews say so, unverified ones
 * carry the space's label (EU Omnibus Directive: tell consumers whether reviews are checked).
 *
 * @example provenanceLabel("organic", policy) // "Not verified"
 */
export function provenanceLabel(provenance: Provenance, policy: SpacePolicy): string {
  return provenance === "verified" ? "Verified" : policy.unverified.label;
}

/** A reply as the public sees it. */
export type PublicReplyView =
  | {
      readonly state: "published";
      readonly id: string;
      readonly review: string;
      readonly author: MemberId;
      readonly text: string | null;
      readonly at: number;
    }
  | { readonly state: "removed"; readonly id: string; readonly decision: string };

/**
 * The public view of a reply. Show it only beside a review whose view is published.
 *
 * @example publicReplyView(reply, now)
 */
export function publicReplyView(reply: ReplyRecord, now: number): PublicReplyView {
  if (isRemoved(reply, now)) {
    return { state: "removed", id: reply.id, decision: reply.removedBy as string };
  }
  return {
    state: "published",
    id: reply.id,
    review: reply.review,
    author: reply.author,
    text: reply.text,
    at: reply.at,
  };
}

/** What the sender of an alert is told about it (Art. 16(5) DSA). */
export interface ReporterAlertView {
  readonly id: string;
  readonly raisedAt: number;
  readonly status: "pending" | "resolved";
  readonly outcome: AlertRecord["outcome"];
  readonly decision: string | null;
  readonly message: string | null;
  readonly resolvedAt: number | null;
}

/**
 * The alert as its reporter sees it, or null when `viewer` did not raise it.
 *
 * @example reporterAlertView(alert, actor.member)
 */
export function reporterAlertView(alert: AlertRecord, viewer: MemberId): ReporterAlertView | null {
  if (alert.reporter === null || alert.reporter !== viewer) return null;
  return {
    id: alert.id,
    raisedAt: alert.raisedAt,
    status: alert.outcome === null ? "pending" : "resolved",
    outcome: alert.outcome,
    decision: alert.decision,
    message: alert.resolutionMessage,
    resolvedAt: alert.resolvedAt,
  };
}
