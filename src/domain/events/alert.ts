/**
 * Events of alerts: notice and action (Art. 16 DSA). A notice names the exact item, a category, a
 * substantiated explanation, who sends it and a statement of good faith (Art. 16(2)). Its sender is
 * told what happened to it (Art. 16(5)) through the resolution.
 */
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

/**
 * An alert was raised, by a member (`reporter`) or by the operator for an outside notifier or a
 * trusted flagger (reporter null, notifier's name and email in the private part).
 */
export type AlertRaised = Envelope<
  "alert.raised",
  {
    readonly space: SpaceId;
    readonly alert: string;
    readonly target: Target;
    readonly reporter: MemberId | null;
    readonly sourceType: AlertSource;
    /** Art. 16(2)(d): the notifier confirmed their bona fide belief. Always true. */
    readonly goodFaith: true;
    /** Always public: a category is not personal data, and erasure must not change it. */
    readonly category: StatementCategory;
  },
  {
    readonly explanation: string;
    readonly notifier?: { readonly name: string; readonly email: string };
  }
>;

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

export const alertRaisedPublic: Shape<AlertRaised["public"]> = object({
  space: id,
  alert: id,
  target: targetShape,
  reporter: nullable(id),
  sourceType: oneOf(ALERT_SOURCES),
  goodFaith: exactly(true),
  category: oneOf(STATEMENT_CATEGORY),
});

export const alertResolvedPublic: Shape<AlertResolved["public"]> = object({
  space: id,
  alert: id,
  outcome: oneOf(ALERT_OUTCOMES),
  decision: nullable(id),
});
