/**
 * The JSON files of a member export: where each goes, what it holds (for its header and README.html),
 * the origins its records may have, the schema of one record, and one line per record for people.
 */
import type { TSchema } from "typebox";
import * as S from "./record-schemas.js";
import { SeededScoreJson } from "./seeded-view.js";

/** One JSON file of the archive. */
export interface ExportFileSpec<T> {
  readonly path: string;
  readonly title: string;
  readonly description: string;
  /** The origins its records may carry; a file none of whose origins is exported is left out. */
  readonly origins: readonly S.DataOrigin[];
  readonly record: TSchema;
  /** One line about a record, for README.html. */
  readonly line: (record: T) => string;
}

const day = (t: string | null) => (t === null ? "—" : t.slice(0, 10));
const quote = (s: string | null, n = 80) =>
  s === null ? "" : ` “${s.length > n ? `${s.slice(0, n - 1)}…` : s}”`;
const stars = (r: S.ReviewJson) =>
  r.reviewRating === null
    ? "no rating shown"
    : `${r.reviewRating.ratingValue}/${r.reviewRating.bestRating}`;

export const MEMBER_FILE: ExportFileSpec<S.MemberJson> = {
  path: "data/member.json",
  title: "You as a member",
  description:
    "Your member record: your pseudonymous id, the name the operator registered, when you joined.",
  origins: ["provided"],
  record: S.MemberJson,
  line: (m) => `${m.displayName ?? "(no name kept)"}, member since ${day(m.joinedAt)}`,
};

export const SUBJECTS_FILE: ExportFileSpec<S.SubjectJson> = {
  path: "data/subjects.json",
  title: "What you offer",
  description: "Subjects you own (listings, a business, a product) that others can review.",
  origins: ["provided"],
  record: S.SubjectJson,
  line: (s) => `${s.kind} ${s.name ?? s.id}, registered ${day(s.registeredAt)}`,
};

export const INTERACTIONS_FILE: ExportFileSpec<S.InteractionJson> = {
  path: "data/interactions.json",
  title: "Your interactions",
  description: "Stays, sales and other interactions the operator attested with you as a party.",
  origins: ["observed"],
  record: S.InteractionJson,
  line: (i) => `${i.kind ?? "interaction"} on ${day(i.occurredAt)} as ${i.yourRole}`,
};

export const DISPUTES_FILE: ExportFileSpec<S.DisputeJson> = {
  path: "data/disputes.json",
  title: "Interactions you disputed",
  description: "Your reports that an attested interaction did not happen.",
  origins: ["provided"],
  record: S.DisputeJson,
  line: (d) => `dispute of ${d.interaction} on ${day(d.at)}${quote(d.explanation)}`,
};

export const REVIEWS_WRITTEN_FILE: ExportFileSpec<S.ReviewJson> = {
  path: "data/reviews-written.json",
  title: "Reviews you wrote",
  description:
    "Every review you wrote, as schema.org Reviews, in whatever state: sealed reviews (hidden from everyone else until the other party reviews or the window ends) are yours and are here.",
  origins: ["provided"],
  record: S.ReviewJson,
  line: (r) =>
    `${day(r.dateCreated)} on ${r.itemReviewed.identifier}: ${stars(r)} (${r.state})${quote(r.reviewBody)}`,
};

export const REVIEWS_RECEIVED_FILE: ExportFileSpec<S.ReviewJson> = {
  path: "data/reviews-received.json",
  title: "Reviews about you and what you offer",
  description:
    "Reviews of you or of your subjects exactly as the public sees them now. A review still sealed under the double-blind rule is not here: its author is protected until it is revealed.",
  origins: ["observed"],
  record: S.ReviewJson,
  line: (r) =>
    `${day(r.dateCreated)} by ${r.author.identifier} on ${r.itemReviewed.identifier}: ${stars(r)} (${r.state})${quote(r.reviewBody)}`,
};

export const REPLIES_FILE: ExportFileSpec<S.ReplyJson> = {
  path: "data/replies.json",
  title: "Your replies",
  description: "Your public replies to reviews of you or your subjects.",
  origins: ["provided"],
  record: S.ReplyJson,
  line: (r) => `${day(r.at)} to review ${r.review}${quote(r.text)}`,
};

export const VOUCHES_FILE: ExportFileSpec<S.VouchJson> = {
  path: "data/vouches.json",
  title: "Vouches",
  description:
    "Vouches you gave (with your note) and vouches others gave you (their private notes stay theirs).",
  origins: ["provided", "observed"],
  record: S.VouchJson,
  line: (v) =>
    v.direction === "given"
      ? `you vouched for ${v.vouchee} (${v.scope}) on ${day(v.givenAt)}`
      : `${v.voucher} vouched for you (${v.scope}) on ${day(v.givenAt)}`,
};

export const ALERTS_FILE: ExportFileSpec<S.AlertJson> = {
  path: "data/alerts.json",
  title: "Alerts",
  description:
    "Alerts you raised, with what you were told, and alerts about you or your content, without who raised them (a reporter may stay anonymous, DSA Art. 16).",
  origins: ["provided", "observed"],
  record: S.AlertJson,
  line: (a) =>
    `${day(a.raisedAt)}: ${a.role === "reporter" ? "you reported" : "reported:"} ${a.target.kind} ${a.target.id} (${a.category}), ${a.status}${a.outcome === null ? "" : `: ${a.outcome}`}`,
};

