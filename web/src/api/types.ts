/**
 * The JSON the page reads, as the server's TypeBox schemas define it (src/http/schemas and
 * src/http/routes; also /openapi.json). Only what the pages use is typed here.
 */

/** A page of a list and the cursor of the next. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** What every write answers. */
export interface WriteAnswer {
  readonly indices: readonly number[];
  readonly receipts: readonly string[];
}

export interface Criterion {
  readonly key: string;
  readonly label: string;
}

export interface SpacePolicy {
  readonly rating: { readonly min: number; readonly max: number };
  readonly criteria: readonly Criterion[];
  readonly criteriaRequired: boolean;
  readonly doubleBlindDays: number;
  readonly reviewDeadlineDays: number | null;
  readonly unverified: { readonly accept: string; readonly label: string };
  readonly vouching: {
    readonly enabled: boolean;
    readonly scopes: readonly Criterion[];
    readonly expiryDays: number | null;
    readonly minVouchesToVouch: number;
  };
  readonly retention: Readonly<Record<string, number | null>>;
  readonly publish: Readonly<Record<string, boolean>>;
  readonly appealWindowDays: number;
  /** Issuers whose reputation credentials count as a newcomer's prior (issue 6); absent: none. */
  readonly priors?: {
    readonly accept: readonly {
      readonly issuer: string;
      readonly name: string;
      readonly scale: { readonly min: number; readonly max: number };
    }[];
    readonly maxPseudoReviews: number;
  };
  /** Members the seeded scores start from (EigenTrust, SybilRank, SybilSCAR); absent: none. */
  readonly trustSeeds?: readonly string[];
}

export interface SpaceJson {
  readonly space: string;
  readonly name: string;
  readonly policy: SpacePolicy;
  readonly policyVersion: number;
  readonly createdAt: number;
}

export interface SubjectJson {
  readonly subject: string;
  readonly kind: string;
  readonly owner: string | null;
  readonly registeredAt: number;
  readonly removed: boolean;
  readonly name?: string | null;
  readonly description?: string | null;
}

export interface MemberJson {
  readonly member: string;
  readonly joinedAt: number;
  readonly erased: boolean;
  readonly displayName?: string | null;
}

export interface SummaryJson {
  readonly subject: string;
  readonly published: number;
  readonly removed: number;
  readonly withdrawn: number;
  readonly overallMean: number | null;
  readonly histogram: Readonly<Record<string, number>>;
  readonly criteria: Readonly<
    Record<string, { readonly count: number; readonly sum: number; readonly mean: number }>
  >;
  readonly byProvenance: Readonly<Record<string, number>>;
}

export interface Provenance {
  readonly algorithm: string;
  readonly version: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly logSize: number;
}

export interface Contribution {
  readonly index: number;
  readonly id?: string;
  readonly rating: number;
  readonly weight: number;
  readonly effect: number;
}

export interface Discount {
  readonly index: number;
  readonly id?: string;
  readonly rating: number;
  readonly weight: number;
  readonly factors: readonly { readonly reason: string; readonly factor: number }[];
  readonly scoreIfCounted: number;
}

export interface ReputationJson {
  readonly subject: string;
  readonly score: number;
  readonly interval: { readonly low: number; readonly high: number; readonly level: number };
  readonly count: number;
  readonly effectiveCount: number;
  readonly prior: { readonly mean: number; readonly strength: number };
  readonly contributions: readonly Contribution[];
  readonly discounts: readonly Discount[];
  readonly discountSummary: readonly { readonly reason: string; readonly reviews: number }[];
  readonly whatIf: readonly {
    readonly rating: number;
    readonly score: number;
    readonly change: number;
  }[];
  /** A prior imported from another space (issue 6): pseudo-reviews in `prior`, never reviews. */
  readonly importedPrior?: ImportedPriorJson;
  readonly provenance: Provenance;
}

export interface ImportedPriorJson {
  readonly issuer: string;
  readonly source: string;
  readonly reviewsAtLeast: number;
  readonly ratingAtLeast: number;
  readonly maxPseudoReviews: number;
  readonly mean: number;
  readonly fullWeight: number;
  readonly weight: number;
  readonly spacePrior: { readonly mean: number; readonly strength: number };
}

export interface PublishedReview {
  readonly state: "published";
  readonly id: string;
  readonly subject: string;
  readonly author: string;
  readonly interaction: string | null;
  readonly provenance: string;
  readonly connection: string;
  readonly overall: number;
  readonly criteria: Readonly<Record<string, number>>;
  readonly title: string | null;
  readonly text: string | null;
  readonly submittedAt: number;
  /** When it became public (absent from servers older than the web UI). */
  readonly revealedAt?: number;
  readonly amended: boolean;
  readonly reply: string | null;
}

export interface RemovedReview {
  readonly state: "removed";
  readonly id: string;
  readonly subject: string;
  readonly decision: string;
}

export type PublicReply =
  | {
      readonly state: "published";
      readonly id: string;
      readonly review: string;
      readonly author: string;
      readonly text: string | null;
      readonly at: number;
    }
  | { readonly state: "removed"; readonly id: string; readonly decision: string };

export interface ReviewItem {
  readonly review: PublishedReview | RemovedReview;
  readonly reply: PublicReply | null;
}

export type ReviewState = "sealed" | "revealed" | "withdrawn";

