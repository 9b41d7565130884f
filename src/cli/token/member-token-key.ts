/**
 * Member-token keys as an operator's backend holds them: an Ed25519 key pair (JWK) whose RFC 7638
 * thumbprint is the kid, and the member tokens it signs (src/http/auth/member-token.ts: typ
 * fabrique-member+jwt, aud urn:fabrique:space:<space>, sub = member id, at most 15 minutes).
 */
import { readFile } from "node:fs/promises";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from "jose";
import { MEMBER_TOKEN_TYPE, memberTokenAudience } from "../../http/auth/member-token.js";
import { CliError } from "../cli-error.js";
import { MAX_TOKEN_TTL_SECONDS } from "../commands/token.js";

/** A freshly generated member-token key. */
export interface MemberTokenKey {
  /** The private JWK (kty OKP, crv Ed25519, x, d). */
  readonly privateJwk: JWK;
  /** The public JWK to register: { kty, crv, x }. */
  readonly publicJwk: { readonly kty: "OKP"; readonly crv: "Ed25519"; readonly x: string };
  /** Its RFC 7638 thumbprint: the kid of the tokens it signs. */
  readonly kid: string;
}

/**
 * Generates an Ed25519 key for member tokens.
 *
 * @example const key = await generateMemberTokenKey(); await post(`/member-token-keys`, { jwk: key.publicJwk })
 */
export async function generateMemberTokenKey(): Promise<MemberTokenKey> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return keyFromPrivateJwk(privateJwk);
}

/**
 * Mints a member token for `member` in `space`, valid `ttlSeconds` (at most 900) from `now`.
 *
 * @example const token = await mintMemberToken(key, "market", memberId)
 */
export async function mintMemberToken(
  key: MemberTokenKey,
  space: string,
  member: string,
  options: { readonly ttlSeconds?: number; readonly now?: number } = {},
): Promise<string> {
  const ttl = options.ttlSeconds ?? MAX_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new RangeError(`a member token lives 1 to ${MAX_TOKEN_TTL_SECONDS} seconds, not ${ttl}`);
  }
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const signingKey = await importJWK(key.privateJwk, "EdDSA");
  return new SignJWT({})
    .setProtectedHeader({ alg: "EdDSA", typ: MEMBER_TOKEN_TYPE, kid: key.kid })
    .setSubject(member)
    .setAudience(memberTokenAudience(space))
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(signingKey);
}

/**
 * Reads a private JWK that `token keygen` wrote (untrusted file: at most 4 KiB of JSON, an Ed25519 OKP
 * key with x and d).
 *
 * @example const key = await readMemberTokenKey("keys/member-token.jwk")
 */
export async function readMemberTokenKey(path: string): Promise<MemberTokenKey> {
  const text = await readFile(path, "utf8").catch((e: unknown) => {
    throw new CliError("usage", `cannot read the key ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  });
  if (text.length > 4096) throw new CliError("usage", `${path} is larger than 4 KiB`);
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch (e) {
    throw new CliError("usage", `${path} is not JSON`, { cause: e });
  }
  if (jwk?.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || !jwk.d) {
    throw new CliError("usage", `${path} is not a private Ed25519 JWK (token keygen writes one)`);
  }
  return keyFromPrivateJwk(jwk);
}

async function keyFromPrivateJwk(jwk: JWK): Promise<MemberTokenKey> {
  const publicJwk = { kty: "OKP", crv: "Ed25519", x: String(jwk.x) } as const;
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  const privateJwk: JWK = { kty: "OKP", crv: "Ed25519", x: String(jwk.x), d: String(jwk.d) };
  return { privateJwk, publicJwk, kid };
}
