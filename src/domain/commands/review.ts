/**
 * Commands of reviews: submit, amend (only while sealed), withdraw, reply, and the sealer that
 * reveals reviews whose double-blind window has ended.
 */
import { relayHasScope } from "../actor.js";
import { encodeBase64Url } from "../base64url.js";
import { fail, type Result } from "../errors.js";
import {
  CONNECTIONS,
  type Connection,
  type Provenance,
  type Ratings,
  REPLY_TEXT_MAX,
  REVIEW_TEXT_MAX,
  REVIEW_TITLE_MAX,
  type ReviewContent,
} from "../events/review.js";
import type { DomainEvent } from "../events.js";
import type { MemberId, SubjectId } from "../ids.js";
import { DAY_MS } from "../policy.js";
import { commitRatings, RATING_SALT_BYTES } from "../rating-commitment.js";
import type { DomainReader } from "../reader.js";
import type { InteractionRecord, ReviewRecord, SpaceRecord } from "../records.js";
import { counterpartOf, isVisible, revealDue, windowEnd } from "../sealing.js";
import { bool, deferred, id, int, object, oneOf, text } from "../shape.js";
import { type CommandContext, emit, makeEvent, random } from "./context.js";
import { requireMember, requireMemberActor, requireOperator } from "./guards.js";
import { parseRatings } from "./ratings.js";
import { revealEvent } from "./reveal.js";

/** Input of submitReview. */
export interface SubmitReview {
  readonly subject: SubjectId;
  /** The attested interaction the review is about; absent for invited or organic reviews. */
  readonly interaction?: string;
  readonly overall: number;
  readonly criteria?: Readonly<Record<string, number>>;
  readonly text: string;
  readonly title?: string;
  /** Material connection to the subject (FTC 16 CFR 465); "none" when absent. */
  readonly connection?: Connection;
  /** The operator invited this review; only an operator relay with attest scope may say so. */
  readonly invited?: boolean;
}

const contentShape = {
  text: text({ max: REVIEW_TEXT_MAX, min: 0, multiline: true }),
};
const submitInput = object(
  { subject: id, overall: deferred, ...contentShape },
  {
    interaction: id,
    criteria: deferred,
    title: text({ max: REVIEW_TITLE_MAX }),
    connection: oneOf(CONNECTIONS),
    invited: bool,
  },
);

/**
 * Submits a review. The rating is committed in the public part and kept private until reveal
 * (events/review.ts). With an interaction, the review is verified and, when the counterpart may
 * review too, sealed until they do or the window ends; the counterpart's sealed review is revealed
 * in the same batch when this is the second review. Without one it is invited or organic, if the
 * policy accepts those, and revealed at once.
 *
 * Rules: a member ("review.members-only"), active ("member.restricted"); ratings that fit the
 * policy ("review.rating-in-scale", "review.criteria-known", "review.criteria-required"); an
 * existing subject ("subject.exists") not owned by the author ("review.no-self-review").
 * Verified: the interaction exists ("interaction.exists"), the author is a party
 * ("review.party-only") reviewing the subject the interaction names ("review.subject-of-interaction"),
 * once ("review.one-per-party-per-interaction"), not after disputing it
 * ("review.interaction-disputed"), before the deadline ("review.deadline-passed"), and not also
 * flagged invited ("review.invited-or-verified"). Unverified: accepted by the policy
 * ("review.unverified-not-accepted"), an invitation attested by the operator
 * ("review.invitation-attested"), one live unverified review per subject
 * ("review.one-unverified-per-subject").
 *
 * @example await submitReview(reader, space, { subject, interaction, overall: 5, text: "Lovely" }, ctx)
 */
