/**
 * What a member sees of each record in their export. Their own content comes whole (their sealed
 * reviews too: they are theirs); what others wrote about them comes as the public sees it (a review
 * still sealed stays out: the double-blind rule protects its author from the member too); the
 * reporters of alerts about them stay unnamed (DSA Art. 16(2)(c) lets a notifier stay anonymous to
 * the recipient, and the alert's explanation could name them); others' private notes stay theirs.
 */
import {
  type AlertRecord,
  type AppealRecord,
  type DecisionRecord,
  type DisputeRecord,
  type InteractionRecord,
  isRemoved,
  isVisible,
  type MemberRecord,
  publicReviewView,
  type ReplyRecord,
  type ReviewRecord,
  reporterAlertView,
  type SpacePolicy,
  type SubjectRecord,
  type VouchRecord,
} from "../../domain/index.js";
import type { RetentionDate } from "../member-data/retention-dates.js";
import { isoTime } from "./iso-time.js";
import type {
  AlertJson,
  AppealJson,
  DecisionJson,
  DisputeJson,
  InteractionJson,
  MemberJson,
  ReplyJson,
  RetentionJson,
  ReviewJson,
  SubjectJson,
  VouchJson,
} from "./record-schemas.js";

/** Milliseconds since the epoch as ISO 8601 UTC (toISOString's text, iso-time.ts). */
export function iso(ms: number): string {
  return isoTime(ms);
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** @example memberView(record) */
export function memberView(m: MemberRecord): MemberJson {
  return {
    id: m.id,
    displayName: m.displayName,
    joinedAt: iso(m.joinedAt),
    erasedAt: isoOrNull(m.erasedAt),
    dataOrigin: "provided",
  };
}

/** @example subjectView(listing) */
export function subjectView(s: SubjectRecord): SubjectJson {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    description: s.description,
    registeredAt: iso(s.registeredAt),
    removedByDecision: s.removedBy,
    removedUntil: isoOrNull(s.removedUntil),
    dataOrigin: "provided",
  };
}

/** @example interactionView(stay, me) */
export function interactionView(i: InteractionRecord, member: string): InteractionJson {
  return {
    id: i.id,
    occurredAt: iso(i.occurredAt),
    recordedAt: iso(i.recordedAt),
    kind: i.kind,
    amount: i.amount === null ? null : { ...i.amount },
    reference: i.reference,
    yourRole: i.parties.find((p) => p.member === member)?.role ?? "",
    parties: i.parties.map((p) => ({ member: p.member, role: p.role, reviews: p.reviews })),
    dataOrigin: "observed",
  };
}

/** @example disputeView(dispute) */
export function disputeView(d: DisputeRecord): DisputeJson {
  return {
    id: d.id,
    interaction: d.interaction,
    explanation: d.explanation,
    at: iso(d.at),
    dataOrigin: "provided",
  };
}

/**
 * A review the member wrote, whatever its state (sealed ones included).
 *
 * @example reviewWrittenView(review, space.policy, Date.now())
 */
export function reviewWrittenView(r: ReviewRecord, policy: SpacePolicy, now: number): ReviewJson {
  const state =
    r.withdrawnAt !== null
      ? "withdrawn"
      : isRemoved(r, now)
        ? "removed"
        : isVisible(r, now)
          ? "published"
          : "sealed";
  return {
    "@context": "https://schema.org",
    "@type": "Review",
    identifier: r.id,
    author: { "@type": "Person", identifier: r.author },
    itemReviewed: { "@type": "Thing", identifier: r.subject },
    reviewRating:
      r.overall === null
        ? null
        : {
            "@type": "Rating",
            ratingValue: r.overall,
            worstRating: policy.rating.min,
            bestRating: policy.rating.max,
          },
    name: r.title,
    reviewBody: r.text,
    dateCreated: iso(r.submittedAt),
    dateModified: isoOrNull(r.amendedAt),
    state,
    provenance: r.provenance,
    connection: r.connection,
    interaction: r.interaction,
    criteria: r.criteria === null ? null : { ...r.criteria },
    sealedUntil: isoOrNull(r.sealedUntil),
    revealedAt: isoOrNull(r.revealedAt),
    withdrawnAt: isoOrNull(r.withdrawnAt),
    withdrawnReason: r.withdrawnReason,
    reply: r.reply,
    removedByDecision: r.removedBy,
    dataOrigin: "provided",
  };
}

