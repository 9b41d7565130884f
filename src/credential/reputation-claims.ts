/**
 * Reputation as selectively disclosable claims. A member carries facts about their standing in one space
 * to another community without handing over their history: threshold claims ("rating at least 4.5",
 * "at least 20 reviews") reveal a bound, not the number, and each is a separate disclosure, so the holder
 * can prove "≥ 4.5" without proving or disproving anything else.
 *
 * Only thresholds that hold are issued: a false claim would be a disclosure the holder never wants to
 * present, and its absence already says nothing (RFC 9901 §4.2.5 decoys hide how many there are).
 */
import { CredentialError } from "./errors.js";
import type { JsonObject, JsonValue } from "./json.js";

/** Thresholds a credential may state. */
export interface ReputationThresholds {
  /** Average-rating bounds, on the space's rating scale (e.g. [4, 4.5]). */
  readonly rating: readonly number[];
  /** Review-count bounds (e.g. [5, 20, 100]). */
  readonly reviews: readonly number[];
}

/** The thresholds issued unless the caller chooses others. */
export const DEFAULT_THRESHOLDS: ReputationThresholds = {
  rating: [4, 4.5],
  reviews: [5, 20, 100],
};

/** A member's reputation in one space, as computed by src/trust. */
export interface ReputationInput {
  /** The space the reputation was earned in. */
  readonly space: string;
  /** When the member joined the space, in Unix seconds. */
  readonly memberSince: number;
  /** Reviews received. */
  readonly reviewCount: number;
  /** Their average rating (meaningless, and no rating claim issued, when reviewCount is 0). */
  readonly average: number;
  readonly thresholds?: ReputationThresholds;
  /** Also issue the exact review_count and rating_average (each still selectively disclosable). */
  readonly includeExact?: boolean;
}

/**
 * The disclosable claims of a reputation credential: space, member_since and every threshold that holds.
 *
 * @example
 * reputationClaims({ space: "market", memberSince: 1700000000, reviewCount: 23, average: 4.6 })
 * // { space: "market", member_since: 1700000000, rating_at_least_4: true, rating_at_least_4_5: true,
 * //   reviews_at_least_5: true, reviews_at_least_20: true }
 */
export function reputationClaims(input: ReputationInput): JsonObject {
  requireInput(input);
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const claims: Record<string, JsonValue> = {
    space: input.space,
    member_since: input.memberSince,
  };
  for (const t of thresholds.rating) {
    requireThreshold(t, "rating");
    if (input.reviewCount > 0 && input.average >= t) claims[`rating_at_least_${suffix(t)}`] = true;
  }
  for (const t of thresholds.reviews) {
    requireThreshold(t, "reviews");
    if (!Number.isSafeInteger(t))
      throw new CredentialError("malformed", "a review bound is an integer");
    if (input.reviewCount >= t) claims[`reviews_at_least_${suffix(t)}`] = true;
  }
  if (input.includeExact === true) {
    claims.review_count = input.reviewCount;
    if (input.reviewCount > 0) claims.rating_average = input.average;
  }
  return claims;
}

function requireInput(input: ReputationInput): void {
  if (input.space.length === 0) throw new CredentialError("malformed", "a space is named");
  if (!Number.isSafeInteger(input.memberSince) || input.memberSince < 0) {
    throw new CredentialError("malformed", "memberSince is a Unix time in seconds");
  }
  if (!Number.isSafeInteger(input.reviewCount) || input.reviewCount < 0) {
    throw new CredentialError("malformed", "reviewCount is a non-negative integer");
  }
  if (!Number.isFinite(input.average))
    throw new CredentialError("malformed", "average is a number");
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

function requireThreshold(t: number, what: string): void {
  if (!Number.isFinite(t) || t < 0 || !PLAIN_DECIMAL.test(String(t))) {
    throw new CredentialError(
      "malformed",
      `${what} threshold ${t} is not a plain non-negative decimal`,
    );
  }
}

/** 4.5 → "4_5": claim names stay identifiers (no "." that JSON paths would split on). */
function suffix(t: number): string {
  return String(t).replace(".", "_");
}