export async function submitReview(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: SubmitReview,
  ctx: CommandContext,
): Promise<Result> {
  const input = submitInput(cmd, "review");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "review.members-only");
  if (!actor.ok) return actor;
  const author = actor.value.member;
  const ratings = parseRatings(input.value.overall, input.value.criteria, space.policy);
  if (!ratings.ok) return ratings;
  const active = await requireMember(reader, space.id, author, ctx.now, false);
  if (!active.ok) return active;
  const { subject, interaction, text: body, title, connection, invited } = input.value;
  const subjectRecord = await reader.get("subject", space.id, subject);
  if (subjectRecord === null) return fail("not-found", "subject.exists", `no subject ${subject}`);
  if (subjectRecord.owner === author) {
    return fail("forbidden", "review.no-self-review", "a member cannot review their own subject");
  }
  const content = sealContent(ctx, ratings.value, body, title);
  const base = {
    space: space.id,
    review: ctx.newId(),
    subject,
    author,
    connection: connection ?? "none",
    ratingCommitment: content.commitment,
  };

  if (interaction === undefined) {
    const provenance = await unverifiedProvenance(reader, space, subject, author, invited, ctx);
    if (!provenance.ok) return provenance;
    const submitted = makeEvent(
      ctx,
      "review.submitted",
      { ...base, interaction: null, provenance: provenance.value, sealedUntil: null },
      content.private,
    );
    return emit([submitted, revealEvent(ctx, openingOf(base, content.private), "not-sealed")]);
  }

  if (invited !== undefined && invited) {
    return fail("invalid-input", "review.invited-or-verified", "a verified review is not invited");
  }
  const record = await reader.get("interaction", space.id, interaction);
  if (record === null) return fail("not-found", "interaction.exists", "no such interaction");
  const broken = await verifiedReviewRule(reader, space, record, author, subject, ctx.now);
  if (broken !== null) return broken;

  const counterpart = counterpartOf(record, author);
  const sealedUntil = counterpart === null ? null : windowEnd(record, space.policy);
  const submitted = makeEvent(
    ctx,
    "review.submitted",
    { ...base, interaction, provenance: "verified" as Provenance, sealedUntil },
    content.private,
  );
  const self = openingOf(base, content.private);
  if (counterpart === null || sealedUntil === null) {
    return emit([submitted, revealEvent(ctx, self, "not-sealed")]);
  }
  const theirs = await reader.findReview(space.id, interaction, counterpart.member);
  const events: DomainEvent[] = [submitted];
  const windowOver = ctx.now >= sealedUntil;
  if (windowOver || theirs !== null) {
    const reason = theirs !== null ? "counterpart-reviewed" : "window-ended";
    if (theirs !== null && theirs.revealedAt === null && theirs.withdrawnAt === null) {
      events.push(revealEvent(ctx, theirs, reason));
    }
    events.push(revealEvent(ctx, self, reason));
  }
  return emit(events);
}

async function verifiedReviewRule(
  reader: DomainReader,
  space: SpaceRecord,
  interaction: InteractionRecord,
  author: MemberId,
  subject: SubjectId,
  now: number,
) {
  const party = interaction.parties.find((p) => p.member === author);
  if (party === undefined) {
    return fail("forbidden", "review.party-only", "only a party can review an interaction");
  }
  if (party.reviews !== subject) {
    return fail("rule-violation", "review.subject-of-interaction", "not the subject you review");
  }
  if ((await reader.findReview(space.id, interaction.id, author)) !== null) {
    return fail("conflict", "review.one-per-party-per-interaction", "already reviewed");
  }
  if ((await reader.findDispute(space.id, interaction.id, author)) !== null) {
    return fail("rule-violation", "review.interaction-disputed", "you said it did not happen");
  }
  const days = space.policy.reviewDeadlineDays;
  if (days !== null && now > interaction.occurredAt + days * DAY_MS) {
    return fail("rule-violation", "review.deadline-passed", `reviews close after ${days} days`);
  }
  return null;
}

