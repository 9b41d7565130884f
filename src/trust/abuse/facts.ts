/**
 * The facts the abuse detectors read, as parallel typed arrays (one entry per review or alert, members
 * as dense indices). The domain layer builds them from its projections; src/trust knows nothing of
 * spaces, ids or DSA categories, only who did what to whom, when.
 */

/** Marks an alert raised by the operator for an outside notifier (no member reported it). */
export const NO_MEMBER = 0xffff_ffff;

/** Reviews between members: `authors[i]` rated `subjects[i]` at `times[i]` (seconds). */
export interface ReviewFacts {
  readonly count: number;
  readonly authors: Uint32Array;
  readonly subjects: Uint32Array;
  /** Ratings normalised to [-1, 1]. */
  readonly ratings: Float32Array;
  readonly times: Float64Array;
}

/** Alerts (notices): `reporters[i]` (or NO_MEMBER) reported member `targets[i]` at `times[i]`. */
export interface AlertFacts {
  readonly count: number;
  readonly reporters: Uint32Array;
  /** The member the alert is about (the author of reported content, or the reported member). */
  readonly targets: Uint32Array;
  readonly times: Float64Array;
  /**
   * 1 when the alert reports a threat, intimidation or blackmail by the target (the domain maps
   * categories such as cyber violence / intimidation to this flag), else 0.
   */
  readonly threats: Uint8Array;
}

/**
 * Throws RangeError when the parallel arrays are shorter than `count` or times are not finite.
 *
 * @example assertFacts("review", r.count, [r.authors, r.subjects, r.ratings], r.times)
 */
export function assertFacts(
  name: string,
  count: number,
  arrays: readonly ArrayLike<number>[],
  times: Float64Array,
): void {
  for (const a of arrays) {
    if (a.length < count)
      throw new RangeError(`${name}: an array holds fewer than ${count} entries`);
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(times[i])) throw new RangeError(`${name} ${i} has no finite time`);
  }
}

/**
 * Entry indices 0..count-1 sorted by time (stable for equal times).
 *
 * @example byTime(alerts.count, alerts.times)[0] // the earliest alert
 */
export function byTime(count: number, times: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  return order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
}
