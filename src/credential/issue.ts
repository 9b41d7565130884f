/**
 * Issuing an SD-JWT VC (RFC 9901 §4, draft-ietf-oauth-sd-jwt-vc §3): the issuer signs a payload whose
 * validity and binding claims are visible and whose other claims are digests, and hands the holder the
 * compact SD-JWT `<jwt>~<d1>~…~<dN>~` with every disclosure.
 *
 * SD-JWT VC §3.2.2: iss, nbf, exp, cnf, vct, vct#integrity and status are never selectively disclosable,
 * since a verifier must see them to decide whether to trust the rest; issueSdJwt refuses to hide them and
 * requires iss, iat, exp, vct and cnf.jwk (Fabrique credentials always expire and are always bound).
 */
import { CompactSign } from "jose";
import { formatSdJwt } from "./compact.js";
import { concealClaims } from "./conceal.js";
import { CredentialError } from "./errors.js";
import { type JsonObject, ownValue } from "./json.js";
import { numericDate, stringClaim } from "./jwt.js";
import { holderJwk, type SigningKey, signingAlgorithm } from "./keys.js";
import { readStatusReference } from "./status-list-token.js";

/** The `typ` of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.2.1). */
export const SD_JWT_VC_TYP = "dc+sd-jwt";

/** Claims that SD-JWT VC §3.2.2 keeps visible. */
export const NEVER_DISCLOSABLE: ReadonlySet<string> = new Set([
  "iss",
  "nbf",
  "exp",
  "cnf",
  "vct",
  "vct#integrity",
  "status",
]);

/** What an issuer signs. */
export interface IssueInput {
  /** The issuer's private key (Ed25519 or P-256). */
  readonly issuerKey: SigningKey;
  /** The key id verifiers resolve the issuer key by. */
  readonly kid: string;
  /** Header typ; "dc+sd-jwt" unless a profile says otherwise. */
  readonly typ?: string;
  /** Always-visible claims: iss, iat, exp, vct, cnf (see confirmationClaim), optionally nbf, status. */
  readonly claims: JsonObject;
  /** Selectively disclosable top-level claims, by name. */
  readonly disclosable: JsonObject;
  /** Decoy digests to add (RFC 9901 §4.2.5), to hide how many claims there are. */
  readonly decoys?: number;
}

/**
 * Issues an SD-JWT VC and returns its compact form with all disclosures, ending in "~".
 *
 * @example
 * const sdJwt = await issueSdJwt({ issuerKey, kid: "2025-1", decoys: 4,
 *   claims: { iss, iat, exp, vct, cnf: confirmationClaim(holderJwk) },
 *   disclosable: reputationClaims({ space, memberSince, reviewCount, average }) })
 */
export async function issueSdJwt(input: IssueInput): Promise<string> {
  requireCredentialClaims(input.claims);
  requireDisclosableNames(input.disclosable);
  const { payload, disclosures } = concealClaims(
    input.claims,
    input.disclosable,
    input.decoys ?? 0,
  );
  const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({
      alg: signingAlgorithm(input.issuerKey),
      typ: input.typ ?? SD_JWT_VC_TYP,
      kid: input.kid,
    })
    .sign(input.issuerKey);
  return formatSdJwt(
    jwt,
    disclosures.map((d) => d.encoded),
  );
}

function requireCredentialClaims(claims: JsonObject): void {
  const what = "credential";
  if (stringClaim(claims, "iss", what) === undefined) throw missing("iss");
  if (stringClaim(claims, "vct", what) === undefined) throw missing("vct");
  const iat = numericDate(claims, "iat", what);
  const exp = numericDate(claims, "exp", what);
  if (iat === undefined) throw missing("iat");
  if (exp === undefined) throw missing("exp");
  if (exp <= iat) throw new CredentialError("malformed", "a credential expires after it is issued");
  holderJwk(ownValue(claims, "cnf"));
  readStatusReference(claims);
}

function requireDisclosableNames(disclosable: JsonObject): void {
  for (const name of Object.keys(disclosable)) {
    if (NEVER_DISCLOSABLE.has(name)) {
      throw new CredentialError("malformed", `claim ${name} must stay visible (SD-JWT VC §3.2.2)`);
    }
  }
}

function missing(name: string): CredentialError {
  return new CredentialError("malformed", `a credential needs the claim ${name}`);
}
