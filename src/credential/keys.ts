/**
 * Keys and algorithms. Fabrique signs credentials and key bindings with Ed25519 ("EdDSA") or P-256
 * ("ES256") only: asymmetric, no "none", no HMAC (RFC 9901 §7.1 step 2.1, RFC 8725 §3.1–3.2), and the
 * verifier pins that list instead of trusting a token's `alg`. A holder's key travels in the credential
 * as `cnf.jwk` (RFC 7800 §3.2), public members only.
 */
import type { CryptoKey, JWK, KeyObject } from "jose";
import { CredentialError } from "./errors.js";
import { isJsonObject, type JsonObject, type JsonValue, ownValue } from "./json.js";

/** Algorithms Fabrique produces. */
export type SigningAlgorithm = "EdDSA" | "ES256";

/** Algorithms accepted on verification ("Ed25519" is the fully-specified name of EdDSA over Ed25519). */
export const ACCEPTED_ALGORITHMS: readonly string[] = ["EdDSA", "Ed25519", "ES256"];

/** A private key that signs: a WebCrypto CryptoKey (jose.generateKeyPair) or a node KeyObject. */
export type SigningKey = CryptoKey | KeyObject;

/** A public key that verifies: a CryptoKey, a KeyObject or a public JWK. */
export type VerificationKey = CryptoKey | KeyObject | JWK;

/**
 * The JWS algorithm of a private key: "EdDSA" for Ed25519, "ES256" for ECDSA P-256; anything else throws
 * CredentialError("malformed").
 *
 * @example signingAlgorithm((await generateKeyPair("EdDSA")).privateKey) // "EdDSA"
 */
export function signingAlgorithm(key: SigningKey): SigningAlgorithm {
  const k = key as {
    algorithm?: { name?: string; namedCurve?: string };
    asymmetricKeyType?: string;
    asymmetricKeyDetails?: { namedCurve?: string };
  };
  const name = k.algorithm?.name ?? k.asymmetricKeyType;
  const curve = k.algorithm?.namedCurve ?? k.asymmetricKeyDetails?.namedCurve;
  if (name === "Ed25519" || name === "ed25519") return "EdDSA";
  if ((name === "ECDSA" || name === "ec") && (curve === "P-256" || curve === "prime256v1")) {
    return "ES256";
  }
  throw new CredentialError("malformed", "only Ed25519 and P-256 keys sign credentials");
}

/**
 * The `cnf` claim binding a credential to a holder's public key (RFC 7800 §3.2): a copy of the JWK
 * reduced to its public members, so a private member can never be issued by mistake.
 *
 * @example claims.cnf = confirmationClaim(await exportJWK(holder.publicKey))
 */
export function confirmationClaim(jwk: JWK): JsonObject {
  return { jwk: publicMembers(jwk as JsonObject) };
}

/**
 * Reads the holder's public JWK from a credential's `cnf` claim (untrusted until the issuer signature
 * has verified; a well-formed key is still required after). Throws CredentialError("malformed").
 *
 * @example holderJwk(payload.cnf) // { kty: "OKP", crv: "Ed25519", x: "…" }
 */
export function holderJwk(cnf: JsonValue | undefined): JsonObject {
  if (!isJsonObject(cnf))
    throw new CredentialError("malformed", "the credential has no cnf object");
  const jwk = ownValue(cnf, "jwk");
  if (!isJsonObject(jwk)) throw new CredentialError("malformed", "the credential's cnf has no jwk");
  // A credential that carries the holder's private key is broken beyond repair: refuse, never strip.
  if (ownValue(jwk, "d") !== undefined) {
    throw new CredentialError("malformed", "a holder key in cnf must not hold a private member");
  }
  return publicMembers(jwk);
}

function publicMembers(jwk: JsonObject): JsonObject {
  const kty = ownValue(jwk, "kty");
  const crv = ownValue(jwk, "crv");
  if (kty === "OKP" && crv === "Ed25519") {
    return { kty, crv, x: requireMember(jwk, "x") };
  }
  if (kty === "EC" && crv === "P-256") {
    return { kty, crv, x: requireMember(jwk, "x"), y: requireMember(jwk, "y") };
  }
  throw new CredentialError("malformed", "a holder key is an Ed25519 (OKP) or P-256 (EC) JWK");
}

function requireMember(jwk: JsonObject, name: string): string {
  const value = ownValue(jwk, name);
  if (typeof value !== "string" || value.length === 0) {
    throw new CredentialError("malformed", `a holder JWK has no "${name}"`);
  }
  return value;
}
