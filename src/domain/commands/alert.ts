/**
 * Commands of alerts: notice and action (Art. 16 DSA). Anyone may notify; members do so
 * themselves, outside notifiers and trusted flaggers (Art. 22) through the operator.
 */
import { concealedActorRef } from "../actor.js";
import { STATEMENT_CATEGORY, type StatementCategory } from "../dsa.js";
import { fail, type Result } from "../errors.js";
import {
  ALERT_EXPLANATION_MAX,
  ALERT_OUTCOMES,
  type AlertOutcome,
  type AlertSource,
  RESOLUTION_MESSAGE_MAX,
} from "../events/alert.js";
import { type Target, targetShape } from "../events/envelope.js";
import { NAME_MAX } from "../events/member.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { bool, id, matching, nullable, object, oneOf, text } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember, requireOperator } from "./guards.js";
import { resolveTarget } from "./target.js";

/** Input of raiseAlert. */
export interface RaiseAlert {
  /** The exact item (Art. 16(2)(b)). */
  readonly target: Target;
  readonly category: StatementCategory;
  /** Why the item is illegal or against the terms (Art. 16(2)(a)). */
  readonly explanation: string;
  /** The bona fide statement (Art. 16(2)(d)); must be true. */
  readonly goodFaith: boolean;
  /** Operator only: the outside notifier's name and email (Art. 16(2)(c)). */
  readonly notifier?: { readonly name: string; readonly email: string };
  /** Operator only: the notice comes from a trusted flagger (Art. 22). */
  readonly trustedFlagger?: boolean;
}

const raiseInput = object(
  {
    target: targetShape,
    category: oneOf(STATEMENT_CATEGORY),
    explanation: text({ max: ALERT_EXPLANATION_MAX, multiline: true }),
    goodFaith: bool,
  },
  {
    notifier: object({
      name: text({ max: NAME_MAX }),
      email: matching(/^[^\s@]{1,64}@[^\s@]{1,190}$/, "an email address"),
    }),
    trustedFlagger: bool,
  },
);

/**
 * Raises an alert. Rules: the good-faith statement ("alert.good-faith-statement"); a member
 * (reporter, source SOURCE_ARTICLE_16) who exists and is not erased, or an operator key with the
 * moderate scope ("alert.members-or-moderators") which alone may name an outside notifier or a
 * trusted flagger ("alert.notifier-via-operator"); an existing target ("alert.target-exists").
 * Target, category and source are public; the explanation, the notifier and the reporting member
 * are private, and a member's notice is logged with the actor "concealed-member" (actor.ts): nothing
 * in the public log names who reported (issue 3, DSA Art. 16).
 *
 * @example await raiseAlert(reader, space, { target, category, explanation, goodFaith: true }, ctx)
 */
export async function raiseAlert(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: RaiseAlert,
  ctx: CommandContext,
): Promise<Result> {
  const input = raiseInput(cmd, "alert");
  if (!input.ok) return input;
  const { target, category, explanation, goodFaith, notifier, trustedFlagger } = input.value;
  if (!goodFaith) {
    return fail("rule-violation", "alert.good-faith-statement", "confirm you notify in good faith");
  }
  const actor = ctx.actor;
  let reporter: string | null = null;
  let sourceType: AlertSource;
  if (actor.kind === "member") {
    if (notifier !== undefined || trustedFlagger !== undefined) {
      return fail("forbidden", "alert.notifier-via-operator", "members notify as themselves");
    }
    const member = await requireMember(reader, space.id, actor.member, ctx.now, true);
    if (!member.ok) return member;
    reporter = actor.member;
    sourceType = "SOURCE_ARTICLE_16";
  } else {
    const denied = requireOperator(actor, "moderate", "alert.members-or-moderators");
    if (denied !== null) return denied;
    sourceType =
      trustedFlagger === true
        ? "SOURCE_TRUSTED_FLAGGER"
        : notifier !== undefined
          ? "SOURCE_ARTICLE_16"
          : "SOURCE_TYPE_OTHER_NOTIFICATION";
  }
  const resolved = await resolveTarget(reader, space.id, target, "alert.target-exists");
  if (!resolved.ok) return resolved;
  const event = makeEvent(
    ctx,
    "alert.raised",
    {
      space: space.id,
      alert: ctx.newId(),
      target,
      sourceType,
      goodFaith: true,
      category,
      shape: 2,
    },
    {
      explanation,
      ...(notifier === undefined ? {} : { notifier }),
      ...(reporter === null ? {} : { reporter }),
    },
  );
  return emit([actor.kind === "member" ? { ...event, actor: concealedActorRef(actor) } : event]);
}

/** Input of resolveAlert. */
export interface ResolveAlert {
  readonly alert: string;
  readonly outcome: AlertOutcome;
  /** The decision taken on it; required exactly when the outcome is "actioned". */
  readonly decision: string | null;
  /** What the sender is told (Art. 16(5)). */
  readonly message: string;
}

const resolveInput = object({
  alert: id,
  outcome: oneOf(ALERT_OUTCOMES),
  decision: nullable(id),
  message: text({ max: RESOLUTION_MESSAGE_MAX, multiline: true }),
});

/**
 * Resolves an alert and tells its sender. Rules: moderate scope ("alert.moderators-only"); an
 * existing alert ("alert.exists") resolved once ("alert.resolved-once"); "actioned" names a
 * decision taken on this alert, other outcomes name none ("alert.actioned-names-decision").
 *
 * @example await resolveAlert(reader, space, { alert, outcome: "no-action", decision: null, message }, ctx)
 */
export async function resolveAlert(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: ResolveAlert,
  ctx: CommandContext,
): Promise<Result> {
  const input = resolveInput(cmd, "resolution");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "moderate", "alert.moderators-only");
  if (denied !== null) return denied;
  const { alert, outcome, decision, message } = input.value;
  const record = await reader.get("alert", space.id, alert);
  if (record === null) return fail("not-found", "alert.exists", "no such alert");
  if (record.outcome !== null) return fail("conflict", "alert.resolved-once", "already resolved");
  if ((outcome === "actioned") !== (decision !== null)) {
    return fail(
      "rule-violation",
      "alert.actioned-names-decision",
      "name the decision iff actioned",
    );
  }
  if (decision !== null) {
    const d = await reader.get("decision", space.id, decision);
    if (d === null || d.statement.alert !== alert) {
      return fail("rule-violation", "alert.actioned-names-decision", "no decision on this alert");
    }
  }
  return emit([
    makeEvent(ctx, "alert.resolved", { space: space.id, alert, outcome, decision }, { message }),
  ]);
}
