/**
 * Test fixtures: an issuer, a holder and a verifier with fresh Ed25519 keys (jose.generateKeyPair), a
 * reputation credential issued the real way, and an in-memory replay cache.
 */
import { exportJWK, generateKeyPair } from "jose";
import { issueSdJwt } from "../../src/credential/issue.js";
import type { JsonObject } from "../../src/credential/json.js";
import { confirmationClaim } from "../../src/credential/keys.js";
import { reputationClaims } from "../../src/credential/reputation-claims.js";
import { statusClaim } from "../../src/credential/status-list-token.js";
import type {
  PresentationVerifyOptions,
  ReplayCache,
} from "../../src/credential/verify-presentation.js";

export const ISSUER = "https://fabrique.example/spaces/market";
export const VCT = "https://fabrique.example/credentials/reputation/v1";
export const VERIFIER = "https://other-community.example";
export const STATUS_URI = "https://fabrique.example/status/1";
export const ISSUED_AT = 1_750_000_000;
export const EXPIRES_AT = ISSUED_AT + 90 * 24 * 3600;
export const NOW = ISSUED_AT + 3600;

export type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export interface World {
  readonly issuer: KeyPair;
  readonly holder: KeyPair;
  readonly holderJwk: JsonObject;
  readonly sdJwt: string;
}

/** A member with 23 reviews averaging 4.6, whose credential sits at status list entry 7. */
export const MEMBER = {
  space: "market",
  memberSince: 1_700_000_000,
  reviewCount: 23,
  average: 4.6,
} as const;

export async function world(decoys = 4): Promise<World> {
  const issuer = await generateKeyPair("EdDSA");
  const holder = await generateKeyPair("EdDSA");
  const cnf = confirmationClaim(await exportJWK(holder.publicKey));
  const sdJwt = await issueSdJwt({
    issuerKey: issuer.privateKey,
    kid: "market-2025",
    claims: {
      iss: ISSUER,
      iat: ISSUED_AT,
      exp: EXPIRES_AT,
      vct: VCT,
      cnf,
      status: statusClaim({ idx: 7, uri: STATUS_URI }),
    },
    disclosable: reputationClaims(MEMBER),
    decoys,
  });
  return { issuer, holder, holderJwk: cnf.jwk as JsonObject, sdJwt };
}

/** Remembers every nonce it is asked about. */
export function memoryReplayCache(): ReplayCache {
  const nonces = new Set<string>();
  return {
    seen(nonce) {
      const before = nonces.has(nonce);
      nonces.add(nonce);
      return before;
    },
  };
}

export function verifierOptions(
  w: World,
  nonce: string,
  extra: Partial<PresentationVerifyOptions> = {},
): PresentationVerifyOptions {
  return {
    issuerKeys: (iss, kid) =>
      iss === ISSUER && kid === "market-2025" ? w.issuer.publicKey : undefined,
    expectedAudience: VERIFIER,
    expectedNonce: nonce,
    now: NOW,
    maxKbAge: 300,
    replayCache: memoryReplayCache(),
    ...extra,
  };
}
