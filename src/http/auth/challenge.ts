/**
 * The WWW-Authenticate challenges of refused requests (RFC 6750 §3): the realm, and the `invalid_token`
 * error for a presented credential that does not verify.
 */

/** The realm in WWW-Authenticate challenges (RFC 6750 §3). */
export const AUTH_REALM = "fabrique";

/**
 * The challenge of a missing credential (RFC 6750 §3).
 *
 * @example reply.header("www-authenticate", missingTokenChallenge()) // Bearer realm="fabrique"
 */
export function missingTokenChallenge(): string {
  return `Bearer realm="${AUTH_REALM}"`;
}

/**
 * The challenge of a presented credential that does not verify (RFC 6750 §3.1).
 *
 * @example new HttpError("unauthenticated", reason, { headers: { "www-authenticate": invalidTokenChallenge() } })
 */
export function invalidTokenChallenge(): string {
  return `Bearer realm="${AUTH_REALM}", error="invalid_token"`;
}
