/**
 * Events of alerts: notice and action (Art. 16 DSA). A notice names the exact item, a category, a
 * substantiated explanation, who sends it and a statement of good faith (Art. 16(2)). Its sender is
 * told what happened to it (Art. 16(5)) through the resolution.
 */
import { parseActorRef } from "../actor.js";
import {
  SOURCE_TYPE,
  type SourceType,
  STATEMENT_CATEGORY,
  type StatementCategory,
} from "../dsa.js";
import type { MemberId, SpaceId } from "../ids.js";
import { exactly, id, nullable, object, oneOf, type Shape } from "../shape.js";
import { type Envelope, type Target, targetShape } from "./envelope.js";

/** Limits of an alert's texts. */
export const ALERT_EXPLANATION_MAX = 5000;
export const RESOLUTION_MESSAGE_MAX = 2000;

/**
 * The sources an alert can have: a notice (Art. 16), a trusted flagger, another notification, or
 * the platform's own automated detection (SOURCE_VOLUNTARY: a flag the system actor raises,
 * commands/flag.ts). A decision taken on an alert inherits its source.
 */
export type AlertSource = SourceType;
export const ALERT_SOURCES: readonly AlertSource[] = SOURCE_TYPE;

/** How an alert was resolved. "rejected": manifestly unfounded (Art. 23(2) DSA). */
export type AlertOutcome = "actioned" | "no-action" | "rejected";
export const ALERT_OUTCOMES: readonly AlertOutcome[] = ["actioned", "no-action", "rejected"];

/** The public part common to both shapes of alert.raised. */
interface AlertRaisedPublicBase {
  readonly space: SpaceId;
  readonly alert: string;
  readonly target: Target;
  readonly sourceType: AlertSource;
  /** Art. 16(2)(d): the notifier confirmed their bona fide belief. Always true. */
  readonly goodFaith: true;
  /** Always public: a category is not personal data, and erasure must not change it. */
  readonly category: StatementCategory;
}

/**
 * Shape 1, written before issue 3's fix: the reporting member in clear (and as the entry's actor).
 * No longer written; still decoded, so that logs holding such entries keep verifying and replaying.
 */
export interface AlertRaisedPublicV1 extends AlertRaisedPublicBase {
  readonly reporter: MemberId | null;
}

/**
 * Shape 2: nothing public names the reporter. A member's notice names its reporter in the private
 * part (only a salted commitment reaches the log) and its entry's actor is "concealed-member"
 * (actor.ts): the reporter's identity is personal data (DSA Art. 16), and the public log must not
 * tell a reported member who reported them.
 */
export interface AlertRaisedPublicV2 extends AlertRaisedPublicBase {
  readonly shape: 2;
}

/**
 * An alert was raised, by a member (the reporter) or by the operator for an outside notifier or a
 * trusted flagger (no reporter, notifier's name and email in the private part), or by the system
 * (a flag of the platform's own detection, commands/flag.ts).
 */
export type AlertRaised = Envelope<
  "alert.raised",
  AlertRaisedPublicV1 | AlertRaisedPublicV2,
  {
    readonly explanation: string;
    readonly notifier?: { readonly name: string; readonly email: string };
    /** Shape 2: the member who reported (absent for the operator's and the system's alerts). */
    readonly reporter?: MemberId;
  }
>;

/**
 * The member who raised `event`: in the public part (shape 1) or the private part (shape 2); null
 * for an operator's or the system's alert, and for a shape 2 notice whose private part was shredded.
 *
 * @example alertReporter(event) // "m-42"
 */
export function alertReporter(event: AlertRaised): MemberId | null {
  return "reporter" in event.public ? event.public.reporter : (event.private?.reporter ?? null);
}

/**
 * True when `event` is a member's notice naming its reporter privately only (shape 2, actor
 * "concealed-member"). Read from the public entry alone, so it holds after the private part is gone.
 */
export function reporterIsPrivate(event: AlertRaised): boolean {
  return !("reporter" in event.public) && parseActorRef(event.actor)?.kind === "concealed-member";
}

/** The alert was handled; `message` is what its sender is told. */
export type AlertResolved = Envelope<
  "alert.resolved",
  {
    readonly space: SpaceId;
    readonly alert: string;
    readonly outcome: AlertOutcome;
    readonly decision: string | null;
  },
  { readonly message: string }
>;

const baseFields = {
  space: id,
  alert: id,
  target: targetShape,
  sourceType: oneOf(ALERT_SOURCES),
  goodFaith: exactly(true),
  category: oneOf(STATEMENT_CATEGORY),
};

const alertRaisedPublicV1: Shape<AlertRaisedPublicV1> = object({
  ...baseFields,
  reporter: nullable(id),
});

const alertRaisedPublicV2: Shape<AlertRaisedPublicV2> = object({
  ...baseFields,
  shape: exactly(2),
});

/** Either shape, told apart by the `shape` member (absent in shape 1). */
export const alertRaisedPublic: Shape<AlertRaised["public"]> = (value, path) =>
  typeof value === "object" && value !== null && Object.hasOwn(value, "shape")
    ? alertRaisedPublicV2(value, path)
    : alertRaisedPublicV1(value, path);

export const alertResolvedPublic: Shape<AlertResolved["public"]> = object({
  space: id,
  alert: id,
  outcome: oneOf(ALERT_OUTCOMES),
  decision: nullable(id),
});
