/**
 * Rating commitments: how a sealed review's rating can be in the public log before it may be seen.
 * c = base64url(SHA-256(salt ‖ JCS({ criteria, overall }))) with a fresh 32-byte salt; the salt
 * makes a 1-to-5 rating unguessable from c (without it, five hashes would open every commitment).
 * See events/review.ts for why ratings are committed separately from the entry commitment.
 */
import { sha256 } from "../log/crypto.js";
import { decodeBase64Url, encodeBase64Url } from "./base64url.js";
import { canonicalBytes } from "./canonical-json.js";
import type { Ratings } from "./events/review.js";

/** Length of a rating salt. */
export const RATING_SALT_BYTES = 32;

/**
 * The commitment to `ratings` under `salt` (32 bytes). Throws RangeError on a wrong salt length.
 *
 * @example commitRatings({ overall: 5, criteria: {} }, salt) // "q1w…" (43 characters)
 */
export function commitRatings(ratings: Ratings, salt: Uint8Array): string {
  if (salt.length !== RATING_SALT_BYTES) throw new RangeError("a rating salt is 32 bytes");
  const opened = canonicalBytes({ criteria: ratings.criteria, overall: ratings.overall });
  return encodeBase64Url(sha256(salt, opened));
}

/**
 * True when `ratings` and the base64url `salt` open `commitment`. Never throws.
 *
 * @example verifyRatingOpening(submitted.public.ratingCommitment, revealed.public, revealed.public.ratingSalt)
 */
export function verifyRatingOpening(commitment: string, ratings: Ratings, salt: string): boolean {
  const bytes = decodeBase64Url(salt);
  if (bytes === null || bytes.length !== RATING_SALT_BYTES) return false;
  try {
    return commitRatings(ratings, bytes) === commitment;
  } catch {
    return false;
  }
}
