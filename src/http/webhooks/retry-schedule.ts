/**
 * When a failed delivery is tried again: exponential backoff with jitter (Standard Webhooks,
 * "Deliverability and reliability": a schedule spanning hours, with random jitter so retries do not
 * arrive in waves), a `Retry-After` the receiver sent taking precedence within the same cap, and the
 * attempts after which Fabrique gives up.
 */

/** The retry policy of the delivery worker. */
export interface RetryPolicy {
  /** Attempts in all (the first included); after the last failure the delivery is `failed`. */
  readonly maxAttempts: number;
  /** The delay after the first failure, before jitter. */
  readonly baseDelayMs: number;
  /** No delay exceeds this. */
  readonly maxDelayMs: number;
}

/** 8 attempts over about 11 hours: 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h (±25 %). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 6 * 3600_000,
};

/** How an attempt failed, as far as scheduling cares. */
export interface FailedAttempt {
  /** Attempts made so far, this one included (1 after the first). */
  readonly attempts: number;
  readonly statusCode?: number | undefined;
  /** The receiver's Retry-After, in milliseconds, when it sent one we could read. */
  readonly retryAfterMs?: number | undefined;
}

/**
 * The delay before the next attempt, or undefined to give up: after `maxAttempts`, or at once on
 * 410 Gone (the receiver says it wants no more, spec "Delivery success and failure").
 * `random` is a number in [0, 1) (Math.random by default).
 *
 * @example nextRetryDelayMs({ attempts: 1, statusCode: 500 }, DEFAULT_RETRY_POLICY) // 3750..6250
 */
export function nextRetryDelayMs(
  failed: FailedAttempt,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (failed.attempts >= policy.maxAttempts || failed.statusCode === 410) return undefined;
  if (failed.retryAfterMs !== undefined) return Math.min(failed.retryAfterMs, policy.maxDelayMs);
  // Base × 4^(n−1): the spec's example schedule grows about that fast.
  const exponential = policy.baseDelayMs * 4 ** (failed.attempts - 1);
  const jitter = 0.75 + random() * 0.5;
  return Math.min(Math.round(exponential * jitter), policy.maxDelayMs);
}

/**
 * A Retry-After header in milliseconds: delay-seconds, or an HTTP date relative to `nowMs` (RFC 9110
 * §10.2.3). Parser of untrusted text: at most 64 characters; anything else is ignored (undefined).
 *
 * @example retryAfterMs("120", Date.now()) // 120000
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.length > 64) return undefined;
  if (/^\d{1,9}$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
