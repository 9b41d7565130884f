/** Ratings checked against the space's policy: the scale and the known criteria. */
import { fail, type Parsed } from "../errors.js";
import type { Ratings } from "../events/review.js";
import type { SpacePolicy } from "../policy.js";

/**
 * `overall` and `criteria` as Ratings, if they fit `policy`. Rules (invalid-input):
 * "review.rating-in-scale" (integers within the scale), "review.criteria-known" (only the
 * policy's criteria), "review.criteria-required" (all of them, when the policy says so).
 *
 * @example parseRatings(5, { cleanliness: 4 }, space.policy)
 */
export function parseRatings(
  overall: unknown,
  criteria: unknown,
  policy: SpacePolicy,
): Parsed<Ratings> {
  const { min, max } = policy.rating;
  const inScale = (v: unknown): v is number =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
  if (!inScale(overall)) {
    return fail("invalid-input", "review.rating-in-scale", `overall must be ${min}..${max}`);
  }
  const given = criteria ?? {};
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    return fail("invalid-input", "input.review.criteria", "criteria must be an object");
  }
  if (Object.getPrototypeOf(given) !== Object.prototype) {
    return fail("invalid-input", "input.review.criteria", "criteria must be a plain object");
  }
  const known = new Set(policy.criteria.map((c) => c.key));
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!known.has(key)) {
      return fail("invalid-input", "review.criteria-known", `unknown criterion ${key}`);
    }
    if (!inScale(value)) {
      return fail("invalid-input", "review.rating-in-scale", `${key} must be ${min}..${max}`);
    }
    out[key] = value;
  }
  if (policy.criteriaRequired && Object.keys(out).length !== known.size) {
    return fail("invalid-input", "review.criteria-required", "every criterion must be rated");
  }
  return { ok: true, value: { overall, criteria: out } };
}
