/**
 * Events of moderation: decisions with their statement of reasons (Art. 17 DSA) and appeals through
 * the internal complaint-handling system (Art. 20 DSA).
 *
 * The statement's fields carry the DSA Transparency Database's names in camelCase and its enum
 * values verbatim (dsa.ts), so `toTransparencyDatabase` is a renaming, not an interpretation. Free
 * texts (facts, explanations) may hold personal data: they are private unless the space's policy
 * publishes them; grounds, categories and restrictions are always public.
 */
import {
  ACCOUNT_TYPE,
  type AccountType,
  AUTOMATED_DECISION,
  type AutomatedDecision,
  CATEGORY_SPECIFICATION,
  type CategorySpecification,
  CONTENT_TYPE,
  type ContentType,
  DECISION_ACCOUNT,
  DECISION_GROUND,
  DECISION_MONETARY,
  DECISION_PROVISION,
  DECISION_VISIBILITY,
  type DecisionAccount,
  type DecisionGround,
  type DecisionMonetary,
  type DecisionProvision,
  type DecisionVisibility,
  SOURCE_TYPE,
  type SourceType,
  STATEMENT_CATEGORY,
  type StatementCategory,
  TERRITORIAL_SCOPE,
  type TerritorialScope,
} from "../dsa.js";
import type { MemberId, SpaceId } from "../ids.js";
import {
  array,
  bool,
  exactly,
  id,
  matching,
  nullable,
  object,
  oneOf,
  refine,
  type Shape,
  text,
  time,
} from "../shape.js";
import { type Envelope, type Target, targetShape } from "./envelope.js";

/** Text limits, as the Transparency Database sets them. */
export const SOR_LIMITS = {
  decisionFacts: 5000,
  explanation: 2000,
  ground: 500,
  other: 500,
  url: 500,
} as const;

/** The ways to contest a decision a statement of reasons must name (Art. 17(3)(f) DSA). */
export type Redress =
  | "internal-complaint-handling"
  | "out-of-court-dispute-settlement"
  | "judicial-redress";
export const REDRESS: readonly Redress[] = [
  "internal-complaint-handling",
  "out-of-court-dispute-settlement",
  "judicial-redress",
];

/** The public part of a statement of reasons. End dates: ms epoch, null for indefinite. */
export interface StatementOfReasons {
  readonly target: Target;
  /** The member the decision is addressed to (the recipient of the service), if any. */
  readonly affected: MemberId | null;
  /** The alert the decision was taken on, if any. */
  readonly alert: string | null;
  readonly decisionVisibility?: readonly DecisionVisibility[];
  readonly decisionVisibilityOther?: string;
  readonly endDateVisibilityRestriction?: number | null;
  readonly decisionMonetary?: DecisionMonetary;
  readonly decisionMonetaryOther?: string;
  readonly endDateMonetaryRestriction?: number | null;
  readonly decisionProvision?: DecisionProvision;
  readonly endDateServiceRestriction?: number | null;
  readonly decisionAccount?: DecisionAccount;
  readonly endDateAccountRestriction?: number | null;
  readonly accountType?: AccountType;
  readonly decisionGround: DecisionGround;
  readonly decisionGroundReferenceUrl?: string;
  /** Required with DECISION_GROUND_ILLEGAL_CONTENT: the law relied on. */
  readonly illegalContentLegalGround?: string;
  /** Required with DECISION_GROUND_INCOMPATIBLE_CONTENT: the clause of the terms relied on. */
  readonly incompatibleContentGround?: string;
  readonly incompatibleContentIllegal?: boolean;
  readonly category: StatementCategory;
  readonly categoryAddition?: readonly StatementCategory[];
  readonly categorySpecification?: readonly CategorySpecification[];
  readonly contentType: readonly ContentType[];
  readonly territorialScope: readonly TerritorialScope[];
  readonly sourceType: SourceType;
  readonly automatedDetection: boolean;
  readonly automatedDecision: AutomatedDecision;
  readonly redress: readonly Redress[];
  /** The last moment the decision can be appealed internally (Art. 20(1)). */
  readonly appealUntil: number;
}

/** The texts of a statement of reasons. */
export interface StatementTexts {
  /** Art. 17(3)(b): the facts and circumstances relied on. */
  readonly decisionFacts: string;
  /** Art. 17(3)(d): why the content is considered illegal on the legal ground. */
  readonly illegalContentExplanation?: string;
  /** Art. 17(3)(e): why the content is considered incompatible with the terms. */
  readonly incompatibleContentExplanation?: string;
}

/** A moderation decision was made. */
export type DecisionMade = Envelope<
  "decision.made",
  { readonly space: SpaceId; readonly decision: string } & StatementOfReasons &
    Partial<StatementTexts>,
  StatementTexts
>;

/** What an appeal contests: a decision, or the resolution of an alert (Art. 20(1)(a)). */
export interface AppealTarget {
  readonly kind: "decision" | "alert";
  readonly id: string;
}

/** Limits of appeal texts. */
export const APPEAL_TEXT_MAX = 5000;

/**
 * Shape 1, written before issue 3's fix: the appellant in clear. A notifier's appeal then named the
 * notifier next to the alert or decision it contests. No longer written; still decoded (old logs).
 */
export interface AppealFiledPublicV1 {
  readonly space: SpaceId;
  readonly appeal: string;
  readonly target: AppealTarget;
  readonly appellant: MemberId;
}

