/** Moderation steps shared by scenario tests. */

import type { Actor } from "../../../src/domain/actor.js";
import { type RaiseAlert, raiseAlert } from "../../../src/domain/commands/alert.js";
import { type MakeDecision, makeDecision } from "../../../src/domain/commands/decision.js";
import type { Result } from "../../../src/domain/errors.js";
import type { Target } from "../../../src/domain/events.js";
import { moderator, type World } from "./world.js";

/** A complete, valid statement removing `target` for incompatibility with the terms. */
export function removal(target: Target, extra: Partial<MakeDecision> = {}): MakeDecision {
  return {
    target,
    decisionVisibility: ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    incompatibleContentGround: "Terms §4.2 (reviews describe the stay)",
    incompatibleContentExplanation: "The review is about a different flat.",
    category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    territorialScope: ["DE", "FR"],
    decisionFacts: "Reported on 2025-01-01; the text names another address.",
    automatedDetection: false,
    automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED",
    ...extra,
  };
}

/** Runs makeDecision as `actor` (the moderator by default). */
export async function decide(
  w: World,
  cmd: MakeDecision,
  actor: Actor = moderator,
): Promise<Result> {
  const s = await w.space();
  return w.h.run(actor, (r, ctx) => makeDecision(r, s, cmd, ctx));
}

/** Runs raiseAlert as `actor`. */
export async function alert(w: World, actor: Actor, cmd: RaiseAlert): Promise<Result> {
  const s = await w.space();
  return w.h.run(actor, (r, ctx) => raiseAlert(r, s, cmd, ctx));
}

/** The id carried by the first event's public part under `field`. */
export function idOf(result: Result, field: string): string {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const pub = result.events[0]?.public as Readonly<Record<string, unknown>> | undefined;
  const value = pub?.[field];
  if (typeof value !== "string") throw new Error(`no ${field}`);
  return value;
}