async function unverifiedProvenance(
  reader: DomainReader,
  space: SpaceRecord,
  subject: SubjectId,
  author: MemberId,
  invited: boolean | undefined,
  ctx: CommandContext,
) {
  const accept = space.policy.unverified.accept;
  if (accept === "none" || (accept === "invited" && invited !== true)) {
    return fail("rule-violation", "review.unverified-not-accepted", `space accepts: ${accept}`);
  }
  if (invited === true && !(ctx.actor.kind === "member" && relayHasScope(ctx.actor, "attest"))) {
    return fail("forbidden", "review.invitation-attested", "only the operator attests invitations");
  }
  if ((await reader.findUnverifiedReviews(space.id, subject, author)).length > 0) {
    return fail("conflict", "review.one-unverified-per-subject", "you already reviewed it");
  }
  const provenance: Provenance = invited === true ? "invited" : "organic";
  return { ok: true, value: provenance } as const;
}

function sealContent(ctx: CommandContext, ratings: Ratings, body: string, title?: string) {
  const salt = random(ctx, RATING_SALT_BYTES);
  const priv: ReviewContent = {
    overall: ratings.overall,
    criteria: ratings.criteria,
    ratingSalt: encodeBase64Url(salt),
    text: body,
    ...(title === undefined ? {} : { title }),
  };
  return { commitment: commitRatings(ratings, salt), private: priv };
}

function openingOf(base: { readonly space: string; readonly review: string }, c: ReviewContent) {
  return { space: base.space, id: base.review, ...c };
}

/** Input of amendReview: the new content, replacing the old in full. */
export interface AmendReview {
  readonly review: string;
  readonly overall: number;
  readonly criteria?: Readonly<Record<string, number>>;
  readonly text: string;
  readonly title?: string;
}

const amendInput = object(
  { review: id, overall: deferred, ...contentShape },
  {
    criteria: deferred,
    title: text({ max: REVIEW_TITLE_MAX }),
  },
);

/**
 * Amends a review while it is sealed. Rules: its author ("review.author-only"), active
 * ("member.restricted"); not withdrawn ("review.withdrawn"); no edits after reveal
 * ("review.no-edits-after-reveal"; a window that has ended counts as revealed); ratings that fit.
 *
 * @example await amendReview(reader, space, { review, overall: 4, text: "Good" }, ctx)
 */
export async function amendReview(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: AmendReview,
  ctx: CommandContext,
): Promise<Result> {
  const input = amendInput(cmd, "review");
  if (!input.ok) return input;
  const own = await authorsOwnReview(reader, space, input.value.review, ctx);
  if (!own.ok) return own;
  const review = own.value;
  if (review.revealedAt !== null || review.sealedUntil === null || ctx.now >= review.sealedUntil) {
    return fail("rule-violation", "review.no-edits-after-reveal", "a revealed review is final");
  }
  const ratings = parseRatings(input.value.overall, input.value.criteria, space.policy);
  if (!ratings.ok) return ratings;
  const active = await requireMember(reader, space.id, review.author, ctx.now, false);
  if (!active.ok) return active;
  const content = sealContent(ctx, ratings.value, input.value.text, input.value.title);
  return emit([
    makeEvent(
      ctx,
      "review.amended",
      { space: space.id, review: review.id, ratingCommitment: content.commitment },
      content.private,
    ),
  ]);
}

/** Input of withdrawReview. */
export interface WithdrawReview {
  readonly review: string;
}

/**
 * The author withdraws their review: an event, not a deletion; the review stays in the log and
 * still counts as the author's one review of the interaction. Rules: its author
 * ("review.author-only"); not already withdrawn ("review.withdrawn"). Allowed while restricted.
 *
 * @example await withdrawReview(reader, space, { review }, ctx)
 */
export async function withdrawReview(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: WithdrawReview,
  ctx: CommandContext,
): Promise<Result> {
  const input = object({ review: id })(cmd, "withdrawal");
  if (!input.ok) return input;
  const own = await authorsOwnReview(reader, space, input.value.review, ctx);
  if (!own.ok) return own;
  return emit([
    makeEvent(ctx, "review.withdrawn", { space: space.id, review: own.value.id, reason: "author" }),
  ]);
}

