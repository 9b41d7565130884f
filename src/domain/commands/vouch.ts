/**
 * Commands of vouches (Couchsurfing's model): a member vouches for another within a scope the
 * space defines; vouches expire and can be revoked; a space may require a voucher to have been
 * vouched for first, which slows down rings of fresh accounts vouching for each other.
 */
import { fail, type Result } from "../errors.js";
import { VOUCH_NOTE_MAX } from "../events/vouch.js";
import type { MemberId } from "../ids.js";
import { DAY_MS } from "../policy.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { id, object, text, time } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember, requireMemberActor } from "./guards.js";

/** Input of giveVouch. */
export interface GiveVouch {
  readonly vouchee: MemberId;
  /** A scope key of the space's policy ("met-in-person"). */
  readonly scope: string;
  readonly note?: string;
  /**
   * When the vouch lapses (ms since the epoch), if sooner than the space's rule: "hosted me this
   * summer" need not stand for a year. Absent: the space's expiryDays from now, or never.
   */
  readonly expiresAt?: number;
}

const giveInput = object(
  { vouchee: id, scope: text({ max: 32 }) },
  { note: text({ max: VOUCH_NOTE_MAX, multiline: true }), expiresAt: time },
);

/**
 * Gives a vouch. Rules: a member ("vouch.members-only"), active ("member.restricted"); vouching
 * enabled ("vouch.disabled"); a scope of the policy ("vouch.scope-allowed"); not for oneself
 * ("vouch.no-self"); a vouchee who is a member ("member.exists", "member.erased"); the voucher holds
 * the policy's minimum of active vouches ("vouch.voucher-must-be-vouched"); one active vouch per
 * voucher, vouchee and scope ("vouch.one-active-per-scope"); an expiry of the voucher's choosing in the
 * future ("vouch.expiry-in-future") and no later than the space's rule allows ("vouch.expiry-within-policy").
 *
 * @example await giveVouch(reader, space, { vouchee, scope: "met-in-person" }, ctx)
 */
export async function giveVouch(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: GiveVouch,
  ctx: CommandContext,
): Promise<Result> {
  const input = giveInput(cmd, "vouch");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "vouch.members-only");
  if (!actor.ok) return actor;
  const voucher = actor.value.member;
  const { vouchee, scope, note, expiresAt: chosenExpiry } = input.value;
  const rules = space.policy.vouching;
  if (!rules.enabled) return fail("rule-violation", "vouch.disabled", "vouching is off");
  if (!rules.scopes.some((s) => s.key === scope)) {
    return fail("rule-violation", "vouch.scope-allowed", `unknown scope ${scope}`);
  }
  if (vouchee === voucher) return fail("rule-violation", "vouch.no-self", "not for yourself");
  const active = await requireMember(reader, space.id, voucher, ctx.now, false);
  if (!active.ok) return active;
  const target = await requireMember(reader, space.id, vouchee, ctx.now, true);
  if (!target.ok) return target;
  const held = await reader.countVouchesFor(space.id, voucher, ctx.now);
  if (held < rules.minVouchesToVouch) {
    return fail(
      "rule-violation",
      "vouch.voucher-must-be-vouched",
      `you need ${rules.minVouchesToVouch} vouches to vouch (you have ${held})`,
    );
  }
  if ((await reader.findActiveVouch(space.id, voucher, vouchee, scope, ctx.now)) !== null) {
    return fail("conflict", "vouch.one-active-per-scope", "you already vouch in this scope");
  }
  const latest = rules.expiryDays === null ? null : ctx.now + rules.expiryDays * DAY_MS;
  if (chosenExpiry !== undefined && chosenExpiry <= ctx.now) {
    return fail("invalid-input", "vouch.expiry-in-future", "a vouch cannot expire in the past");
  }
  if (chosenExpiry !== undefined && latest !== null && chosenExpiry > latest) {
    return fail(
      "rule-violation",
      "vouch.expiry-within-policy",
      `vouches of this space lapse after ${rules.expiryDays} days at most`,
    );
  }
  const expiresAt = chosenExpiry ?? latest;
  return emit([
    makeEvent(
      ctx,
      "vouch.given",
      { space: space.id, vouch: ctx.newId(), voucher, vouchee, scope, expiresAt },
      note === undefined ? undefined : { note },
    ),
  ]);
}

/** Input of revokeVouch. */
export interface RevokeVouch {
  readonly vouch: string;
}

/**
 * Revokes a vouch. Rules: its voucher ("vouch.voucher-only"); an existing vouch ("vouch.exists"),
 * not revoked ("vouch.revoked") or expired ("vouch.expired") already. Allowed while restricted.
 *
 * @example await revokeVouch(reader, space, { vouch }, ctx)
 */
export async function revokeVouch(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: RevokeVouch,
  ctx: CommandContext,
): Promise<Result> {
  const input = object({ vouch: id })(cmd, "revocation");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "vouch.voucher-only");
  if (!actor.ok) return actor;
  const vouch = await reader.get("vouch", space.id, input.value.vouch);
  if (vouch === null) return fail("not-found", "vouch.exists", "no such vouch");
  if (vouch.voucher !== actor.value.member) {
    return fail("forbidden", "vouch.voucher-only", "only the voucher can revoke");
  }
  if (vouch.revokedAt !== null) return fail("gone", "vouch.revoked", "already revoked");
  if (vouch.expiresAt !== null && ctx.now >= vouch.expiresAt) {
    return fail("gone", "vouch.expired", "the vouch has expired");
  }
  return emit([makeEvent(ctx, "vouch.revoked", { space: space.id, vouch: vouch.id })]);
}
