/**
 * Verifying an SD-JWT+KB by RFC 9901 alone (§7.1 and §7.3), for any explicitly typed profile: the SD-JWT
 * VC verifier (verify-presentation.ts) is this with `typ` "dc+sd-jwt" and the VC rules on top, and the
 * spec's own examples (typ "example+sd-jwt") run through it unchanged.
 *
 * Key Binding is always required: Fabrique's policy is fixed per verifier, never chosen by what the
 * holder sent (§7.3 step 1), so a presentation without a KB-JWT is "bad-key-binding".
 */
import { compactVerify } from "jose";
import { type SdJwtParts, splitSdJwt } from "./compact.js";
import type { Disclosure } from "./disclosure.js";
import { CredentialError } from "./errors.js";
import { type JsonObject, ownValue } from "./json.js";
import { decodeJws, numericDate, stringClaim } from "./jwt.js";
import { verifyKeyBinding } from "./key-binding.js";
import { ACCEPTED_ALGORITHMS, holderJwk, type VerificationKey } from "./keys.js";
import { processPayload } from "./process.js";

/** Seconds of clock difference tolerated on exp, nbf and iat unless the caller says otherwise. */
export const DEFAULT_CLOCK_TOLERANCE = 30;

/**
 * Port: the key an issuer signs with, by its `iss` and the JWT header's `kid`; undefined when unknown.
 * The caller decides which issuers it trusts (a pinned list, a space's published keys).
 */
export type IssuerKeyResolver = (
  issuer: string,
  kid: string | undefined,
) => Promise<VerificationKey | undefined> | VerificationKey | undefined;

/** What a holder checks an issued SD-JWT against (RFC 9901 §7.1). */
export interface SdJwtIssuanceOptions {
  readonly issuerKeys: IssuerKeyResolver;
  /** The JWT header `typ` the profile requires (RFC 9901 §9.11: explicit typing). */
  readonly typ: string;
  /** The clock, in Unix seconds. */
  readonly now: number;
  /** Seconds of clock difference tolerated (default DEFAULT_CLOCK_TOLERANCE). */
  readonly clockTolerance?: number;
}

/** What a verifier knows and expects of a presentation (RFC 9901 §7.3). */
export interface SdJwtVerifyOptions extends SdJwtIssuanceOptions {
  readonly expectedAudience: string;
  readonly expectedNonce: string;
  /** Oldest acceptable key binding, in seconds since its iat. */
  readonly maxKbAge: number;
}

/** A verified SD-JWT: the issuer's signature holds and every disclosure belongs. */
export interface VerifiedIssuance {
  /** The issuer (`iss`) whose key verified the signature. */
  readonly issuer: string;
  /** The Issuer-signed JWT's protected header. */
  readonly header: JsonObject;
  /** The signed payload as issued (digests in place): what the issuer made always visible. */
  readonly payload: JsonObject;
  /** The Processed SD-JWT Payload: disclosed claims in place, digests and `_sd_alg` removed. */
  readonly claims: JsonObject;
  /** The disclosures, parsed, in the order given. */
  readonly disclosures: readonly Disclosure[];
}

/** A verified SD-JWT+KB. */
export interface VerifiedSdJwt extends VerifiedIssuance {
  /** The holder's public key (cnf.jwk) that signed the key binding. */
  readonly holderJwk: JsonObject;
}

/**
 * Verifies an SD-JWT as a holder receives it from the issuer (RFC 9901 §7.2 step 1, §7.1): issuer
 * signature and typ, disclosures, validity times. An SD-JWT+KB is refused ("malformed").
 *
 * @example const { claims } = await verifySdJwt(sdJwt, { issuerKeys, typ: "dc+sd-jwt", now })
 */
export async function verifySdJwt(
  sdJwt: string,
  options: SdJwtIssuanceOptions,
): Promise<VerifiedIssuance> {
  const parts = splitSdJwt(sdJwt);
  if (parts.kbJwt !== undefined) {
    throw new CredentialError("malformed", "an issued SD-JWT carries no Key Binding JWT");
  }
  return verifyIssued(parts, options);
}

