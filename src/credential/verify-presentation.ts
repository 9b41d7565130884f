/**
 * Verifying an SD-JWT VC presentation (draft-ietf-oauth-sd-jwt-vc §3, RFC 9901 §7.3): the RFC 9901
 * checks of verify-sd-jwt.ts with typ "dc+sd-jwt", then the VC rules (vct and exp present, and like
 * status visible in the signed payload rather than disclosed), the status list entry (when the caller
 * can check it) and, last, the nonce against a replay cache, so that only a presentation that passed
 * every other check consumes its nonce.
 */
import { CredentialError } from "./errors.js";
import { NEVER_DISCLOSABLE, SD_JWT_VC_TYP } from "./issue.js";
import type { JsonObject } from "./json.js";
import { numericDate, stringClaim } from "./jwt.js";
import { STATUS_SUSPENDED, STATUS_VALID } from "./status-list.js";
import { readStatusReference, type StatusReference } from "./status-list-token.js";
import { type IssuerKeyResolver, verifySdJwtKb } from "./verify-sd-jwt.js";

/**
 * Port: remembers nonces. `seen` records the nonce and returns true when it had been recorded before.
 * A verifier keeps nonces at least as long as maxKbAge, after which the key binding has expired anyway.
 */
export interface ReplayCache {
  seen(nonce: string): boolean | Promise<boolean>;
}

/**
 * Port: the current status value (draft-ietf-oauth-status-list §7) of a credential's status list entry,
 * e.g. `(ref) => checkStatus(ref, await fetchToken(ref.uri), { key, now })`. Throws when no statement
 * can be made (§8.3); the credential is then refused with that error.
 */
export type StatusCheck = (ref: StatusReference) => Promise<number> | number;

/** What a verifier knows and expects. */
export interface PresentationVerifyOptions {
  readonly issuerKeys: IssuerKeyResolver;
  readonly expectedAudience: string;
  readonly expectedNonce: string;
  /** The verifier's clock, in Unix seconds. */
  readonly now: number;
  /** Oldest acceptable key binding, in seconds since its iat. */
  readonly maxKbAge: number;
  readonly replayCache: ReplayCache;
  /** Checks the status list entry of credentials that have one; without it, status is not checked. */
  readonly statusCheck?: StatusCheck;
  /** Seconds of clock difference tolerated (default 30). */
  readonly clockTolerance?: number;
}

/** A verified credential presentation. */
export interface VerifiedCredential {
  /** The processed payload: visible claims and the disclosed ones; undisclosed claims are absent. */
  readonly claims: JsonObject;
  readonly issuer: string;
  /** The credential type (`vct`). */
  readonly vct: string;
  /** The holder's public JWK (cnf.jwk), which signed the key binding. */
  readonly holderKey: JsonObject;
  /** Unix seconds. */
  readonly expiresAt: number;
  /** Where the credential's status is published, if it has a status claim. */
  readonly status: StatusReference | undefined;
}

/**
 * Verifies an SD-JWT VC presentation; throws CredentialError with the code of the first rule broken.
 *
 * @example
 * const v = await verifySdJwtPresentation(text, { issuerKeys, expectedAudience: "https://market.example",
 *   expectedNonce: nonce, now: Math.floor(Date.now() / 1000), maxKbAge: 300, replayCache })
 * v.claims.rating_at_least_4_5 // true
 */
export async function verifySdJwtPresentation(
  presentation: string,
  options: PresentationVerifyOptions,
): Promise<VerifiedCredential> {
  const verified = await verifySdJwtKb(presentation, { ...options, typ: SD_JWT_VC_TYP });
  const { claims, payload } = verified;
  requireVisible(payload, claims);
  const vct = stringClaim(payload, "vct", "credential");
  if (vct === undefined) throw new CredentialError("malformed", "the credential has no vct");
  const expiresAt = numericDate(payload, "exp", "credential");
  if (expiresAt === undefined) throw new CredentialError("malformed", "the credential has no exp");
  const status = readStatusReference(payload);
  if (status !== undefined && options.statusCheck !== undefined) {
    requireValidStatus(await options.statusCheck(status));
  }
  if (await options.replayCache.seen(options.expectedNonce)) {
    throw new CredentialError("replay", "this nonce was already used");
  }
  return { claims, issuer: verified.issuer, vct, holderKey: verified.holderJwk, expiresAt, status };
}

/**
 * SD-JWT VC §3.2.2: iss, nbf, exp, cnf, vct, vct#integrity and status are never selectively disclosed. A
 * holder could otherwise withhold a disclosable `status` and dodge revocation, so a credential whose
 * issuer hid one of them is refused, whether or not the holder disclosed it.
 */
function requireVisible(payload: JsonObject, claims: JsonObject): void {
  for (const name of NEVER_DISCLOSABLE) {
    if (Object.hasOwn(claims, name) && !Object.hasOwn(payload, name)) {
      throw new CredentialError("malformed", `claim ${name} must not be selectively disclosable`);
    }
  }
}

function requireValidStatus(value: number): void {
  if (value === STATUS_VALID) return;
  const what = value === STATUS_SUSPENDED ? "suspended" : `not valid (status ${value})`;
  throw new CredentialError("revoked", `the credential is ${what}`);
}
