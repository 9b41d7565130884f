/**
 * The bearer token of a request (RFC 6750 §2.1: `Authorization: Bearer <token>`). Parser of untrusted
 * text: the header is at most MAX_AUTHORIZATION_LENGTH characters, the scheme is matched without regard
 * to case (RFC 9110 §11.1), the token must be RFC 6750's b64token.
 */

/** The longest Authorization header read: room for a member token (JWT) with its header and claims. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** What the Authorization header holds. */
export type BearerToken =
  | { readonly kind: "none" }
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "invalid"; readonly reason: string };

/**
 * Reads the bearer token of an Authorization header value.
 *
 * @example bearerToken(request.headers.authorization)
 */
export function bearerToken(header: string | string[] | undefined): BearerToken {
  if (header === undefined || header === "") return { kind: "none" };
  if (Array.isArray(header)) return { kind: "invalid", reason: "several Authorization headers" };
  if (header.length > MAX_AUTHORIZATION_LENGTH) {
    return { kind: "invalid", reason: "the Authorization header is too long" };
  }
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) {
    return { kind: "invalid", reason: "the Authorization header is not `Bearer <token>`" };
  }
  return { kind: "token", token: match[1] };
}
