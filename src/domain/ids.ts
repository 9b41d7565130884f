/**
 * Identifiers. Every record is addressed by (space, id). Ids are 1–64 characters of [A-Za-z0-9._-]
 * (see `id` in shape.ts): ids chosen by the operator (spaces, subjects, interactions) and ids minted
 * by the store's `newId` alike.
 *
 * A member's id is a pairwise pseudonym: a keyed hash of the operator's own user id under a secret
 * that belongs to the space. The same person gets unlinkable ids in two spaces, the log never holds
 * the operator's user id, and the operator (who holds the secret) can always recompute the id.
 */
import { hmacSha256 } from "../log/crypto.js";
import { encodeBase64Url } from "./base64url.js";

/** The id of a space (one community or marketplace; one log). */
export type SpaceId = string;
/** A member's pairwise pseudonym in one space (22 base64url characters). */
export type MemberId = string;
/** The id of anything that can be evaluated: a member, a listing, a business, a product. */
export type SubjectId = string;

/** Length of the truncated HMAC a member id encodes: 128 bits leaves collisions negligible. */
export const MEMBER_ID_BYTES = 16;

/** The smallest space secret accepted by `memberIdFor` (256 bits). */
export const MIN_SPACE_SECRET_BYTES = 32;

const DOMAIN_SEPARATOR = new TextEncoder().encode("fabrique/member-id/v1\n");

/**
 * The member id of the operator's user `externalId` in the space whose secret is `spaceSecret`:
 * base64url(HMAC-SHA-256(secret, "fabrique/member-id/v1\n" ‖ UTF-8(externalId))[0..16]).
 * Throws RangeError for a secret shorter than 32 bytes or an empty external id (programmer error).
 *
 * @example memberIdFor(secret, "user-42") // "Xk2…" (22 characters)
 */
export function memberIdFor(spaceSecret: Uint8Array, externalId: string): MemberId {
  if (spaceSecret.length < MIN_SPACE_SECRET_BYTES) {
    throw new RangeError(`a space secret has at least ${MIN_SPACE_SECRET_BYTES} bytes`);
  }
  if (externalId.length === 0) throw new RangeError("an external id is not empty");
  const mac = hmacSha256(spaceSecret, DOMAIN_SEPARATOR, new TextEncoder().encode(externalId));
  return encodeBase64Url(mac.subarray(0, MEMBER_ID_BYTES));
}
