/**
 * Issuing reputation credentials (issue 6): SD-JWT VCs (RFC 9901, draft-ietf-oauth-sd-jwt-vc) stating
 * what a member's reviews in one space show, each claim disclosable on its own, bound to a key of the
 * holder's (cnf.jwk) and revocable through the space's status list.
 *
 * What is stated: the space, the day the member joined, and the thresholds their reviews pass (src/
 * credential reputation-claims.ts: only true ones are issued). The reviews counted are the published
 * reviews of the member and of the subjects they own (sealed, withdrawn and removed ones never count),
 * and the average is their plain mean on the space's scale: anyone holding the space's log can check it.
 *
 * Unlinkability (issue 6, "information frugality"): every credential has the same number of digests
 * (decoys fill up to DIGESTS), its own salts, a random status index and an issuance time rounded down to
 * the hour; a batch (one credential per holder key, each presented once) shares nothing a verifier could
 * link but what the holder discloses. member_since is a day, not the instant of joining.
 */
import type { JWK } from "jose";
import {
  CredentialError,
  confirmationClaim,
  DEFAULT_THRESHOLDS,
  holderJwk,
  issueSdJwt,
  type JsonObject,
  parseDisclosure,
  reputationClaims,
  splitSdJwt,
  statusClaim,
} from "../../credential/index.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import type { KeyVault } from "../keys/key-vault.js";
import { recordAccess } from "../member-data/access-log.js";
import { getRecord } from "../projections/sql-reader.js";
import { loadSpaceEvidence } from "../trust/evidence.js";
import { currentIssuerKey, issuerIdentity } from "./issuer-keys.js";
import { allocateStatusIndex } from "./status-entries.js";

/** The credential type (`vct`) of Fabrique reputation credentials. */
export const REPUTATION_VCT = "urn:fabrique:vct:reputation:1";

/** How long a credential is valid: a week (short validity; ask again for a fresh one). */
export const CREDENTIAL_VALIDITY_SECONDS = 7 * 86_400;

/** Most credentials one request issues (one per holder key). */
export const MAX_CREDENTIAL_BATCH = 10;

/** Digests in every credential, decoys included: space, member_since, every threshold, and slack. */
export const DIGESTS = 2 + DEFAULT_THRESHOLDS.rating.length + DEFAULT_THRESHOLDS.reviews.length + 3;

/** What to issue. */
export interface ReputationIssuance {
  readonly space: string;
  readonly member: string;
  /** The holders' public keys (Ed25519 or P-256 JWKs), one credential each. */
  readonly holderKeys: readonly JWK[];
  /** The server's public URL (the issuer is `<base>/v1/spaces/<space>`). */
  readonly issuerBase: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** For the access log: who asked ("member:<id>", "operator:<key>", "cli"), and through what. */
  readonly accessor: string;
  readonly resource: string;
}

/** One disclosure of an issued credential, decoded for people. */
export interface IssuedClaim {
  readonly claim: string;
  readonly value: unknown;
  readonly disclosure: string;
}

/** An issued credential. */
export interface IssuedCredential {
  /** The SD-JWT with every disclosure, ending in "~". */
  readonly sdJwt: string;
  readonly statusIndex: number;
  /** Unix seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly claims: readonly IssuedClaim[];
}

/**
 * Issues one credential per holder key. Throws StoreError("not-found") for an unknown or erased member,
 * CredentialError("malformed") for a holder key that is not a public Ed25519/P-256 JWK, for a batch
 * out of 1..MAX_CREDENTIAL_BATCH keys or a repeated key.
 *
 * @example const [c] = await issueReputationCredentials(db, vault, { space, member, holderKeys: [jwk], … })
 */
export async function issueReputationCredentials(
  db: Database,
  vault: KeyVault,
  request: ReputationIssuance,
): Promise<IssuedCredential[]> {
  const holders = checkedHolderKeys(request.holderKeys);
  const claims = await reputationOf(db, request);
  const key = await currentIssuerKey(db.kysely, vault, request.space);
  const identity = issuerIdentity(request.issuerBase, request.space);
  const iat = Math.floor(request.now / 3_600_000) * 3600;
  const exp = iat + CREDENTIAL_VALIDITY_SECONDS;
  const issued: IssuedCredential[] = [];
  for (const holder of holders) {
    const idx = await allocateStatusIndex(
      db.kysely,
      request.space,
      request.member,
      iat * 1000,
      exp * 1000,
    );
    const sdJwt = await issueSdJwt({
      issuerKey: key.privateKey,
      kid: key.kid,
      claims: {
        iss: identity.issuer,
        iat,
        exp,
        vct: REPUTATION_VCT,
        cnf: confirmationClaim(holder),
        status: statusClaim({ idx, uri: identity.statusListUrl }),
      },
      disclosable: claims,
      decoys: DIGESTS - Object.keys(claims).length,
    });
    issued.push({
      sdJwt,
      statusIndex: idx,
      issuedAt: iat,
      expiresAt: exp,
      claims: claimsOf(sdJwt),
    });
  }
  await recordAccess(db.kysely, {
    space: request.space,
    member: request.member,
    at: request.now,
    accessor: request.accessor,
    action: "credential-issued",
    resource: request.resource,
    detail: `${issued.length} credential${issued.length === 1 ? "" : "s"}: ${Object.keys(claims).join(", ")}`,
  });
  return issued;
}

function checkedHolderKeys(keys: readonly JWK[]): JsonObject[] {
  if (keys.length < 1 || keys.length > MAX_CREDENTIAL_BATCH) {
    throw new CredentialError(
      "malformed",
      `a batch holds 1 to ${MAX_CREDENTIAL_BATCH} holder keys`,
    );
  }
  // holderJwk refuses private members and other key types; the public members are what is bound.
  const holders = keys.map((k) => holderJwk({ jwk: k as JsonObject }));
  const distinct = new Set(holders.map((h) => JSON.stringify(h)));
  if (distinct.size !== holders.length) {
    throw new CredentialError("malformed", "each credential of a batch is bound to its own key");
  }
  return holders;
}

/** The disclosable claims: what the member's published reviews show. */
async function reputationOf(db: Database, r: ReputationIssuance): Promise<JsonObject> {
  const member = await getRecord(db.kysely, "member", r.space, r.member);
  if (member === null || member.erasedAt !== null) {
    throw new StoreError("not-found", `no member ${r.member} in space ${r.space}`);
  }
  const evidence = await loadSpaceEvidence(db, r.space, r.now);
  if (evidence === null) throw new StoreError("not-found", `no space ${r.space}`);
  const theirs = (subject: string) =>
    subject === r.member || evidence.subjectOwners.get(subject) === r.member;
  const ratings = evidence.reviews.filter((v) => theirs(v.subject)).map((v) => v.overall);
  const average = ratings.length === 0 ? 0 : ratings.reduce((a, b) => a + b, 0) / ratings.length;
  return reputationClaims({
    space: r.space,
    memberSince: Math.floor(member.joinedAt / 86_400_000) * 86_400,
    reviewCount: ratings.length,
    average,
  });
}

function claimsOf(sdJwt: string): IssuedClaim[] {
  return splitSdJwt(sdJwt).disclosures.flatMap((encoded) => {
    const d = parseDisclosure(encoded);
    return d.kind === "property" ? [{ claim: d.name, value: d.value, disclosure: encoded }] : [];
  });
}
