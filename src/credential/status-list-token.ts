/**
 * Status List Tokens in JWT form (draft-ietf-oauth-status-list §5.1) and the `status` claim that points a
 * credential at one entry (§6.2). Fetching the token from `uri` is the caller's job; this module signs,
 * verifies and reads. Verification follows §8.3: signature, typ "statuslist+jwt", `sub` equal to the
 * credential's `uri`, iat present, exp not passed, then the entry at `idx`.
 *
 * verifyStatusListToken parses untrusted text. Limits: MAX_STATUS_LIST_TOKEN_SIZE characters, then the
 * list limits of status-list.ts.
 */
import { CompactSign, compactVerify } from "jose";
import { CredentialError } from "./errors.js";
import { isJsonObject, type JsonObject, ownValue } from "./json.js";
import { decodeJws, numericDate, stringClaim } from "./jwt.js";
import {
  ACCEPTED_ALGORITHMS,
  type SigningKey,
  signingAlgorithm,
  type VerificationKey,
} from "./keys.js";
import {
  decodeStatusList,
  encodeStatusList,
  MAX_STATUS_LIST_TEXT,
  type StatusList,
  statusAt,
} from "./status-list.js";

/** The `typ` of a Status List Token in JWT form (§5.1). */
export const STATUS_LIST_TYP = "statuslist+jwt";

/** Longest status list token accepted, in characters. */
export const MAX_STATUS_LIST_TOKEN_SIZE = MAX_STATUS_LIST_TEXT + 4096;

/** A credential's pointer into a status list (`status.status_list`, §6.2). */
export interface StatusReference {
  readonly idx: number;
  readonly uri: string;
}

/**
 * The `status` claim for a credential at entry `idx` of the list published at `uri`.
 *
 * @example claims.status = statusClaim({ idx: 42, uri: "https://fabrique.example/status/1" })
 */
export function statusClaim(ref: StatusReference): JsonObject {
  requireIndex(ref.idx);
  return { status_list: { idx: ref.idx, uri: ref.uri } };
}

/**
 * Reads `status.status_list` from (processed) credential claims; undefined when the credential has no
 * status claim. A status claim without a well-formed status_list throws CredentialError("malformed").
 *
 * @example readStatusReference(claims) // { idx: 42, uri: "https://…/status/1" }
 */
export function readStatusReference(claims: JsonObject): StatusReference | undefined {
  const status = ownValue(claims, "status");
  if (status === undefined) return undefined;
  const ref = isJsonObject(status) ? ownValue(status, "status_list") : undefined;
  if (!isJsonObject(ref))
    throw new CredentialError("malformed", "status has no status_list object");
  const idx = ownValue(ref, "idx");
  const uri = ownValue(ref, "uri");
  if (typeof uri !== "string" || uri.length === 0) {
    throw new CredentialError("malformed", "status_list.uri is not a string");
  }
  return { idx: requireIndex(idx), uri };
}

/** What a status issuer signs. */
export interface StatusListTokenInput {
  readonly key: SigningKey;
  readonly kid?: string;
  /** The URI the token is published at: its `sub` (§5.1). */
  readonly uri: string;
  /** Unix seconds. */
  readonly issuedAt: number;
  /** Unix seconds; RECOMMENDED (§5.1). */
  readonly expiresAt?: number;
  /** Seconds a consumer may cache the token; RECOMMENDED (§5.1). */
  readonly ttl?: number;
  readonly list: StatusList;
}

/**
 * Signs a Status List Token.
 *
 * @example const token = await signStatusListToken({ key, uri, issuedAt: now, ttl: 300, list })
 */
export async function signStatusListToken(input: StatusListTokenInput): Promise<string> {
  const payload: Record<string, unknown> = {
    sub: input.uri,
    iat: input.issuedAt,
    status_list: encodeStatusList(input.list),
  };
  if (input.expiresAt !== undefined) payload.exp = input.expiresAt;
  if (input.ttl !== undefined) payload.ttl = input.ttl;
  const header = { alg: signingAlgorithm(input.key), typ: STATUS_LIST_TYP };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(input.kid === undefined ? header : { ...header, kid: input.kid })
    .sign(input.key);
}

/** What a relying party checks a status list token against. */
export interface StatusListTokenExpectations {
  /** The status issuer's key. */
  readonly key: VerificationKey;
  /** The credential's status_list.uri, which the token's sub must equal (§8.3 step 4a). */
  readonly uri: string;
  /** Unix seconds. */
  readonly now: number;
}

/**
 * Verifies a Status List Token and returns its list.
 *
 * @example const list = await verifyStatusListToken(token, { key, uri: ref.uri, now })
 */
export async function verifyStatusListToken(
  token: string,
  expect: StatusListTokenExpectations,
): Promise<StatusList> {
  if (token.length > MAX_STATUS_LIST_TOKEN_SIZE) {
    throw new CredentialError("malformed", "the status list token is too long");
  }
  const { header, payload } = decodeJws(token, "the status list token");
  try {
    await compactVerify(token, expect.key, { algorithms: [...ACCEPTED_ALGORITHMS] });
  } catch (cause) {
    throw new CredentialError("bad-signature", "the status list token does not verify", { cause });
  }
  if (ownValue(header, "typ") !== STATUS_LIST_TYP) {
    throw new CredentialError("malformed", `the status list token's typ is not ${STATUS_LIST_TYP}`);
  }
  requireSubjectAndTimes(payload, expect);
  return decodeStatusList(ownValue(payload, "status_list"));
}

/**
 * The status value of a credential's entry, read from a status list token (verified here).
 *
 * @example if ((await checkStatus(ref, token, { key, uri: ref.uri, now })) !== STATUS_VALID) reject()
 */
export async function checkStatus(
  ref: StatusReference,
  token: string,
  expect: Omit<StatusListTokenExpectations, "uri">,
): Promise<number> {
  const list = await verifyStatusListToken(token, { ...expect, uri: ref.uri });
  return statusAt(list, ref.idx);
}

function requireSubjectAndTimes(payload: JsonObject, expect: StatusListTokenExpectations): void {
  const what = "status list token";
  if (stringClaim(payload, "sub", what) !== expect.uri) {
    throw new CredentialError("malformed", "the status list token is not the one at the uri");
  }
  if (numericDate(payload, "iat", what) === undefined) {
    throw new CredentialError("malformed", "the status list token has no iat");
  }
  const exp = numericDate(payload, "exp", what);
  if (exp !== undefined && expect.now >= exp) {
    throw new CredentialError("expired", "the status list token has expired");
  }
}

function requireIndex(idx: unknown): number {
  if (typeof idx !== "number" || !Number.isSafeInteger(idx) || idx < 0) {
    throw new CredentialError("malformed", "status_list.idx is not a non-negative integer");
  }
  return idx;
}