export const DECISIONS_FILE: ExportFileSpec<S.DecisionJson> = {
  path: "data/decisions.json",
  title: "Moderation decisions about you",
  description:
    "Decisions addressed to you or taken on your content, each with its statement of reasons (DSA Art. 17) and the date until which you may appeal.",
  origins: ["inferred"],
  record: S.DecisionJson,
  line: (d) =>
    `${day(d.madeAt)}: ${String(d.statementOfReasons.decisionGround ?? "")} — appeal until ${day(d.appealUntil)}${d.reversedByAppeal === null ? "" : " (reversed on appeal)"}`,
};

export const APPEALS_FILE: ExportFileSpec<S.AppealJson> = {
  path: "data/appeals.json",
  title: "Your appeals",
  description: "Complaints you filed against decisions or alert resolutions, and their outcome.",
  origins: ["provided"],
  record: S.AppealJson,
  line: (a) =>
    `${day(a.filedAt)} against ${a.target.kind} ${a.target.id}: ${a.outcome ?? "pending"}`,
};

export const RETENTION_FILE: ExportFileSpec<S.RetentionJson> = {
  path: "data/retention.json",
  title: "When your private data is deleted",
  description:
    "Each private part of your data (texts, names, notes) and the date the space's retention policy deletes it; the public log keeps only a salted commitment to it.",
  origins: ["observed"],
  record: S.RetentionJson,
  line: (r) =>
    `${r.eventType} of ${day(r.writtenAt)}: deleted ${r.shredAt === null ? "when you ask for erasure" : `on ${day(r.shredAt)}`}`,
};

export const REPUTATION_FILE: ExportFileSpec<S.ReputationJson> = {
  path: "derived/reputation.json",
  title: "Your reputation scores",
  description:
    "The Bayesian reputation of you and of each subject you own, with its inputs, the principles applied, its consequences and how to contest it.",
  origins: ["derived"],
  record: S.ReputationJson,
  line: (r) =>
    `${r.itemReviewed.identifier}: ${r.ratingValue.toFixed(2)} from ${r.ratingCount} reviews (90% interval ${r.interval.low.toFixed(2)}–${r.interval.high.toFixed(2)})`,
};

export const SIGNALS_FILE: ExportFileSpec<S.SignalJson> = {
  path: "derived/signals.json",
  title: "Signals about you",
  description:
    "The fraud suspicion signal the space computes about you for its moderators, with every reason, how it is computed, and what it can and cannot lead to.",
  origins: ["inferred"],
  record: S.SignalJson,
  line: (s) =>
    `suspicion ${s.score.toFixed(3)} (rank ${s.rank} of ${s.of}): ${s.reasons.map((r) => r.code).join(", ") || "no reason"}`,
};

export const SEEDED_FILE: ExportFileSpec<SeededScoreJson> = {
  path: "derived/global-trust.json",
  title: "Your trust from the space's pre-trusted members",
  description:
    "Where the space names pre-trusted members: your global trust (EigenTrust) and the two Sybil (fake account) signals computed from them over vouches and interactions, with their inputs, the principles applied, their consequences and how to contest them.",
  origins: ["derived", "inferred"],
  record: SeededScoreJson,
  line: (s) =>
    `${s.kind} ${s.score.toFixed(4)}${s.reasons.length === 0 ? "" : `: ${s.reasons.map((r) => r.code).join(", ")}`}`,
};

export const CREDENTIALS_FILE: ExportFileSpec<S.CredentialJson> = {
  path: "derived/credentials.json",
  title: "Reputation credentials issued to you",
  description:
    "The portable reputation credentials the space issued to you (their claims are computed from your reviews), their expiry and revocation.",
  origins: ["observed"],
  record: S.CredentialJson,
  line: (c) =>
    `issued ${day(c.issuedAt)}, expires ${day(c.expiresAt)}${c.revokedAt === null ? "" : `, revoked ${day(c.revokedAt)}`}`,
};

export const ACCESS_FILE: ExportFileSpec<S.AccessJson> = {
  path: "access-log.json",
  title: "Who accessed your data",
  description:
    "Operator reads of your data through the API, exports of it, credentials issued about you, and webhook deliveries that carried your log entries to the operator's systems.",
  origins: ["observed"],
  record: S.AccessJson,
  line: (a) =>
    `${a.at.slice(0, 19).replace("T", " ")} ${a.who}: ${a.action} ${a.what}${a.allMembers ? " (every member)" : ""}`,
};

export const EVENTS_FILE: ExportFileSpec<S.LogEventJson> = {
  path: "log/events.json",
  title: "Your entries in the space's public log",
  description:
    "Every entry of the space's transparency log that is yours (your actions, your joining, interactions attested with you), each with its signed receipt and an inclusion proof against the checkpoint in log/checkpoint.",
  origins: ["provided", "observed"],
  record: S.LogEventJson,
  line: (e) => `#${e.logIndex} ${e.eventType} on ${day(e.at)}`,
};

/** Every JSON file, in archive order. */
export const EXPORT_FILES: readonly ExportFileSpec<never>[] = [
  MEMBER_FILE,
  SUBJECTS_FILE,
  INTERACTIONS_FILE,
  DISPUTES_FILE,
  REVIEWS_WRITTEN_FILE,
  REVIEWS_RECEIVED_FILE,
  REPLIES_FILE,
  VOUCHES_FILE,
  ALERTS_FILE,
  DECISIONS_FILE,
  APPEALS_FILE,
  RETENTION_FILE,
  REPUTATION_FILE,
  SIGNALS_FILE,
  SEEDED_FILE,
  CREDENTIALS_FILE,
  EVENTS_FILE,
  ACCESS_FILE,
] as readonly ExportFileSpec<never>[];

/**
 * The archive path of a file's JSON Schema.
 *
 * @example schemaPath("data/member.json") // "schemas/data/member.schema.json"
 */
export function schemaPath(path: string): string {
  return `schemas/${path.replace(/\.json$/, ".schema.json")}`;
}
