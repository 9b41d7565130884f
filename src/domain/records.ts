/**
 * Projection records: the rows the store persists, plain readonly data. Every record carries its
 * `space` and an `id` (unique within its kind and space). Records hold private data (texts, display
 * names) beside public data; read paths that serve the public go through views.ts, never straight
 * to records. Nothing here is a counter: counts are derived from records (summary.ts), so a rebuild
 * by replay cannot drift from them.
 *
 * Private fields are `null` when shredded (erasure, retention) or never given.
 */

import type { StatementCategory } from "./dsa.js";
import type { AlertOutcome, AlertSource } from "./events/alert.js";
import type { Amount, Party, Target } from "./events/envelope.js";
import type { SubjectKind } from "./events/member.js";
import type {
  AppealOutcome,
  AppealTarget,
  StatementOfReasons,
  StatementTexts,
} from "./events/moderation.js";
import type { PriorFacts } from "./events/prior.js";
import type { Connection, Provenance, WithdrawReason } from "./events/review.js";
import type { MemberId, SpaceId, SubjectId } from "./ids.js";
import type { SpacePolicy } from "./policy.js";

/** A space; its `id` equals `space`. */
export interface SpaceRecord {
  readonly space: SpaceId;
  readonly id: SpaceId;
  readonly name: string;
  readonly policy: SpacePolicy;
  readonly policyVersion: number;
  readonly createdAt: number;
}

/** A member. */
export interface MemberRecord {
  readonly space: SpaceId;
  readonly id: MemberId;
  readonly joinedAt: number;
  /** Private display data. */
  readonly displayName: string | null;
  readonly erasedAt: number | null;
  /**
   * The reputation the member imported from another space (prior.imported, public facts only), until
   * withdrawn (null) or replaced; absent when never imported.
   */
  readonly importedPrior?: ImportedPriorRecord | null;
}

/** An imported prior as its member record holds it. */
export interface ImportedPriorRecord extends Omit<PriorFacts, "space" | "member"> {
  /** The prior.imported event. */
  readonly event: string;
  readonly importedAt: number;
}

/** A subject. */
export interface SubjectRecord {
  readonly space: SpaceId;
  readonly id: SubjectId;
  readonly kind: SubjectKind;
  readonly owner: MemberId | null;
  readonly name: string | null;
  /** Private. */
  readonly description: string | null;
  readonly registeredAt: number;
  readonly removedBy: string | null;
  readonly removedUntil: number | null;
}

/** An attested interaction. `kind` and `amount` are null when private and shredded. */
export interface InteractionRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly occurredAt: number;
  readonly parties: readonly Party[];
  readonly kind: string | null;
  readonly amount: Amount | null;
  /** Private: the operator's own reference. */
  readonly reference: string | null;
  readonly recordedAt: number;
}

/** A party's report that an interaction did not happen. */
export interface DisputeRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly interaction: string;
  readonly member: MemberId;
  /** Private. */
  readonly explanation: string | null;
  readonly at: number;
}

/**
 * A review. `overall`, `criteria` and `ratingSalt` are private until `revealedAt` (then they are
 * public in the log); `text` and `title` are always private (shown on read paths once revealed).
 */
export interface ReviewRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly subject: SubjectId;
  readonly author: MemberId;
  readonly interaction: string | null;
  readonly provenance: Provenance;
  readonly connection: Connection;
  readonly submittedAt: number;
  /** End of the double-blind window, fixed at submission; null: never sealed. */
  readonly sealedUntil: number | null;
  readonly ratingCommitment: string;
  readonly overall: number | null;
  readonly criteria: Readonly<Record<string, number>> | null;
  readonly ratingSalt: string | null;
  readonly text: string | null;
  readonly title: string | null;
  readonly amendedAt: number | null;
  readonly revealedAt: number | null;
  readonly withdrawnAt: number | null;
  readonly withdrawnReason: WithdrawReason | null;
  /** The reply of the reviewed party, if any. */
  readonly reply: string | null;
  /** The decision that hides this review, while in force; see views.ts. */
  readonly removedBy: string | null;
  readonly removedUntil: number | null;
}

/** A reply to a review. */
export interface ReplyRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly review: string;
  readonly author: MemberId;
  /** Private. */
  readonly text: string | null;
  readonly at: number;
  readonly removedBy: string | null;
  readonly removedUntil: number | null;
}

/** A vouch. Active while not revoked and not expired. */
export interface VouchRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly voucher: MemberId;
  readonly vouchee: MemberId;
  readonly scope: string;
  readonly givenAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  /** Private. */
  readonly note: string | null;
  readonly removedBy: string | null;
  readonly removedUntil: number | null;
}

/** An alert (notice) and, once handled, its outcome. */
export interface AlertRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly target: Target;
  /** Public in shape 1 alerts, private in shape 2 (then shredded with the private part). */
  readonly reporter: MemberId | null;
  /**
   * "private" for a member's notice of shape 2: its reporter is named in the private part only, and
   * `reporter` is null once that part is shredded; absent otherwise.
   */
  readonly reporterIn?: "private";
  readonly sourceType: AlertSource;
  readonly category: StatementCategory;
  /** Private. */
  readonly explanation: string | null;
  readonly notifierName: string | null;
  readonly notifierEmail: string | null;
  readonly raisedAt: number;
  readonly outcome: AlertOutcome | null;
  readonly decision: string | null;
  /** Private: what the sender is told. */
  readonly resolutionMessage: string | null;
  readonly resolvedAt: number | null;
}

/** A decision with its statement of reasons. Texts are null when private and shredded. */
export interface DecisionRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly madeAt: number;
  readonly statement: StatementOfReasons;
  readonly texts: StatementTexts | null;
  /** The appeal that reversed it; a reversed decision restricts nothing. */
  readonly reversedBy: string | null;
  readonly reversedAt: number | null;
}

/** An appeal (internal complaint) and its outcome. */
export interface AppealRecord {
  readonly space: SpaceId;
  readonly id: string;
  readonly target: AppealTarget;
  /**
   * Public, or for a notifier's appeal (appeal.filed shape 2) private: then null once shredded.
   */
  readonly appellant: MemberId | null;
  /** "private" for a notifier's appeal (shape 2): the appellant is named privately; else absent. */
  readonly appellantIn?: "private";
  /** Private. */
  readonly explanation: string | null;
  readonly filedAt: number;
  readonly outcome: AppealOutcome | null;
  /** Private. */
  readonly reasons: string | null;
  readonly decidedAt: number | null;
}

/** Record kinds and their record types. */
export interface RecordKinds {
  readonly space: SpaceRecord;
  readonly member: MemberRecord;
  readonly subject: SubjectRecord;
  readonly interaction: InteractionRecord;
  readonly dispute: DisputeRecord;
  readonly review: ReviewRecord;
  readonly reply: ReplyRecord;
  readonly vouch: VouchRecord;
  readonly alert: AlertRecord;
  readonly decision: DecisionRecord;
  readonly appeal: AppealRecord;
}

/** A record kind. */
export type RecordKind = keyof RecordKinds;

/** The record type of `K`. */
export type RecordOf<K extends RecordKind> = RecordKinds[K];

/** All record kinds. */
export const RECORD_KINDS: readonly RecordKind[] = [
  "space",
  "member",
  "subject",
  "interaction",
  "dispute",
  "review",
  "reply",
  "vouch",
  "alert",
  "decision",
  "appeal",
];