export interface OwnReviewJson {
  readonly review: string;
  readonly state: ReviewState;
  readonly sealedUntil: number | null;
  readonly revealedAt: number | null;
  readonly withdrawnAt: number | null;
  readonly subject: string;
  readonly interaction: string | null;
  readonly provenance: string;
  readonly connection: string;
  readonly overall: number | null;
  readonly criteria: Readonly<Record<string, number>> | null;
  readonly title: string | null;
  readonly text: string | null;
  readonly submittedAt: number;
  readonly amendedAt: number | null;
}

export interface InteractionJson {
  readonly interaction: string;
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly parties: readonly {
    readonly member: string;
    readonly role: string;
    readonly reviews: string | null;
  }[];
  readonly kind: string | null;
  readonly amount: { readonly minor: number; readonly currency: string } | null;
}

export interface VouchJson {
  readonly vouch: string;
  readonly voucher: string;
  readonly vouchee: string;
  readonly scope: string;
  readonly givenAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly removed: boolean;
  readonly note?: string | null;
}

export interface Target {
  readonly kind: "review" | "reply" | "subject" | "member" | "vouch";
  readonly id: string;
}

export interface AlertJson {
  readonly alert: string;
  readonly target: Target;
  readonly reporter: string | null;
  readonly sourceType: string;
  readonly category: string;
  readonly explanation: string | null;
  readonly notifierName: string | null;
  readonly notifierEmail: string | null;
  readonly raisedAt: number;
  readonly outcome: string | null;
  readonly decision: string | null;
  readonly resolutionMessage: string | null;
  readonly resolvedAt: number | null;
}

export interface ReporterAlertJson {
  readonly id: string;
  readonly raisedAt: number;
  readonly status: "pending" | "resolved";
  readonly outcome: string | null;
  readonly decision: string | null;
  readonly message: string | null;
  readonly resolvedAt: number | null;
}

export interface DecisionJson {
  readonly decision: string;
  readonly madeAt: number;
  readonly statement: Readonly<Record<string, unknown>> & {
    readonly target?: Target;
    readonly affected?: string | null;
    readonly category?: string;
    readonly decisionGround?: string;
    readonly automatedDecision?: string;
    readonly appealUntil?: number;
  };
  readonly texts?: Readonly<Record<string, string>> | null;
  readonly reversedBy: string | null;
  readonly reversedAt: number | null;
}

export interface AppealJson {
  readonly appeal: string;
  readonly target: { readonly kind: "decision" | "alert"; readonly id: string };
  /** Null once a notifier's appeal lost its private part (erasure, retention). */
  readonly appellant: string | null;
  readonly explanation: string | null;
  readonly filedAt: number;
  readonly outcome: string | null;
  readonly reasons: string | null;
  readonly decidedAt: number | null;
}

export interface TrustStep {
  readonly from: string;
  readonly to: string;
  readonly kind: string | null;
  readonly share: number;
}

export interface TrustPath {
  readonly members: readonly string[];
  readonly steps: readonly TrustStep[];
  readonly strength: number;
  readonly text: string;
}

export interface TrustJson {
  readonly viewer: string;
  readonly member: string;
  readonly score: number;
  readonly errorBound: number;
  readonly paths: readonly TrustPath[];
  readonly pathsExhaustive: boolean;
  readonly provenance: Provenance;
}

export interface SignalsJson {
  readonly signals: readonly {
    readonly member: string;
    readonly score: number;
    readonly reasons: readonly {
      readonly code: string;
      readonly text: string;
      readonly contribution: number;
    }[];
  }[];
  readonly provenance: Provenance;
}

/** A reason a signal gives, with its share of the score when the algorithm weighs its reasons. */
export interface SignalReason {
  readonly code: string;
  readonly text: string;
  readonly contribution?: number;
}

/** A stored signal of the member an alert is about (GET moderation-queue). */
export interface QueueSignalJson {
  readonly score: number;
  readonly reasons: readonly SignalReason[];
  readonly provenance: Provenance;
}

/**
 * One pending alert of the moderation queue (GET moderation-queue), the riskiest first: the member it
 * is about, their stored fraud suspicion (`risk`) and, when the policy names trust seeds, their Sybil
 * signal (`sybil`, a SybilSCAR probability in 0..0.5).
 */
export interface ModerationQueueItem {
  readonly alert: string;
  readonly target: Target;
  readonly affected: string | null;
  readonly automated: boolean;
  readonly category: string;
  readonly sourceType: string;
  readonly raisedAt: number;
  readonly risk: QueueSignalJson | null;
  readonly sybil: QueueSignalJson | null;
}

/** A reputation imported from another space as the member's prior (GET me/prior). */
export interface ImportedPriorJson {
  /** The prior.imported event: named to withdraw it. */
  readonly prior: string;
  readonly issuer: string;
  /** The issuing space's name. */
  readonly source: string;
  readonly reviewsAtLeast: number;
  /** On the issuing space's scale. */
  readonly ratingAtLeast: number;
  readonly credentialExpiresAt: number;
  readonly importedAt: number;
}

export interface WhoAmIJson {
  readonly credential: string;
  readonly actor:
    | { readonly kind: "operator"; readonly key: string; readonly scopes: readonly string[] }
    | { readonly kind: "member"; readonly member: string }
    | { readonly kind: "system" | "anonymous" };
}

export interface InclusionProofJson {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly proof: readonly string[];
}

export interface CheckpointItem {
  readonly size: number;
  readonly createdAt: string;
  readonly note: string;
}
