/** Commands of members: join (with the member's own subject) and erasure. */
import { hasScope } from "../actor.js";
import { fail, type Result } from "../errors.js";
import { NAME_MAX } from "../events/member.js";
import type { DomainEvent } from "../events.js";
import type { MemberId } from "../ids.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { revealDue } from "../sealing.js";
import { matching, object, text } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireOperator } from "./guards.js";
import { revealEvent } from "./reveal.js";

/** Input of joinMember. */
export interface JoinMember {
  /** The member's pairwise pseudonym: `memberIdFor(spaceSecret, operatorUserId)`. */
  readonly member: MemberId;
  readonly displayName: string;
}

// Exactly the form memberIdFor produces, so an operator cannot log its own user ids by mistake.
const pseudonym = matching(/^[A-Za-z0-9_-]{21}[AQgw]$/, "a member id from memberIdFor");
const joinInput = object({ member: pseudonym, displayName: text({ max: NAME_MAX }) });

/**
 * A member joins; their subject (so others can review them) is registered with them. Rules:
 * members scope ("member.operator-only"); a pseudonymous id ("input.member.member"); not joined
 * before ("member.unique", or gone "member.erased": an erased pseudonym stays erased).
 *
 * @example await joinMember(reader, space, { member: memberIdFor(secret, "u-42"), displayName: "Ada" }, ctx)
 */
export async function joinMember(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: JoinMember,
  ctx: CommandContext,
): Promise<Result> {
  const input = joinInput(cmd, "member");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "members", "member.operator-only");
  if (denied !== null) return denied;
  const { member, displayName } = input.value;
  const existing = await reader.get("member", space.id, member);
  if (existing?.erasedAt != null) return fail("gone", "member.erased", "member was erased");
  if (existing !== null) return fail("conflict", "member.unique", "member already joined");
  if ((await reader.get("subject", space.id, member)) !== null) {
    return fail("conflict", "subject.unique-id", `subject ${member} exists`);
  }
  return emit([
    makeEvent(ctx, "member.joined", { space: space.id, member }, { displayName }),
    makeEvent(ctx, "subject.registered", {
      space: space.id,
      subject: member,
      kind: "member",
      owner: member,
    }),
  ]);
}

/** Input of eraseMember. */
export interface EraseMember {
  readonly member: MemberId;
}

/**
 * Erases a member (GDPR Art. 17). Their private parts are shredded (evolve.ts), public
 * commitments stay. Reviews of theirs whose window has ended are revealed first (they are public
 * by rule already); reviews still sealed are withdrawn, since their rating, still private, goes
 * with the rest. Rules: the member themselves or the members scope ("member.erase-self-or-operator");
 * an existing member ("member.exists"), not already erased ("member.erased").
 *
 * @example await eraseMember(reader, space, { member }, ctx)
 */
export async function eraseMember(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: EraseMember,
  ctx: CommandContext,
): Promise<Result> {
  const input = object({ member: pseudonym })(cmd, "erasure");
  if (!input.ok) return input;
  const { member } = input.value;
  const self = ctx.actor.kind === "member" && ctx.actor.member === member;
  if (!self && !hasScope(ctx.actor, "members")) {
    return fail("forbidden", "member.erase-self-or-operator", "only the member or the operator");
  }
  const record = await reader.get("member", space.id, member);
  if (record === null) return fail("not-found", "member.exists", `no member ${member}`);
  if (record.erasedAt !== null) return fail("gone", "member.erased", "member was erased");

  const unrevealed = await reader.listUnrevealedReviewsBy(space.id, member);
  const due = new Set(revealDue(unrevealed, ctx.now));
  const events: DomainEvent[] = [];
  for (const review of unrevealed) {
    if (due.has(review)) events.push(revealEvent(ctx, review, "window-ended"));
    else {
      events.push(
        makeEvent(ctx, "review.withdrawn", {
          space: space.id,
          review: review.id,
          reason: "erasure",
        }),
      );
    }
  }
  events.push(makeEvent(ctx, "member.erased", { space: space.id, member }));
  return emit(events);
}