/**
 * A review of the member or of their subject, as the public sees it now; null while it may not be
 * shown (sealed or withdrawn).
 *
 * @example reviewReceivedView(review, policy, now) // null for a sealed review
 */
export function reviewReceivedView(
  r: ReviewRecord,
  policy: SpacePolicy,
  now: number,
): ReviewJson | null {
  const view = publicReviewView(r, now);
  if (view === null) return null;
  const written = reviewWrittenView(r, policy, now);
  if (view.state === "removed") {
    // Only that it was removed and by which decision, as everyone sees it.
    return {
      ...written,
      reviewRating: null,
      name: null,
      reviewBody: null,
      criteria: null,
      reply: null,
      state: "removed",
      dataOrigin: "observed",
    };
  }
  return { ...written, state: "published", dataOrigin: "observed" };
}

/** @example replyView(reply) */
export function replyView(r: ReplyRecord): ReplyJson {
  return {
    id: r.id,
    review: r.review,
    text: r.text,
    at: iso(r.at),
    removedByDecision: r.removedBy,
    removedUntil: isoOrNull(r.removedUntil),
    dataOrigin: "provided",
  };
}

/** A vouch the member gave (with their note) or received (without the voucher's note). */
export function vouchView(v: VouchRecord, direction: "given" | "received"): VouchJson {
  return {
    id: v.id,
    direction,
    voucher: v.voucher,
    vouchee: v.vouchee,
    scope: v.scope,
    givenAt: iso(v.givenAt),
    expiresAt: isoOrNull(v.expiresAt),
    revokedAt: isoOrNull(v.revokedAt),
    note: direction === "given" ? v.note : null,
    removedByDecision: v.removedBy,
    dataOrigin: direction === "given" ? "provided" : "observed",
  };
}

/** An alert the member raised: what a reporter is told (views.ts reporterAlertView) and their text. */
export function alertRaisedView(a: AlertRecord, member: string): AlertJson | null {
  const told = reporterAlertView(a, member);
  if (told === null) return null;
  return {
    id: a.id,
    role: "reporter",
    target: { ...a.target },
    category: a.category,
    explanation: a.explanation,
    raisedAt: iso(a.raisedAt),
    status: told.status,
    outcome: told.outcome,
    decision: told.decision,
    message: told.message,
    resolvedAt: isoOrNull(told.resolvedAt),
    dataOrigin: "provided",
  };
}

/** An alert about the member or their content, without anything that could name its reporter. */
export function alertConcerningView(a: AlertRecord): AlertJson {
  return {
    id: a.id,
    role: "concerned",
    target: { ...a.target },
    category: a.category,
    explanation: null,
    raisedAt: iso(a.raisedAt),
    status: a.outcome === null ? "pending" : "resolved",
    outcome: a.outcome,
    decision: a.decision,
    message: null,
    resolvedAt: isoOrNull(a.resolvedAt),
    dataOrigin: "observed",
  };
}

/** A decision addressed to the member or taken on their content, with its statement of reasons. */
export function decisionView(d: DecisionRecord): DecisionJson {
  return {
    id: d.id,
    madeAt: iso(d.madeAt),
    statementOfReasons: { ...d.statement } as Record<string, unknown>,
    texts: d.texts === null ? null : ({ ...d.texts } as Record<string, string>),
    appealUntil: iso(d.statement.appealUntil),
    reversedByAppeal: d.reversedBy,
    reversedAt: isoOrNull(d.reversedAt),
    dataOrigin: "inferred",
  };
}

/** @example appealView(appeal) */
export function appealView(a: AppealRecord): AppealJson {
  return {
    id: a.id,
    target: { ...a.target },
    explanation: a.explanation,
    filedAt: iso(a.filedAt),
    outcome: a.outcome,
    reasons: a.reasons,
    decidedAt: isoOrNull(a.decidedAt),
    dataOrigin: "provided",
  };
}

/** @example retentionView(date) */
export function retentionView(d: RetentionDate): RetentionJson {
  return {
    event: d.event,
    logIndex: d.index,
    eventType: d.type,
    writtenAt: iso(d.at),
    shredAt: isoOrNull(d.shredAt),
    deadlineWhenWritten: isoOrNull(d.writtenDeadline),
    deadlineUnderCurrentPolicy: isoOrNull(d.currentDeadline),
    dataOrigin: "observed",
  };
}
