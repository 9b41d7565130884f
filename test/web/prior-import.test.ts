/**
 * The web UI's import of a prior (issue 6), its page-free parts: the claims a kept credential discloses
 * (the strongest reviews and rating bounds, nothing else), the shape check of a pasted presentation
 * (against one src/credential makes, as a wallet would), and a localized reason for every
 * refusal the server can give (every credential error code, every prior.* rule).
 */

import { exportJWK, generateKeyPair, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import type { CredentialErrorCode } from "../../src/credential/errors.js";
import { confirmationClaim, issueSdJwt, presentSdJwt } from "../../src/credential/index.js";
import { encodeBase64Url } from "../../src/domain/base64url.js";
import { en } from "../../web/src/i18n/messages-en.js";
import {
  MAX_PRESENTATION,
  priorDisclosures,
  readPastedPresentation,
  refusalReason,
} from "../../web/src/model/prior-import.js";

const claim = (name: string, value: unknown = true) => ({
  claim: name,
  value,
  disclosure: encodeBase64Url(new TextEncoder().encode(JSON.stringify(["salt", name, value]))),
});

describe("priorDisclosures", () => {
  it("chooses the strongest true reviews and rating bounds and nothing else", () => {
    const claims = [
      claim("space", "market"),
      claim("member_since", 1_700_000_000),
      claim("reviews_at_least_5"),
      claim("reviews_at_least_20"),
      claim("rating_at_least_4"),
      claim("rating_at_least_4_5"),
      claim("reviews_at_least_100", false),
    ];
    expect(priorDisclosures(claims)?.map((c) => c.claim)).toEqual([
      "reviews_at_least_20",
      "rating_at_least_4_5",
    ]);
  });

  it("says a credential without both kinds of bound cannot make a prior", () => {
    expect(priorDisclosures([claim("space", "market"), claim("reviews_at_least_5")])).toBeNull();
    expect(priorDisclosures([claim("rating_at_least_4_5")])).toBeNull();
    expect(
      priorDisclosures([claim("reviews_at_least_5"), claim("rating_at_least_4", "yes")]),
    ).toBeNull();
  });
});

describe("readPastedPresentation", () => {
  const issuerJwt = ['{"alg":"EdDSA"}', '{"iss":"x"}', "sig"]
    .map((p) => encodeBase64Url(new TextEncoder().encode(p)))
    .join(".");
  const credential = `${issuerJwt}~${claim("reviews_at_least_5").disclosure}~${claim("rating_at_least_4_5").disclosure}~`;

  it("accepts a presentation with its key binding, wrapped or not", async () => {
    const issuer = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const holder = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const { kty, crv, x } = await exportJWK(holder.publicKey);
    const now = Math.floor(Date.now() / 1000);
    const sdJwt = await issueSdJwt({
      issuerKey: issuer.privateKey,
      kid: "k1",
      decoys: 2,
      claims: {
        iss: "https://a.example/v1/spaces/market",
        iat: now,
        exp: now + 3600,
        vct: "urn:test",
        cnf: confirmationClaim({ kty, crv, x } as JWK),
      },
      disclosable: { space: "market", reviews_at_least_5: true, rating_at_least_4_5: true },
    });
    const presentation = await presentSdJwt({
      sdJwt,
      disclose: ["reviews_at_least_5", "rating_at_least_4_5"],
      holderKey: holder.privateKey,
      audience: "https://a.example/v1/spaces/stays",
      nonce: "n0nce-123",
      issuedAt: now,
    });
    expect(readPastedPresentation(presentation)).toEqual({ ok: true, presentation });
    const wrapped = `  ${presentation.replace(/(.{76})/g, "$1\r\n")}\n`;
    expect(readPastedPresentation(wrapped)).toEqual({ ok: true, presentation });
    // As issued, without the key binding: not something to present.
    expect(readPastedPresentation(sdJwt)).toEqual({
      ok: false,
      reason: "prior.paste.noKeyBinding",
    });
  });

  it("refuses what cannot be a presentation, saying why", () => {
    expect(readPastedPresentation(" \n")).toEqual({ ok: false, reason: "prior.paste.empty" });
    expect(readPastedPresentation(credential)).toEqual({
      ok: false,
      reason: "prior.paste.noKeyBinding",
    });
    expect(readPastedPresentation("hello~world")).toEqual({
      ok: false,
      reason: "prior.paste.notSdJwt",
    });
    expect(readPastedPresentation(`${issuerJwt}~bad disclosure!~${issuerJwt}`)).toEqual({
      ok: false,
      reason: "prior.paste.notSdJwt",
    });
    expect(readPastedPresentation(issuerJwt)).toEqual({
      ok: false,
      reason: "prior.paste.notSdJwt",
    });
    expect(readPastedPresentation(`${credential}${"a".repeat(MAX_PRESENTATION)}`)).toEqual({
      ok: false,
      reason: "prior.paste.tooLong",
    });
  });
});

describe("refusalReason", () => {
  it("has words for every credential error and every prior rule", () => {
    const codes: Record<CredentialErrorCode, true> = {
      malformed: true,
      "bad-signature": true,
      "unknown-issuer": true,
      "disclosure-mismatch": true,
      "bad-key-binding": true,
      "wrong-audience": true,
      "wrong-nonce": true,
      expired: true,
      "not-yet-valid": true,
      revoked: true,
      replay: true,
      "status-unavailable": true,
    };
    const rules = [
      ...Object.keys(codes).map((c) => `credential.${c}`),
      "prior.issuer-accepted",
      "prior.credential-expired",
      "prior.thresholds-disclosed",
      "prior.rating-on-scale",
      "prior.members-only",
      "member.restricted",
    ];
    for (const rule of rules) {
      const key = refusalReason(rule);
      expect(key, rule).not.toBeNull();
      expect(en[key as keyof typeof en], rule).toBeTruthy();
    }
    expect(refusalReason(undefined)).toBeNull();
    expect(refusalReason("review.own-stay")).toBeNull();
  });
});
