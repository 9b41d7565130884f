/**
 * Member tokens: how a member acts as themself. The operator's backend authenticates its user, then mints
 * a short-lived JWT (RFC 7519) for the member, signed with an Ed25519 key whose public JWK the operator
 * registered for the space (src/store/access/member-token-keys.ts). Fabrique never holds the private key,
 * so nothing it stores can mint a token. With a valid token the request's actor is
 * `{ kind: "member", member }` in that space, and nothing more: no operator scope travels with it.
 *
 * A token (what the operator signs):
 *   header  { "alg": "EdDSA" (or "Ed25519", RFC 9864), "typ": "fabrique-member+jwt", "kid": <thumbprint> }
 *   claims  { "sub": <member id>, "aud": "urn:fabrique:space:<space>", "iat", "exp" }
 * with exp − iat at most the configured maximum (15 minutes by default). The explicit `typ` keeps other
 * JWTs of the operator from passing as member tokens (RFC 8725 §3.11); `aud` binds the token to one space
 * even when an operator registers one key in several.
 *
 * Parser of untrusted text: at most MAX_MEMBER_TOKEN_LENGTH characters; jose parses and verifies.
 */
import { decodeProtectedHeader, errors, importJWK, jwtVerify } from "jose";
import { isId } from "../../domain/shape.js";
import {
  ed25519Jwk,
  findMemberTokenKey,
  type MemberTokenKeyInfo,
} from "../../store/access/member-token-keys.js";
import type { Executor } from "../../store/schema.js";

/** The `typ` header of member tokens. */
export const MEMBER_TOKEN_TYPE = "fabrique-member+jwt";

/** The longest token read. */
export const MAX_MEMBER_TOKEN_LENGTH = 4096;

/** Clock skew tolerated on `iat` and `exp`, in seconds. */
export const MEMBER_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

/** JWS algorithms of Ed25519 signatures: the polymorphic name and RFC 9864's fully specified one. */
const ALGORITHMS = ["EdDSA", "Ed25519"];

/**
 * The `aud` a token for `space` carries.
 *
 * @example memberTokenAudience("market") // "urn:fabrique:space:market"
 */
export function memberTokenAudience(space: string): string {
  return `urn:fabrique:space:${space}`;
}

/** A verified token. */
export interface VerifiedMemberToken {
  readonly member: string;
  readonly kid: string;
  /** Unix seconds. */
  readonly expiresAt: number;
}

/** The outcome of checking a token; a refusal says why (for the 401's detail). */
export type MemberTokenCheck =
  | { readonly ok: true; readonly token: VerifiedMemberToken }
  | { readonly ok: false; readonly reason: string };

/** What verification needs beyond the token. */
export interface MemberTokenOptions {
  readonly now: Date;
  readonly maxAgeSeconds: number;
}

/**
 * True when `text` has the shape of a compact JWS (three base64url parts), as opposed to an API key.
 *
 * @example if (looksLikeJwt(token)) await verifyMemberToken(db, space, token, options)
 */
export function looksLikeJwt(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text);
}

/**
 * Verifies a member token for `space`: its key is one the space registered and has not revoked, its
 * signature verifies, its type, audience and times hold, its subject is a member id.
 *
 * @example const check = await verifyMemberToken(db.kysely, "market", token, { now, maxAgeSeconds: 900 })
 */
export async function verifyMemberToken(
  db: Executor,
  space: string,
  token: string,
  options: MemberTokenOptions,
): Promise<MemberTokenCheck> {
  if (token.length > MAX_MEMBER_TOKEN_LENGTH) return refuse("the member token is too long");
  const kid = kidOf(token);
  if (kid === undefined) return refuse("the member token has no usable kid header");
  const key = await findMemberTokenKey(db, space, kid);
  if (key === undefined) return refuse(`space ${space} has no member-token key ${kid}`);
  if (key.revokedAt !== undefined) return refuse(`member-token key ${kid} was revoked`);
  try {
    return { ok: true, token: await verifyWith(key, token, space, options) };
  } catch (e) {
    if (e instanceof errors.JOSEError || e instanceof RangeError) {
      return refuse(`the member token is not valid: ${e.message}`);
    }
    throw e;
  }
}

async function verifyWith(
  key: MemberTokenKeyInfo,
  token: string,
  space: string,
  options: MemberTokenOptions,
): Promise<VerifiedMemberToken> {
  const publicKey = await importJWK({ ...ed25519Jwk(key.publicKey) }, "EdDSA");
  const { payload } = await jwtVerify(token, publicKey, {
    algorithms: ALGORITHMS,
    typ: MEMBER_TOKEN_TYPE,
    audience: memberTokenAudience(space),
    currentDate: options.now,
    clockTolerance: MEMBER_TOKEN_CLOCK_TOLERANCE_SECONDS,
    maxTokenAge: options.maxAgeSeconds,
    requiredClaims: ["exp", "iat", "sub"],
  });
  const { sub, exp, iat } = payload;
  if (typeof sub !== "string" || !isId(sub)) throw new RangeError("sub is not a member id");
  if (typeof exp !== "number" || typeof iat !== "number") {
    throw new RangeError("exp and iat must be numbers");
  }
  // maxTokenAge bounds how old iat is; this bounds how long the token was minted to live.
  if (exp - iat > options.maxAgeSeconds) {
    throw new RangeError(`the token lives longer than ${options.maxAgeSeconds} s (exp - iat)`);
  }
  return { member: sub, kid: key.kid, expiresAt: exp };
}

function kidOf(token: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === "string" && isId(kid) ? kid : undefined;
  } catch {
    return undefined;
  }
}

function refuse(reason: string): MemberTokenCheck {
  return { ok: false, reason };
}
