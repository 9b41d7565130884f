/**
 * Why a score is what it is. Every detector in src/trust that flags someone says why, in terms a
 * moderator can check: a stable code for machines, a sentence for people, and how much this reason
 * added to the score (so the reasons of one score sum to it, or to the part of it they explain).
 */

/** One reason behind a score. */
export interface Reason<Code extends string = string> {
  readonly code: Code;
  readonly text: string;
  /** What this reason added to the score (≥ 0). */
  readonly contribution: number;
}

/**
 * Reasons ordered by contribution, largest first, keeping only those that contributed.
 *
 * @example strongestReasons(reasons, 3) // the top three
 */
export function strongestReasons<Code extends string>(
  reasons: readonly Reason<Code>[],
  limit = Number.POSITIVE_INFINITY,
): Reason<Code>[] {
  return reasons
    .filter((r) => r.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || (a.code < b.code ? -1 : 1))
    .slice(0, limit);
}

/**
 * A duration in seconds in the largest whole unit that fits.
 *
 * @example describeDuration(172_800) // "2 days"; describeDuration(5_400) // "90 minutes"
 */
export function describeDuration(seconds: number): string {
  const units: readonly [number, string][] = [
    [86_400 * 7, "week"],
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? "" : "s"}`;
    }
  }
  return `${seconds} seconds`;
}
