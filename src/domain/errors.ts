/**
 * Typed outcomes of the domain layer. Expected failures (a rule broken, a missing record, a hostile
 * input) are returned as values, never thrown: the store turns an `{ ok: false }` into a rolled-back
 * transaction and the HTTP layer maps `code` to a status in exactly one place. Throwing is kept for
 * programmer errors (an invariant the caller was supposed to uphold).
 */
import type { DomainEvent } from "./events.js";

/** The closed set of error codes. */
export type DomainErrorCode =
  /** Input of the wrong shape or outside its documented limits. */
  | "invalid-input"
  /** Input longer than a size limit (texts, lists, entry bytes). */
  | "too-large"
  /** Untrusted bytes (a log entry) that do not follow the entry encoding. */
  | "malformed"
  /** A referenced record does not exist. */
  | "not-found"
  /** The command would duplicate something that must be unique. */
  | "conflict"
  /** A space or domain rule forbids the command in the current state. */
  | "rule-violation"
  /** The actor is not allowed to do this. */
  | "forbidden"
  /** The target existed but is no longer available (erased, withdrawn, revoked, expired). */
  | "gone";

/**
 * A domain failure. `rule` names the rule that was broken in a stable dotted form (e.g.
 * "review.one-per-party-per-interaction") so tests, logs and clients can rely on it.
 */
export interface DomainError {
  readonly code: DomainErrorCode;
  readonly rule: string;
  readonly message: string;
  readonly cause?: unknown;
}

/** The failed side of Result and Parsed. */
export interface Failure {
  readonly ok: false;
  readonly error: DomainError;
}

/** What every command returns: the events to append, or why none may be. */
export type Result = { readonly ok: true; readonly events: readonly DomainEvent[] } | Failure;

/** A parsed value or why it could not be parsed. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | Failure;

/**
 * Builds a DomainError.
 *
 * @example domainError("conflict", "review.one-per-party-per-interaction", "already reviewed")
 */
export function domainError(
  code: DomainErrorCode,
  rule: string,
  message: string,
  cause?: unknown,
): DomainError {
  return cause === undefined ? { code, rule, message } : { code, rule, message, cause };
}

/**
 * A failed Result.
 *
 * @example return fail("forbidden", "review.author-only", "only the author may withdraw")
 */
export function fail(code: DomainErrorCode, rule: string, message: string): Failure {
  return { ok: false, error: domainError(code, rule, message) };
}

/**
 * A successful Result.
 *
 * @example return succeed([event])
 */
export function succeed(events: readonly DomainEvent[]): Result {
  return { ok: true, events };
}
