/**
 * Appeals: the internal complaint-handling system (Art. 20 DSA). The member a decision affects,
 * or the member whose notice it answered, may complain within the appeal window; notifiers may
 * also complain about an alert resolved without action. Complaints are decided by people
 * (Art. 20(6)); a reversal lifts every restriction of the decision.
 */
import { concealedActorRef } from "../actor.js";
import { fail, type Result } from "../errors.js";
import {
  APPEAL_OUTCOMES,
  APPEAL_TEXT_MAX,
  type AppealOutcome,
  type AppealTarget,
} from "../events/moderation.js";
import { DAY_MS } from "../policy.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { bool, id, object, oneOf, text } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember, requireMemberActor, requireOperator } from "./guards.js";

/** Input of fileAppeal. */
export interface FileAppeal {
  readonly target: AppealTarget;
  readonly explanation: string;
}

const fileInput = object({
  target: object({ kind: oneOf(["decision", "alert"] as const), id }),
  explanation: text({ max: APPEAL_TEXT_MAX, multiline: true }),
});

/**
 * Files an appeal. Rules: a member ("appeal.members-only") who exists and is not erased (a
 * restricted member may appeal: that is the point); for a decision: it exists
 * ("decision.exists"), is not reversed ("decision.reversed"), and the member is affected by it or
 * sent the alert it answered ("appeal.affected-or-notifier"); for an alert: the member sent it
 * ("appeal.affected-or-notifier") and it is resolved ("appeal.alert-resolved-first"); within the
 * window ("appeal.within-window"); one appeal per target and member ("appeal.one-per-target").
 * A notifier's appeal names its appellant in the private part only, with the actor
 * "concealed-member" (issue 3); the affected member's appeal names them publicly, as the decision does.
 *
 * @example await fileAppeal(reader, space, { target: { kind: "decision", id }, explanation }, ctx)
 */
export async function fileAppeal(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: FileAppeal,
  ctx: CommandContext,
): Promise<Result> {
  const input = fileInput(cmd, "appeal");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "appeal.members-only");
  if (!actor.ok) return actor;
  const member = actor.value.member;
  const exists = await requireMember(reader, space.id, member, ctx.now, true);
  if (!exists.ok) return exists;
  const { target, explanation } = input.value;
  const notEntitled = fail("forbidden", "appeal.affected-or-notifier", "not your decision");

  let closesAt: number;
  // A member appealing as the notifier (not the one a decision affects) stays unnamed in the log.
  let asNotifier = true;
  if (target.kind === "decision") {
    const decision = await reader.get("decision", space.id, target.id);
    if (decision === null) return fail("not-found", "decision.exists", "no such decision");
    if (decision.reversedBy !== null) return fail("gone", "decision.reversed", "already reversed");
    const alert =
      decision.statement.alert === null
        ? null
        : await reader.get("alert", space.id, decision.statement.alert);
    if (decision.statement.affected !== member && alert?.reporter !== member) return notEntitled;
    asNotifier = decision.statement.affected !== member;
    closesAt = decision.statement.appealUntil;
  } else {
    const alert = await reader.get("alert", space.id, target.id);
    if (alert === null || alert.reporter !== member) return notEntitled;
    if (alert.resolvedAt === null) {
      return fail("rule-violation", "appeal.alert-resolved-first", "the alert is still pending");
    }
    closesAt = alert.resolvedAt + space.policy.appealWindowDays * DAY_MS;
  }
  if (ctx.now > closesAt) {
    return fail("rule-violation", "appeal.within-window", "the appeal window has closed");
  }
  if ((await reader.listAppeals(space.id, target, member)).length > 0) {
    return fail("conflict", "appeal.one-per-target", "you already appealed this");
  }
  const event = makeEvent(
    ctx,
    "appeal.filed",
    {
      space: space.id,
      appeal: ctx.newId(),
      target,
      appellant: asNotifier ? null : member,
      shape: 2,
    },
    asNotifier ? { explanation, appellant: member } : { explanation },
  );
  return emit([asNotifier ? { ...event, actor: concealedActorRef(actor.value) } : event]);
}

/** Input of decideAppeal. */
export interface DecideAppeal {
  readonly appeal: string;
  readonly outcome: AppealOutcome;
  /** What the appellant is told. */
  readonly reasons: string;
  /** Art. 20(6): the complaint was decided by qualified staff, not solely by automated means. */
  readonly humanReviewed: boolean;
}

const decideInput = object({
  appeal: id,
  outcome: oneOf(APPEAL_OUTCOMES),
  reasons: text({ max: APPEAL_TEXT_MAX, multiline: true }),
  humanReviewed: bool,
});

/**
 * Decides an appeal; reversing an appeal against a decision lifts its restrictions. Rules:
 * moderate scope ("appeal.moderators-only"); human review ("appeal.human-review"); an existing
 * appeal ("appeal.exists") decided once ("appeal.decided-once").
 *
 * @example await decideAppeal(reader, space, { appeal, outcome: "reversed", reasons, humanReviewed: true }, ctx)
 */
export async function decideAppeal(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: DecideAppeal,
  ctx: CommandContext,
): Promise<Result> {
  const input = decideInput(cmd, "appeal");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "moderate", "appeal.moderators-only");
  if (denied !== null) return denied;
  const { appeal, outcome, reasons, humanReviewed } = input.value;
  if (!humanReviewed) {
    return fail("rule-violation", "appeal.human-review", "Art. 20(6) DSA: people decide appeals");
  }
  const record = await reader.get("appeal", space.id, appeal);
  if (record === null) return fail("not-found", "appeal.exists", "no such appeal");
  if (record.outcome !== null) return fail("conflict", "appeal.decided-once", "already decided");
  let reversedDecision: string | null = null;
  if (outcome === "reversed" && record.target.kind === "decision") {
    const decision = await reader.get("decision", space.id, record.target.id);
    if (decision !== null && decision.reversedBy === null) reversedDecision = decision.id;
  }
  return emit([
    makeEvent(
      ctx,
      "appeal.decided",
      { space: space.id, appeal, outcome, reversedDecision, humanReviewed: true },
      { reasons },
    ),
  ]);
}
