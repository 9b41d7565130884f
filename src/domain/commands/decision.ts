/**
 * Making a moderation decision with its statement of reasons (Art. 17 DSA). The input uses the
 * Transparency Database's field names (camelCase) and enums; the statement is completed here with
 * what Fabrique knows: the affected member, the source (the alert's, or own initiative), the
 * redress options and the end of the appeal window.
 */
import {
  ACCOUNT_TYPE,
  AUTOMATED_DECISION,
  CATEGORY_SPECIFICATION,
  CONTENT_TYPE,
  type ContentType,
  DECISION_ACCOUNT,
  DECISION_GROUND,
  DECISION_MONETARY,
  DECISION_PROVISION,
  DECISION_VISIBILITY,
  STATEMENT_CATEGORY,
  TERRITORIAL_SCOPE,
} from "../dsa.js";
import { type Failure, fail, type Result } from "../errors.js";
import { targetShape } from "../events/envelope.js";
import {
  type DecisionMade,
  REDRESS,
  restricts,
  SOR_LIMITS,
  type StatementOfReasons,
  type StatementTexts,
} from "../events/moderation.js";
import { DAY_MS } from "../policy.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import {
  array,
  bool,
  id,
  matching,
  nullable,
  object,
  oneOf,
  type ShapeOf,
  text,
  time,
} from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireOperator } from "./guards.js";
import { type ResolvedTarget, resolveTarget } from "./target.js";

const endDate = nullable(time);
const explanation = text({ max: SOR_LIMITS.explanation, multiline: true });

const decisionInput = object(
  {
    target: targetShape,
    decisionGround: oneOf(DECISION_GROUND),
    category: oneOf(STATEMENT_CATEGORY),
    territorialScope: array(oneOf(TERRITORIAL_SCOPE), {
      min: 1,
      max: TERRITORIAL_SCOPE.length,
      unique: true,
    }),
    decisionFacts: text({ max: SOR_LIMITS.decisionFacts, multiline: true }),
    automatedDetection: bool,
    automatedDecision: oneOf(AUTOMATED_DECISION),
  },
  {
    alert: id,
    decisionVisibility: array(oneOf(DECISION_VISIBILITY), {
      min: 1,
      max: DECISION_VISIBILITY.length,
      unique: true,
    }),
    decisionVisibilityOther: text({ max: SOR_LIMITS.other }),
    endDateVisibilityRestriction: endDate,
    decisionMonetary: oneOf(DECISION_MONETARY),
    decisionMonetaryOther: text({ max: SOR_LIMITS.other }),
    endDateMonetaryRestriction: endDate,
    decisionProvision: oneOf(DECISION_PROVISION),
    endDateServiceRestriction: endDate,
    decisionAccount: oneOf(DECISION_ACCOUNT),
    endDateAccountRestriction: endDate,
    accountType: oneOf(ACCOUNT_TYPE),
    decisionGroundReferenceUrl: matching(/^https:\/\/[\x21-\x7E]{1,490}$/, "an https URL"),
    illegalContentLegalGround: text({ max: SOR_LIMITS.ground }),
    illegalContentExplanation: explanation,
    incompatibleContentGround: text({ max: SOR_LIMITS.ground }),
    incompatibleContentExplanation: explanation,
    incompatibleContentIllegal: bool,
    categoryAddition: array(oneOf(STATEMENT_CATEGORY), {
      max: STATEMENT_CATEGORY.length,
      unique: true,
    }),
    categorySpecification: array(oneOf(CATEGORY_SPECIFICATION), {
      max: CATEGORY_SPECIFICATION.length,
      unique: true,
    }),
    contentType: array(oneOf(CONTENT_TYPE), { min: 1, max: CONTENT_TYPE.length, unique: true }),
  },
);

/** Input of makeDecision (Transparency Database names; end dates in ms, null: indefinite). */
export type MakeDecision = ShapeOf<typeof decisionInput>;

type Input = MakeDecision;

/**
 * Makes a decision. Rules: moderate scope ("decision.moderators-only"); an existing target
 * ("decision.target-exists"); an alert, if named, that exists ("alert.exists") and is about the
 * same target ("decision.alert-target-matches"); at least one restriction
 * ("decision.restriction-required"); an account restriction needs a member to restrict
 * ("decision.account-needs-member"); the ground explained with its own fields only
 * ("decision.ground-explained"); a decision on a flag of automated detection declares it
 * ("decision.automated-detection-declared"); "other" restrictions specified, and only those
 * ("decision.other-specified"); end dates after now and only for restrictions made
 * ("decision.end-dates").
 *
 * @example await makeDecision(reader, space, { target, decisionVisibility: ["DECISION_VISIBILITY_CONTENT_REMOVED"], … }, ctx)
 */