async function authorsOwnReview(
  reader: DomainReader,
  space: SpaceRecord,
  reviewId: string,
  ctx: CommandContext,
) {
  const actor = requireMemberActor(ctx.actor, "review.author-only");
  if (!actor.ok) return actor;
  const review = await reader.get("review", space.id, reviewId);
  if (review === null) return fail("not-found", "review.exists", "no such review");
  if (review.author !== actor.value.member) {
    return fail("forbidden", "review.author-only", "only the author can do this");
  }
  if (review.withdrawnAt !== null) return fail("gone", "review.withdrawn", "review was withdrawn");
  return { ok: true, value: review } as const;
}

/** Input of replyToReview. */
export interface ReplyToReview {
  readonly review: string;
  readonly text: string;
}

const replyInput = object({ review: id, text: text({ max: REPLY_TEXT_MAX, multiline: true }) });

/**
 * The reviewed party replies, once, to a published review of them. Rules: a member
 * ("review.members-only"), active ("member.restricted"); an existing review ("review.exists") not
 * withdrawn ("review.withdrawn"); the owner of the reviewed subject
 * ("review.reply-by-reviewed-party"); after reveal ("review.reply-after-reveal"); one reply
 * ("review.one-reply").
 *
 * @example await replyToReview(reader, space, { review, text: "Thank you!" }, ctx)
 */
export async function replyToReview(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: ReplyToReview,
  ctx: CommandContext,
): Promise<Result> {
  const input = replyInput(cmd, "reply");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "review.members-only");
  if (!actor.ok) return actor;
  const member = actor.value.member;
  const review = await reader.get("review", space.id, input.value.review);
  if (review === null) return fail("not-found", "review.exists", "no such review");
  if (review.withdrawnAt !== null) return fail("gone", "review.withdrawn", "review was withdrawn");
  const subject = await reader.get("subject", space.id, review.subject);
  if (subject?.owner !== member) {
    return fail("forbidden", "review.reply-by-reviewed-party", "only the reviewed party replies");
  }
  if (!isVisible(review, ctx.now)) {
    return fail("rule-violation", "review.reply-after-reveal", "the review is not public yet");
  }
  if (review.reply !== null) return fail("conflict", "review.one-reply", "already replied");
  const active = await requireMember(reader, space.id, member, ctx.now, false);
  if (!active.ok) return active;
  return emit([
    makeEvent(
      ctx,
      "review.replied",
      { space: space.id, review: review.id, reply: ctx.newId(), author: member },
      { text: input.value.text },
    ),
  ]);
}

/** Input of revealDueReviews: at most `limit` reveals per batch. */
export interface RevealDueReviews {
  readonly limit: number;
}

/**
 * The sealer: reveals the reviews whose double-blind window has ended (reason "window-ended").
 * Run it periodically; each call is one batch. Rules: the system or the admin scope
 * ("review.sealer-only").
 *
 * @example await revealDueReviews(reader, space, { limit: 100 }, { ...ctx, actor: { kind: "system" } })
 */
export async function revealDueReviews(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: RevealDueReviews,
  ctx: CommandContext,
): Promise<Result> {
  const input = object({ limit: int({ min: 1, max: 1000 }) })(cmd, "sealer");
  if (!input.ok) return input;
  if (ctx.actor.kind !== "system") {
    const denied = requireOperator(ctx.actor, "admin", "review.sealer-only");
    if (denied !== null) return denied;
  }
  const candidates = await reader.listRevealDue(space.id, ctx.now, input.value.limit);
  const due: readonly ReviewRecord[] = revealDue(candidates, ctx.now);
  return emit(due.map((review) => revealEvent(ctx, review, "window-ended")));
}
