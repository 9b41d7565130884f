/** Builders for small review and alert logs in tests. */
import type { AlertFacts, ReviewFacts } from "../../../src/trust/abuse/facts.js";

export const HOUR = 3_600;
export const DAY = 86_400;

/** [author, subject, rating, time] rows. */
export function reviews(rows: readonly [number, number, number, number][]): ReviewFacts {
  return {
    count: rows.length,
    authors: Uint32Array.from(rows, (r) => r[0]),
    subjects: Uint32Array.from(rows, (r) => r[1]),
    ratings: Float32Array.from(rows, (r) => r[2]),
    times: Float64Array.from(rows, (r) => r[3]),
  };
}

/** [reporter, target, time, threat] rows. */
export function alerts(rows: readonly [number, number, number, boolean][]): AlertFacts {
  return {
    count: rows.length,
    reporters: Uint32Array.from(rows, (r) => r[0]),
    targets: Uint32Array.from(rows, (r) => r[1]),
    times: Float64Array.from(rows, (r) => r[2]),
    threats: Uint8Array.from(rows, (r) => (r[3] ? 1 : 0)),
  };
}
