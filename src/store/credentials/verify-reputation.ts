/**
 * Verifying a presented reputation credential on the server that issued it (issue 6,
 * `POST /v1/verify/credential`, `fabrique credential verify`): the checks of src/credential
 * (signature, disclosures, key binding, audience and nonce, expiry, then status and replay) with the
 * issuer's keys and status list read from this store, and a report of exactly what the presentation
 * proves, claim by claim, in words.
 *
 * Issuers this server knows are its own spaces (`<base>/v1/spaces/<space>`), and those whose keys the
 * caller pins (a space's accepted prior issuers, domain policy.ts); any other issuer is "unknown-issuer":
 * it does not fetch keys from URLs a caller names. Nor status lists: a pinned issuer's credential with a
 * status is checked against the status list token the holder presents with it (stapled, like an OCSP
 * response), signed by a pinned key, for the credential's status URI, and not expired.
 */
import { calculateJwkThumbprint, type JWK } from "jose";
import {
  CredentialError,
  checkStatus,
  type JsonObject,
  type ReplayCache,
  type StatusReference,
  type VerifiedCredential,
  verifySdJwtPresentation,
} from "../../credential/index.js";
import { isId } from "../../domain/shape.js";
import type { Database } from "../database.js";
import type { KeyVault } from "../keys/key-vault.js";
import { issuerIdentity, issuerJwks } from "./issuer-keys.js";
import { REPUTATION_VCT } from "./reputation-credentials.js";
import { statusAtIndex } from "./status-entries.js";

/** Oldest key binding accepted: five minutes. */
export const MAX_KB_AGE_SECONDS = 300;

/** What to verify, and against what. */
export interface PresentationCheck {
  readonly presentation: string;
  /** The verifier's identifier the key binding must name (`aud`). */
  readonly audience: string;
  /** The challenge the verifier gave the holder. */
  readonly nonce: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** The server's public URL: its spaces' issuer identifiers start with it. */
  readonly issuerBase: string;
  /** Nonces already seen (per verifier). */
  readonly replayCache: ReplayCache;
  /** Issuers of other servers whose public keys the verifier pins (issuer identifier → JWKs with kid). */
  readonly pinned?: ReadonlyMap<string, readonly JWK[]>;
  /** The status list token of a pinned issuer, presented by the holder with the credential. */
  readonly statusListToken?: string;
}

/** What a verified presentation establishes. */
export interface PresentationReport {
  readonly issuer: string;
  /** The space that issued it. */
  readonly space: string;
  readonly vct: string;
  /** Unix seconds. */
  readonly expiresAt: number;
  readonly status: { readonly index: number; readonly uri: string; readonly value: "valid" } | null;
  /** RFC 7638 thumbprint of the key that signed the key binding. */
  readonly holderKeyThumbprint: string;
  /** The disclosed claims (only those the holder chose to reveal). */
  readonly disclosed: JsonObject;
  /** One sentence per disclosed claim. */
  readonly proves: readonly string[];
}

/**
 * Verifies `check.presentation`; throws CredentialError with the code of the first rule broken.
 *
 * @example const report = await verifyReputationPresentation(db, vault, { presentation, audience, nonce, … })
 */
export async function verifyReputationPresentation(
  db: Database,
  vault: KeyVault,
  check: PresentationCheck,
): Promise<PresentationReport> {
  let space = "";
  let pinnedKeys: readonly JWK[] | undefined;
  const verified = await verifySdJwtPresentation(check.presentation, {
    issuerKeys: async (issuer, kid) => {
      pinnedKeys = check.pinned?.get(issuer);
      if (pinnedKeys !== undefined) {
        space = issuer.slice(issuer.lastIndexOf("/") + 1) || issuer;
        return pinnedKeys.find((k) => k.kid === kid);
      }
      space = spaceOfIssuer(check.issuerBase, issuer);
      const keys = await issuerJwks(db.kysely, vault, space);
      return keys.find((k) => k.kid === kid);
    },
    expectedAudience: check.audience,
    expectedNonce: check.nonce,
    now: Math.floor(check.now / 1000),
    maxKbAge: MAX_KB_AGE_SECONDS,
    replayCache: check.replayCache,
    statusCheck: (ref) =>
      pinnedKeys === undefined
        ? localStatus(db, check.issuerBase, space, ref)
        : stapledStatus(ref, check.statusListToken, pinnedKeys, Math.floor(check.now / 1000)),
  });
  if (verified.vct !== REPUTATION_VCT) {
    throw new CredentialError("malformed", `not a reputation credential (vct ${verified.vct})`);
  }
  return reportOf(verified, space);
}

