/**
 * Which events a subscription receives. A subscription names event types ("review.revealed"), families
 * ("alert.*": every alert event) or everything ("*"). Only names that can match an event of this release
 * are accepted, so a typo is refused when subscribing rather than silently never delivering.
 */
import { EVENT_TYPES } from "../../domain/index.js";

/** The wildcard that matches every event type. */
export const ALL_EVENTS = "*";

/** The most patterns one subscription holds. */
export const MAX_EVENT_PATTERNS = 32;

/**
 * Why `pattern` is not a usable event pattern, or undefined when it is.
 *
 * @example eventPatternProblem("review.*") // undefined
 * @example eventPatternProblem("review.typo") // "review.typo matches no event type"
 */
export function eventPatternProblem(pattern: string): string | undefined {
  if (pattern === ALL_EVENTS) return undefined;
  return EVENT_TYPES.some((type) => patternMatches(pattern, type))
    ? undefined
    : `${pattern} matches no event type`;
}

/**
 * True when one of `patterns` selects events of `type`.
 *
 * @example subscribesTo(["alert.*"], "alert.raised") // true
 */
export function subscribesTo(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => patternMatches(p, type));
}

function patternMatches(pattern: string, type: string): boolean {
  if (pattern === ALL_EVENTS) return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
