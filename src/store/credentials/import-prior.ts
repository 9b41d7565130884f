/**
 * Verifying a reputation credential a member presents to import as their prior (issue 6): every check of
 * `POST /v1/verify/credential` (signature under the issuing space's key, every disclosure, the key
 * binding signed by the holder key, expiry, status list), with this space as the audience and a nonce
 * this server gave this member (prior-nonces.ts), used once. What it returns are the facts the domain's
 * importPrior judges against the space's policy (accepted issuer, thresholds disclosed).
 *
 * Issuers are the spaces of this server: keys and status lists of other servers are not fetched
 * (verify-reputation.ts), so a credential of another server is refused as "unknown-issuer".
 */
import { createHash } from "node:crypto";
import type { ImportPrior } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { KeyVault } from "../keys/key-vault.js";
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
  const report = await verifyReputationPresentation(db, vault, {
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