export async function makeDecision(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: MakeDecision,
  ctx: CommandContext,
): Promise<Result> {
  const input = decisionInput(cmd, "decision");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "moderate", "decision.moderators-only");
  if (denied !== null) return denied;
  const d = input.value;
  const broken = brokenStatementRule(d, ctx.now);
  if (broken !== null) return broken;
  const target = await resolveTarget(reader, space.id, d.target, "decision.target-exists");
  if (!target.ok) return target;
  if (d.decisionAccount !== undefined && target.value.affected === null) {
    return fail("rule-violation", "decision.account-needs-member", "no member to restrict");
  }
  let sourceType: StatementOfReasons["sourceType"] = "SOURCE_VOLUNTARY";
  if (d.alert !== undefined) {
    const alert = await reader.get("alert", space.id, d.alert);
    if (alert === null) return fail("not-found", "alert.exists", "no such alert");
    if (alert.target.kind !== d.target.kind || alert.target.id !== d.target.id) {
      return fail("rule-violation", "decision.alert-target-matches", "alert is about another item");
    }
    sourceType = alert.sourceType;
    // A flag of the platform's own detection (commands/flag.ts): the statement must say so (Art. 17(3)(c)).
    if (sourceType === "SOURCE_VOLUNTARY" && !d.automatedDetection) {
      return fail(
        "rule-violation",
        "decision.automated-detection-declared",
        "the alert comes from automated detection: set automatedDetection to true",
      );
    }
  }
  const { statement, texts } = statementOf(d, target.value, sourceType, space, ctx.now);
  const publishTexts = space.policy.publish.decisionTexts;
  const pub: DecisionMade["public"] = {
    space: space.id,
    decision: ctx.newId(),
    ...statement,
    ...(publishTexts ? texts : {}),
  };
  return emit([makeEvent(ctx, "decision.made", pub, publishTexts ? undefined : texts)]);
}

function brokenStatementRule(d: Input, now: number): Failure | null {
  if (!restricts(d)) {
    return fail("rule-violation", "decision.restriction-required", "restrict something");
  }
  const illegal = d.decisionGround === "DECISION_GROUND_ILLEGAL_CONTENT";
  const ownFields = illegal
    ? d.illegalContentLegalGround !== undefined && d.illegalContentExplanation !== undefined
    : d.incompatibleContentGround !== undefined && d.incompatibleContentExplanation !== undefined;
  const otherFields = illegal
    ? (d.incompatibleContentGround ??
      d.incompatibleContentExplanation ??
      d.incompatibleContentIllegal)
    : (d.illegalContentLegalGround ?? d.illegalContentExplanation);
  if (!ownFields || otherFields !== undefined) {
    return fail(
      "invalid-input",
      "decision.ground-explained",
      illegal
        ? "illegal content needs illegalContentLegalGround and illegalContentExplanation only"
        : "incompatible content needs incompatibleContentGround and incompatibleContentExplanation only",
    );
  }
  const visibilityOther = d.decisionVisibility?.includes("DECISION_VISIBILITY_OTHER") ?? false;
  const monetaryOther = d.decisionMonetary === "DECISION_MONETARY_OTHER";
  if (
    visibilityOther !== (d.decisionVisibilityOther !== undefined) ||
    monetaryOther !== (d.decisionMonetaryOther !== undefined)
  ) {
    return fail(
      "invalid-input",
      "decision.other-specified",
      "specify exactly the other restrictions",
    );
  }
  const ends: readonly [unknown, number | null | undefined][] = [
    [d.decisionVisibility, d.endDateVisibilityRestriction],
    [d.decisionMonetary, d.endDateMonetaryRestriction],
    [d.decisionProvision, d.endDateServiceRestriction],
    [d.decisionAccount, d.endDateAccountRestriction],
  ];
  for (const [restriction, end] of ends) {
    if (end === undefined || end === null) continue;
    if (restriction === undefined || end <= now) {
      return fail("invalid-input", "decision.end-dates", "end dates follow now, per restriction");
    }
  }
  return null;
}

function statementOf(
  d: Input,
  target: ResolvedTarget,
  sourceType: StatementOfReasons["sourceType"],
  space: SpaceRecord,
  now: number,
): { readonly statement: StatementOfReasons; readonly texts: StatementTexts } {
  const {
    target: _t,
    alert,
    decisionFacts,
    illegalContentExplanation,
    incompatibleContentExplanation,
    contentType,
    ...fields
  } = d;
  const statement: StatementOfReasons = {
    ...fields,
    target: d.target,
    affected: target.affected,
    alert: alert ?? null,
    contentType: contentType ?? defaultContentType(target),
    sourceType,
    redress: REDRESS,
    appealUntil: now + space.policy.appealWindowDays * DAY_MS,
  };
  const texts: StatementTexts = {
    decisionFacts,
    ...(illegalContentExplanation === undefined ? {} : { illegalContentExplanation }),
    ...(incompatibleContentExplanation === undefined ? {} : { incompatibleContentExplanation }),
  };
  return { statement, texts };
}

function defaultContentType(target: ResolvedTarget): readonly ContentType[] {
  switch (target.target.kind) {
    case "review":
    case "reply":
    case "vouch":
      return ["CONTENT_TYPE_TEXT"];
    case "subject":
      return target.subjectKind === "product" || target.subjectKind === "listing"
        ? ["CONTENT_TYPE_PRODUCT"]
        : ["CONTENT_TYPE_OTHER"];
    case "member":
      return ["CONTENT_TYPE_OTHER"];
  }
}