/**
 * Shape 2: the appellant is public when they are the member the contested decision affects (the
 * decision already names them), and null when they appeal as the notifier of the alert (an alert's
 * resolution, or a decision they did not suffer): the notifier is then named in the private part
 * only and the entry's actor is "concealed-member", as for their notice (DSA Art. 16, issue 3).
 */
export interface AppealFiledPublicV2 {
  readonly space: SpaceId;
  readonly appeal: string;
  readonly target: AppealTarget;
  readonly appellant: MemberId | null;
  readonly shape: 2;
}

/** A member filed a complaint against a decision or an alert's resolution. */
export type AppealFiled = Envelope<
  "appeal.filed",
  AppealFiledPublicV1 | AppealFiledPublicV2,
  {
    readonly explanation: string;
    /** Shape 2, a notifier's appeal: who appealed. */
    readonly appellant?: MemberId;
  }
>;

/**
 * Who filed `event`: public, or (a notifier's appeal, shape 2) from the private part; null when that
 * part was shredded.
 *
 * @example appealAppellant(event) // "m-42"
 */
export function appealAppellant(event: AppealFiled): MemberId | null {
  return event.public.appellant ?? event.private?.appellant ?? null;
}

/**
 * True when `event` names its appellant privately only (a notifier's appeal, shape 2). Read from the
 * public entry alone, so it holds after the private part is gone.
 */
export function appellantIsPrivate(event: AppealFiled): boolean {
  return event.public.appellant === null;
}

/** How an appeal ended. A reversed decision no longer restricts anything. */
export type AppealOutcome = "upheld" | "reversed";
export const APPEAL_OUTCOMES: readonly AppealOutcome[] = ["upheld", "reversed"];

/** The complaint was decided, by people (Art. 20(6) DSA: not solely by automated means). */
export type AppealDecided = Envelope<
  "appeal.decided",
  {
    readonly space: SpaceId;
    readonly appeal: string;
    readonly outcome: AppealOutcome;
    /** The decision this outcome reverses, if any. */
    readonly reversedDecision: string | null;
    readonly humanReviewed: true;
  },
  { readonly reasons: string }
>;

const endDate = nullable(time);
const url = matching(/^https:\/\/[\x21-\x7E]{1,490}$/, "an https URL of printable ASCII");

/** True when a statement restricts something (Art. 17(1) lists four kinds of restriction). */
export function restricts(s: Partial<StatementOfReasons>): boolean {
  return (
    (s.decisionVisibility?.length ?? 0) > 0 ||
    s.decisionMonetary !== undefined ||
    s.decisionProvision !== undefined ||
    s.decisionAccount !== undefined
  );
}

export const decisionMadePublic: Shape<DecisionMade["public"]> = refine(
  object(
    {
      space: id,
      decision: id,
      target: targetShape,
      affected: nullable(id),
      alert: nullable(id),
      decisionGround: oneOf(DECISION_GROUND),
      category: oneOf(STATEMENT_CATEGORY),
      contentType: array(oneOf(CONTENT_TYPE), { min: 1, max: CONTENT_TYPE.length, unique: true }),
      territorialScope: array(oneOf(TERRITORIAL_SCOPE), {
        min: 1,
        max: TERRITORIAL_SCOPE.length,
        unique: true,
      }),
      sourceType: oneOf(SOURCE_TYPE),
      automatedDetection: bool,
      automatedDecision: oneOf(AUTOMATED_DECISION),
      redress: array(oneOf(REDRESS), { min: 1, max: REDRESS.length, unique: true }),
      appealUntil: time,
    },
    {
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
      decisionGroundReferenceUrl: url,
      illegalContentLegalGround: text({ max: SOR_LIMITS.ground }),
      incompatibleContentGround: text({ max: SOR_LIMITS.ground }),
      incompatibleContentIllegal: bool,
      categoryAddition: array(oneOf(STATEMENT_CATEGORY), {
        max: STATEMENT_CATEGORY.length,
        unique: true,
      }),
      categorySpecification: array(oneOf(CATEGORY_SPECIFICATION), {
        max: CATEGORY_SPECIFICATION.length,
        unique: true,
      }),
      decisionFacts: text({ max: SOR_LIMITS.decisionFacts, multiline: true }),
      illegalContentExplanation: text({ max: SOR_LIMITS.explanation, multiline: true }),
      incompatibleContentExplanation: text({ max: SOR_LIMITS.explanation, multiline: true }),
    },
  ),
  restricts,
  "a decision restricts visibility, payments, the service or the account",
);

const appealTargetShape = object({ kind: oneOf(["decision", "alert"] as const), id });

const appealFiledPublicV1: Shape<AppealFiledPublicV1> = object({
  space: id,
  appeal: id,
  target: appealTargetShape,
  appellant: id,
});

const appealFiledPublicV2: Shape<AppealFiledPublicV2> = object({
  space: id,
  appeal: id,
  target: appealTargetShape,
  appellant: nullable(id),
  shape: exactly(2),
});

/** Either shape, told apart by the `shape` member (absent in shape 1). */
export const appealFiledPublic: Shape<AppealFiled["public"]> = (value, path) =>
  typeof value === "object" && value !== null && Object.hasOwn(value, "shape")
    ? appealFiledPublicV2(value, path)
    : appealFiledPublicV1(value, path);

export const appealDecidedPublic: Shape<AppealDecided["public"]> = object({
  space: id,
  appeal: id,
  outcome: oneOf(APPEAL_OUTCOMES),
  reversedDecision: nullable(id),
  humanReviewed: exactly(true),
});