/** The space of an issuer identifier of this server; "unknown-issuer" for anything else. */
function spaceOfIssuer(base: string, issuer: string): string {
  const prefix = issuerIdentity(base, "x").issuer.slice(0, -1);
  const space = issuer.startsWith(prefix) ? issuer.slice(prefix.length) : "";
  if (!isId(space)) {
    throw new CredentialError("unknown-issuer", `${issuer} is not a space of this server`);
  }
  return space;
}

async function localStatus(
  db: Database,
  base: string,
  space: string,
  ref: StatusReference,
): Promise<number> {
  if (ref.uri !== issuerIdentity(base, space).statusListUrl) {
    throw new CredentialError("unknown-issuer", `the status list ${ref.uri} is not served here`);
  }
  return statusAtIndex(db.kysely, space, ref.idx);
}

/** The status of a pinned issuer's credential, read from the status list token the holder stapled. */
async function stapledStatus(
  ref: StatusReference,
  token: string | undefined,
  keys: readonly JWK[],
  now: number,
): Promise<number> {
  if (token === undefined) {
    throw new CredentialError(
      "status-unavailable",
      `present the issuer's status list token (${ref.uri}) with the credential: this server fetches nothing`,
    );
  }
  const [header, payload] = token.split(".").map((part) => {
    try {
      return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  });
  // A token without an expiry would prove a status for ever; the issuer's own tokens expire in a day.
  if (typeof payload?.exp !== "number") {
    throw new CredentialError("malformed", "a stapled status list token must carry exp");
  }
  const key = keys.find((k) => k.kid === header?.kid);
  if (key === undefined) {
    throw new CredentialError("unknown-issuer", "the status list token is signed by no pinned key");
  }
  return checkStatus(ref, token, { key, now });
}

const VISIBLE = new Set(["iss", "iat", "exp", "nbf", "vct", "cnf", "status"]);

async function reportOf(v: VerifiedCredential, space: string): Promise<PresentationReport> {
  const disclosed = Object.fromEntries(
    Object.entries(v.claims).filter(([name]) => !VISIBLE.has(name)),
  ) as JsonObject;
  return {
    issuer: v.issuer,
    space,
    vct: v.vct,
    expiresAt: v.expiresAt,
    status:
      v.status === undefined ? null : { index: v.status.idx, uri: v.status.uri, value: "valid" },
    holderKeyThumbprint: await calculateJwkThumbprint(v.holderKey as JWK, "sha256"),
    disclosed,
    proves: [
      `The space ${space} issued this credential (signed by its issuer key, valid until ${new Date(v.expiresAt * 1000).toISOString()}, not revoked), and the presenter holds the key it was issued to.`,
      ...Object.entries(disclosed).map(([name, value]) => sentenceOf(name, value)),
    ],
  };
}

/**
 * What one claim proves, in words.
 *
 * @example sentenceOf("rating_at_least_4_5", true) // "Their average rating in the space is at least 4.5."
 */
export function sentenceOf(name: string, value: unknown): string {
  const bound = (prefix: string) => name.slice(prefix.length).replace("_", ".");
  if (name === "space") return `They are a member of the space ${String(value)}.`;
  if (name === "member_since" && typeof value === "number") {
    return `They have been a member since ${new Date(value * 1000).toISOString().slice(0, 10)}.`;
  }
  if (name.startsWith("rating_at_least_") && value === true) {
    return `Their average rating in the space is at least ${bound("rating_at_least_")}.`;
  }
  if (name.startsWith("reviews_at_least_") && value === true) {
    return `They have received at least ${bound("reviews_at_least_")} published reviews there.`;
  }
  if (name === "review_count")
    return `They have received exactly ${String(value)} published reviews there.`;
  if (name === "rating_average") return `Their average rating there is ${String(value)}.`;
  return `The issuer states ${name} = ${JSON.stringify(value)}.`;
}
