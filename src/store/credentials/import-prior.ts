/**
 * Verifying a reputation credential a member presents to import as their prior (issue 6): every check of
 * `POST /v1/verify/credential` (signature under the issuing space's key, every disclosure, the key
 * binding signed by the holder key, expiry, status list), with this space as the audience and a nonce
 * this server gave this member (prior-nonces.ts), used once. What it returns are the facts the domain's
 * importPrior judges against the space's policy (accepted issuer, thresholds disclosed).
 *
 * Issuers are the spaces of this server, and the issuers of other servers whose keys the space's policy
 * pins (priors.accept[].keys): nothing is fetched (verify-reputation.ts), so a credential of another
 * server whose keys are not pinned is refused as "unknown-issuer", and one with a status needs the
 * issuer's status list token presented with it ("status-unavailable" otherwise).
 */
import { createHash } from "node:crypto";
import type { JWK } from "jose";
import { type ImportPrior, priorPolicy } from "../../domain/index.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import type { KeyVault } from "../keys/key-vault.js";
import { getRecord } from "../projections/sql-reader.js";
import { issuerIdentity } from "./issuer-keys.js";
import type { PriorNonces } from "./prior-nonces.js";
import { verifyReputationPresentation } from "./verify-reputation.js";

/** What a member presents. */
export interface PriorPresentation {
  readonly space: string;
  readonly member: string;
  readonly presentation: string;
  readonly nonce: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** The server's public URL (issuer identifiers and this space's audience start with it). */
  readonly issuerBase: string;
  readonly nonces: PriorNonces;
  /** The status list token of an issuer of another server, fetched by the holder. */
  readonly statusListToken?: string;
}

/**
 * The audience a key binding must name to import a prior into `space`: the space's own identifier.
 *
 * @example priorAudience("https://fabrique.example", "stays") // "https://fabrique.example/v1/spaces/stays"
 */
export function priorAudience(issuerBase: string, space: string): string {
  return issuerIdentity(issuerBase, space).issuer;
}

/**
 * Verifies a presentation for import; throws CredentialError naming the first rule broken (replay,
 * wrong-nonce, wrong-audience, expired, revoked, disclosure-mismatch, bad-signature, unknown-issuer…).
 *
 * @example const facts = await verifyPriorPresentation(db, vault, { space, member, presentation, nonce, … })
 */
export async function verifyPriorPresentation(
  db: Database,
  vault: KeyVault,
  p: PriorPresentation,
): Promise<ImportPrior> {
  p.nonces.consume(p.space, p.member, p.nonce, p.now);
  const space = await getRecord(db.kysely, "space", p.space, p.space);
  if (space === null) throw new StoreError("not-found", `no space ${p.space}`);
  const pinned = new Map<string, readonly JWK[]>();
  for (const accepted of priorPolicy(space.policy).accept) {
    if (accepted.keys !== undefined) pinned.set(accepted.issuer, accepted.keys as readonly JWK[]);
  }
  const report = await verifyReputationPresentation(db, vault, {
    pinned,
    ...(p.statusListToken === undefined ? {} : { statusListToken: p.statusListToken }),
    presentation: p.presentation,
    audience: priorAudience(p.issuerBase, p.space),
    nonce: p.nonce,
    now: p.now,
    issuerBase: p.issuerBase,
    // The nonce was used up above, once and for all; this cache only sees it once.
    replayCache: { seen: () => false },
  });
  const disclosed: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(report.disclosed)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      disclosed[name] = value;
    }
  }
  return {
    issuer: report.issuer,
    disclosed,
    credentialExpiresAt: report.expiresAt * 1000,
    holderKeyThumbprint: report.holderKeyThumbprint,
    presentationDigest: createHash("sha256").update(p.presentation).digest("base64url"),
  };
}
