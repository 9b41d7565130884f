/**
 * What the portable-reputation tests share: a holder's Ed25519 key pair (the key a credential is bound
 * to, RFC 9901 §4.3 / cnf), and a host whose listing five raters review 5 stars, enough for the
 * threshold claims. Test helper.
 */
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from "jose";
import { memberIdFor } from "../../../../src/domain/ids.js";
import { randomBytes } from "../../../../src/log/crypto.js";
import { memberTokenMinter, type TestApp } from "../../support/app.js";
import { expectStatus, type SpaceFixture } from "./space-fixture.js";

/** A holder key pair; `jwk` holds only the public members (kty, crv, x). */
export interface Holder {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

/** @example const h = await holder(); issueSdJwt({ ..., cnf: confirmationClaim(h.jwk) }) */
export async function holder(): Promise<Holder> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const { kty, crv, x } = await exportJWK(publicKey);
  return { privateKey, jwk: { kty, crv, x } } as Holder;
}

/**
 * Five raters each review the host's listing 5 stars (one-party stays publish at once).
 *
 * @example await fiveStarHost(t, f); // f.host now qualifies for reviews_at_least_5 and rating ≥ 4.5
 */
export async function fiveStarHost(t: TestApp, f: SpaceFixture): Promise<void> {
  const base = `/v1/spaces/${f.space}`;
  const minter = await memberTokenMinter(t.db, f.space);
  const secret = randomBytes(32);
  for (let i = 0; i < 5; i++) {
    const member = memberIdFor(secret, `rater-${i}`);
    await expectStatus(t, 201, "POST", `${base}/members`, f.keys.members, {
      member,
      displayName: `r${i}`,
    });
    await expectStatus(t, 201, "POST", `${base}/interactions`, f.keys.attest, {
      interaction: `stay-r${i}`,
      occurredAt: Date.now() - 60_000,
      parties: [{ member, role: "guest", reviews: f.listing }],
    });
    await expectStatus(t, 201, "POST", `${base}/reviews`, await minter.mint(member), {
      subject: f.listing,
      interaction: `stay-r${i}`,
      overall: 5,
      text: `stay ${i}`,
    });
  }
}
