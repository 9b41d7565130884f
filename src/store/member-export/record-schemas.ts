/**
 * The JSON Schema (2020-12 vocabulary, via TypeBox) of every record in a member's export, and the
 * TypeScript types they imply, so that a view that drifts from its schema does not compile. Every
 * record carries `dataOrigin` (issue 6; GDPR Art. 20 and the EDPB guidelines on portability):
 * - provided: what the member gave (their reviews, replies, vouches, appeals, alerts, their name);
 * - observed: what the platform recorded about their activity (interactions, reviews others published
 *   about them, their log entries, accesses to their data, retention dates);
 * - derived: computed from that data by a stated rule (reputation scores);
 * - inferred: a judgement about them (fraud suspicion signals, moderation decisions).
 * The portability export (`scope=portable`) keeps provided and observed records only.
 * Times are ISO 8601 UTC texts.
 */
import { type Static, type TLiteral, type TSchema, type TUnion, Type } from "typebox";

/** The four origins. */
export const DATA_ORIGINS = ["provided", "observed", "derived", "inferred"] as const;
export type DataOrigin = (typeof DATA_ORIGINS)[number];

function Origin<A extends DataOrigin>(a: A): TLiteral<A>;
function Origin<A extends DataOrigin, B extends DataOrigin>(
  a: A,
  b: B,
): TUnion<[TLiteral<A>, TLiteral<B>]>;
function Origin(a: DataOrigin, b?: DataOrigin): TSchema {
  return b === undefined ? Type.Literal(a) : Type.Union([Type.Literal(a), Type.Literal(b)]);
}
const Time = Type.String({ format: "date-time" });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Strict = { additionalProperties: false } as const;
const Target = Type.Object({ kind: Type.String(), id: Type.String() }, Strict);

export const MemberJson = Type.Object(
  {
    id: Type.String({ description: "your member id: a pseudonym, the same in this space only" }),
    displayName: NullableString,
    joinedAt: Time,
    erasedAt: NullableTime,
    dataOrigin: Origin("provided"),
  },
  Strict,
);

export const SubjectJson = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    name: NullableString,
    description: NullableString,
    registeredAt: Time,
    removedByDecision: NullableString,
    removedUntil: NullableTime,
    dataOrigin: Origin("provided"),
  },
  Strict,
);

export const InteractionJson = Type.Object(
  {
    id: Type.String(),
    occurredAt: Time,
    recordedAt: Time,
    kind: NullableString,
    amount: Type.Union([
      Type.Object({ minor: Type.Integer(), currency: Type.String() }, Strict),
      Type.Null(),
    ]),
    reference: NullableString,
    yourRole: Type.String(),
    parties: Type.Array(
      Type.Object({ member: Type.String(), role: Type.String(), reviews: NullableString }, Strict),
    ),
    dataOrigin: Origin("observed"),
  },
  Strict,
);

export const DisputeJson = Type.Object(
  {
    id: Type.String(),
    interaction: Type.String(),
    explanation: NullableString,
    at: Time,
    dataOrigin: Origin("provided"),
  },
  Strict,
);

const Rating = Type.Object(
  {
    "@type": Type.Literal("Rating"),
    ratingValue: Type.Number(),
    worstRating: Type.Number(),
    bestRating: Type.Number(),
  },
  Strict,
);

/** A schema.org Review (https://schema.org/Review), with Fabrique's states beside it. */
export const ReviewJson = Type.Object(
  {
    "@context": Type.Literal("https://schema.org"),
    "@type": Type.Literal("Review"),
    identifier: Type.String(),
    author: Type.Object({ "@type": Type.Literal("Person"), identifier: Type.String() }, Strict),
    itemReviewed: Type.Object(
      { "@type": Type.Literal("Thing"), identifier: Type.String() },
      Strict,
    ),
    reviewRating: Type.Union([Rating, Type.Null()]),
    name: NullableString,
    reviewBody: NullableString,
    dateCreated: Time,
    dateModified: NullableTime,
    state: Type.Union(
      [
        Type.Literal("sealed"),
        Type.Literal("published"),
        Type.Literal("withdrawn"),
        Type.Literal("removed"),
      ],
      { description: "sealed: hidden until the other party reviews or the window ends" },
    ),
    provenance: Type.String(),
    connection: Type.String(),
    interaction: NullableString,
    criteria: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
    sealedUntil: NullableTime,
    revealedAt: NullableTime,
    withdrawnAt: NullableTime,
    withdrawnReason: NullableString,
    reply: NullableString,
    removedByDecision: NullableString,
    dataOrigin: Origin("provided", "observed"),
  },
  Strict,
);

