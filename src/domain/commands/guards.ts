/**
 * Checks several commands share: who may act, and whether a member may act now. Each returns the
 * error of the rule it enforces, or null when the rule holds.
 */
import { type Actor, hasScope, type MemberActor, type OperatorScope } from "../actor.js";
import type { DecisionProvision } from "../dsa.js";
import { type Failure, fail, type Parsed } from "../errors.js";
import type { MemberId, SpaceId } from "../ids.js";
import type { DomainReader } from "../reader.js";
import type { DecisionRecord, MemberRecord } from "../records.js";

/**
 * Null when `actor` is an operator key with `scope`; otherwise forbidden under `rule`.
 *
 * @example const denied = requireOperator(ctx.actor, "moderate", "decision.moderators-only")
 */
export function requireOperator(actor: Actor, scope: OperatorScope, rule: string): Failure | null {
  return hasScope(actor, scope)
    ? null
    : fail("forbidden", rule, `requires an operator key with the ${scope} scope`);
}

/**
 * The acting member, or forbidden under `rule` when the actor is not a member.
 *
 * @example const member = requireMemberActor(ctx.actor, "review.members-only")
 */
export function requireMemberActor(actor: Actor, rule: string): Parsed<MemberActor> {
  return actor.kind === "member"
    ? { ok: true, value: actor }
    : fail("forbidden", rule, "only a member can do this, on their own behalf");
}

const BLOCKING_PROVISION: readonly DecisionProvision[] = [
  "DECISION_PROVISION_TOTAL_SUSPENSION",
  "DECISION_PROVISION_TOTAL_TERMINATION",
];

/**
 * The decision that restricts `member`'s account at `now`, if any: an account suspension or
 * termination, or a total suspension or termination of the service, not reversed and not ended.
 *
 * @example accountRestriction(await reader.listDecisionsAffecting(space, m), now)
 */
export function accountRestriction(
  decisions: readonly DecisionRecord[],
  now: number,
): DecisionRecord | null {
  const inForce = (end: number | null | undefined) =>
    end === null || end === undefined || now < end;
  return (
    decisions.find((d) => {
      if (d.reversedBy !== null) return false;
      const s = d.statement;
      const account = s.decisionAccount !== undefined && inForce(s.endDateAccountRestriction);
      const provision =
        s.decisionProvision !== undefined &&
        BLOCKING_PROVISION.includes(s.decisionProvision) &&
        inForce(s.endDateServiceRestriction);
      return account || provision;
    }) ?? null
  );
}

/**
 * The member record of `member` if they exist and are not erased; with `mayBeRestricted` false, also
 * not restricted by a decision in force. Otherwise the error of the rule broken:
 * not-found "member.exists", gone "member.erased", forbidden "member.restricted".
 *
 * @example const m = await requireMember(reader, space, actor.member, now, false)
 */
export async function requireMember(
  reader: DomainReader,
  space: SpaceId,
  member: MemberId,
  now: number,
  mayBeRestricted: boolean,
): Promise<Parsed<MemberRecord>> {
  const record = await reader.get("member", space, member);
  if (record === null) return fail("not-found", "member.exists", `no member ${member}`);
  if (record.erasedAt !== null) return fail("gone", "member.erased", "member was erased");
  if (!mayBeRestricted) {
    const restriction = accountRestriction(await reader.listDecisionsAffecting(space, member), now);
    if (restriction !== null) {
      return fail(
        "forbidden",
        "member.restricted",
        `account restricted by decision ${restriction.id}`,
      );
    }
  }
  return { ok: true, value: record };
}