/**
 * Verifies an SD-JWT+KB: issuer signature and typ, disclosures, validity times, then the key binding.
 * Throws CredentialError with the code of the first rule broken.
 *
 * @example
 * const v = await verifySdJwtKb(text, { issuerKeys, typ: "dc+sd-jwt", expectedAudience, expectedNonce,
 *   now: Math.floor(Date.now() / 1000), maxKbAge: 300 })
 */
export async function verifySdJwtKb(
  presentation: string,
  options: SdJwtVerifyOptions,
): Promise<VerifiedSdJwt> {
  const parts = splitSdJwt(presentation);
  if (parts.kbJwt === undefined) {
    throw new CredentialError("bad-key-binding", "the presentation has no Key Binding JWT");
  }
  const issued = await verifyIssued(parts, options);
  const holder = holderJwk(ownValue(issued.claims, "cnf"));
  await verifyKeyBinding(parts.kbJwt, {
    holderJwk: holder,
    sdJwt: parts.sdJwt,
    expectedAudience: options.expectedAudience,
    expectedNonce: options.expectedNonce,
    now: options.now,
    maxKbAge: options.maxKbAge,
    clockTolerance: options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE,
  });
  return { ...issued, holderJwk: holder };
}

/** RFC 9901 §7.1 steps 2–6. */
async function verifyIssued(
  parts: SdJwtParts,
  options: SdJwtIssuanceOptions,
): Promise<VerifiedIssuance> {
  const { header, payload, issuer } = await verifyIssuerJwt(parts.issuerJwt, options);
  const { claims, disclosures } = processPayload(payload, parts.disclosures);
  requireValidTimes(claims, options.now, options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE);
  return { issuer, header, payload, claims, disclosures };
}

interface VerifiedIssuerJwt {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly issuer: string;
}

/** RFC 9901 §7.1 step 2: an accepted algorithm, a valid signature by the issuer's key, the right typ. */
async function verifyIssuerJwt(
  jwt: string,
  options: SdJwtIssuanceOptions,
): Promise<VerifiedIssuerJwt> {
  const { header, payload } = decodeJws(jwt, "the Issuer-signed JWT");
  const issuer = stringClaim(payload, "iss", "credential");
  if (issuer === undefined) throw new CredentialError("malformed", "the credential has no iss");
  const kid = stringClaim(header, "kid", "credential header");
  const key = await options.issuerKeys(issuer, kid);
  if (key === undefined) {
    throw new CredentialError("unknown-issuer", `no key is known for ${issuer} (kid ${kid})`);
  }
  try {
    await compactVerify(jwt, key, { algorithms: [...ACCEPTED_ALGORITHMS] });
  } catch (cause) {
    throw new CredentialError("bad-signature", "the issuer's signature does not verify", { cause });
  }
  if (ownValue(header, "typ") !== options.typ) {
    throw new CredentialError("malformed", `the credential's typ is not ${options.typ}`);
  }
  return { header, payload, issuer };
}

/** RFC 9901 §7.1 step 6 and RFC 7519 §4.1.4–4.1.6: exp, nbf, iat, read from the processed payload. */
function requireValidTimes(claims: JsonObject, now: number, tolerance: number): void {
  const exp = numericDate(claims, "exp", "credential");
  const nbf = numericDate(claims, "nbf", "credential");
  const iat = numericDate(claims, "iat", "credential");
  if (exp !== undefined && now >= exp + tolerance) {
    throw new CredentialError("expired", "the credential has expired");
  }
  if (nbf !== undefined && now + tolerance < nbf) {
    throw new CredentialError("not-yet-valid", "the credential is not valid yet (nbf)");
  }
  if (iat !== undefined && now + tolerance < iat) {
    throw new CredentialError("not-yet-valid", "the credential is issued in the future (iat)");
  }
}