export const ReplyJson = Type.Object(
  {
    id: Type.String(),
    review: Type.String(),
    text: NullableString,
    at: Time,
    removedByDecision: NullableString,
    removedUntil: NullableTime,
    dataOrigin: Origin("provided"),
  },
  Strict,
);

export const VouchJson = Type.Object(
  {
    id: Type.String(),
    direction: Type.Union([Type.Literal("given"), Type.Literal("received")]),
    voucher: Type.String(),
    vouchee: Type.String(),
    scope: Type.String(),
    givenAt: Time,
    expiresAt: NullableTime,
    revokedAt: NullableTime,
    note: Type.Union([Type.String(), Type.Null()], {
      description: "your own note on vouches you gave; others' notes stay theirs",
    }),
    removedByDecision: NullableString,
    dataOrigin: Origin("provided", "observed"),
  },
  Strict,
);

export const AlertJson = Type.Object(
  {
    id: Type.String(),
    role: Type.Union([Type.Literal("reporter"), Type.Literal("concerned")], {
      description: "reporter: you raised it; concerned: it is about you or your content",
    }),
    target: Target,
    category: Type.String(),
    explanation: Type.Union([Type.String(), Type.Null()], {
      description: "only on alerts you raised: a reporter's text could identify them",
    }),
    raisedAt: Time,
    status: Type.Union([Type.Literal("pending"), Type.Literal("resolved")]),
    outcome: NullableString,
    decision: NullableString,
    message: Type.Union([Type.String(), Type.Null()], {
      description: "what you were told, on alerts you raised",
    }),
    resolvedAt: NullableTime,
    dataOrigin: Origin("provided", "observed"),
  },
  Strict,
);

export const DecisionJson = Type.Object(
  {
    id: Type.String(),
    madeAt: Time,
    statementOfReasons: Type.Record(Type.String(), Type.Unknown(), {
      description: "the DSA Art. 17 statement, in the Transparency Database's terms",
    }),
    texts: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
    appealUntil: Time,
    reversedByAppeal: NullableString,
    reversedAt: NullableTime,
    dataOrigin: Origin("inferred"),
  },
  Strict,
);

export const AppealJson = Type.Object(
  {
    id: Type.String(),
    target: Target,
    explanation: NullableString,
    filedAt: Time,
    outcome: NullableString,
    reasons: NullableString,
    decidedAt: NullableTime,
    dataOrigin: Origin("provided"),
  },
  Strict,
);

export const RetentionJson = Type.Object(
  {
    event: Type.String(),
    logIndex: Type.Integer(),
    eventType: Type.String(),
    writtenAt: Time,
    shredAt: Type.Union([Time, Type.Null()], {
      description: "when the private part is deleted; null: kept until you ask for erasure",
    }),
    deadlineWhenWritten: NullableTime,
    deadlineUnderCurrentPolicy: NullableTime,
    dataOrigin: Origin("observed"),
  },
  Strict,
);

const Provenance = Type.Object(
  {
    algorithm: Type.String(),
    version: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    logSize: Type.Integer(),
  },
  Strict,
);

const Explanation = {
  principles: Type.Array(Type.String(), { description: "the procedure and principles applied" }),
  thresholds: Type.Array(Type.String()),
  consequences: Type.Array(Type.String()),
  contest: Type.Array(Type.String(), { description: "how to contest it" }),
};

/** A reputation: schema.org AggregateRating with its Bayesian explanation. */
export const ReputationJson = Type.Object(
  {
    "@context": Type.Literal("https://schema.org"),
    "@type": Type.Literal("AggregateRating"),
    itemReviewed: Type.Object(
      { "@type": Type.Literal("Thing"), identifier: Type.String() },
      Strict,
    ),
    relation: Type.Union([Type.Literal("member"), Type.Literal("owned")]),
    ratingValue: Type.Number(),
    ratingCount: Type.Integer(),
    worstRating: Type.Number(),
    bestRating: Type.Number(),
    interval: Type.Object(
      { low: Type.Number(), high: Type.Number(), level: Type.Number() },
      Strict,
    ),
    effectiveCount: Type.Number(),
    prior: Type.Object({ mean: Type.Number(), strength: Type.Number() }, Strict),
    inputs: Type.Object(
      {
        contributions: Type.Array(Type.Unknown()),
        discounts: Type.Array(Type.Unknown()),
        discountSummary: Type.Array(Type.Unknown()),
      },
      Strict,
    ),
    whatIf: Type.Array(Type.Unknown()),
    /** A prior imported from another space (issue 6): pseudo-reviews, never reviews. */
    importedPrior: Type.Optional(
      Type.Object(
        {
          issuer: Type.String(),
          source: Type.String(),
          reviewsAtLeast: Type.Integer(),
          ratingAtLeast: Type.Number(),
          weight: Type.Number(),
          fullWeight: Type.Number(),
          mean: Type.Number(),
          rule: Type.String(),
          text: Type.String(),
        },
        Strict,
      ),
    ),
    provenance: Provenance,
    ...Explanation,
    dataOrigin: Origin("derived"),
  },
  Strict,
);

export const SignalJson = Type.Object(
  {
    kind: Type.Literal("fraud-suspicion"),
    score: Type.Number(),
    rank: Type.Integer(),
    of: Type.Integer(),
    reasons: Type.Array(
      Type.Object(
        { code: Type.String(), text: Type.String(), contribution: Type.Number() },
        Strict,
      ),
    ),
    provenance: Provenance,
    ...Explanation,
    dataOrigin: Origin("inferred"),
  },
  Strict,
);

export const CredentialJson = Type.Object(
  {
    statusIndex: Type.Integer(),
    issuedAt: Time,
    expiresAt: Time,
    revokedAt: NullableTime,
    revokedReason: NullableString,
    dataOrigin: Origin("observed"),
  },
  Strict,
);

export const AccessJson = Type.Object(
  {
    kind: Type.Union([Type.Literal("access"), Type.Literal("webhook-delivery")]),
    at: Time,
    who: Type.String({
      description: "an operator key (and its label), you, the platform, or a webhook",
    }),
    action: Type.String(),
    what: Type.String(),
    detail: NullableString,
    allMembers: Type.Boolean({ description: "a read of every member's data at once" }),
    dataOrigin: Origin("observed"),
  },
  Strict,
);

export const LogEventJson = Type.Object(
  {
    logIndex: Type.Integer(),
    eventId: Type.String(),
    eventType: Type.String(),
    at: Time,
    actor: Type.String(),
    role: Type.String({
      description:
        "actor (you did it), unnamed-actor (you did it; the entry does not name you: a notice or a notifier's appeal), joined, erased, or party (an interaction)",
    }),
    entry: Type.Record(Type.String(), Type.Unknown(), {
      description: "the public log entry as the log holds it (private parts only as a commitment)",
    }),
    leafHash: Type.String({ description: "RFC 9162 leaf hash, base64" }),
    receipt: Type.String({
      description:
        "the receipt the write stored (fabrique-receipt/v2: index, leaf hash and audit path under the signed note of its append batch; verify with the log key)",
    }),
    inclusionProof: Type.Union([Type.Array(Type.String()), Type.Null()], {
      description:
        "RFC 9162 inclusion path (base64, leaf level first) in the checkpoint's tree; null for an entry appended after it",
    }),
    dataOrigin: Origin("provided", "observed"),
  },
  Strict,
);

export type MemberJson = Static<typeof MemberJson>;
export type SubjectJson = Static<typeof SubjectJson>;
export type InteractionJson = Static<typeof InteractionJson>;
export type DisputeJson = Static<typeof DisputeJson>;
export type ReviewJson = Static<typeof ReviewJson>;
export type ReplyJson = Static<typeof ReplyJson>;
export type VouchJson = Static<typeof VouchJson>;
export type AlertJson = Static<typeof AlertJson>;
export type DecisionJson = Static<typeof DecisionJson>;
export type AppealJson = Static<typeof AppealJson>;
export type RetentionJson = Static<typeof RetentionJson>;
export type ReputationJson = Static<typeof ReputationJson>;
export type SignalJson = Static<typeof SignalJson>;
export type CredentialJson = Static<typeof CredentialJson>;
export type AccessJson = Static<typeof AccessJson>;
export type LogEventJson = Static<typeof LogEventJson>;

/**
 * The schema of a whole export file: a header and its records.
 *
 * @example fileSchema("data/reviews-written.json", ReviewJson)
 */
export function fileSchema(path: string, title: string, record: TSchema): TSchema {
  return Type.Object(
    {
      $schema: Type.String(),
      file: Type.Literal(path),
      title: Type.String(),
      description: Type.String(),
      space: Type.String(),
      member: Type.String(),
      context: Type.Record(Type.String(), Type.Unknown(), {
        description: "what the records are read against (policy, checkpoint)",
      }),
      records: Type.Array(record),
    },
    { ...Strict, $id: `${path}.schema.json`, title },
  );
}
