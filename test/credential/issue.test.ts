import { exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { splitSdJwt } from "../../src/credential/compact.js";
import { parseDisclosure } from "../../src/credential/disclosure.js";
import { issueSdJwt } from "../../src/credential/issue.js";
import type { JsonObject } from "../../src/credential/json.js";
import { decodeJws } from "../../src/credential/jwt.js";
import { confirmationClaim, holderJwk } from "../../src/credential/keys.js";
import { presentSdJwt } from "../../src/credential/present.js";
import { verifySdJwtPresentation } from "../../src/credential/verify-presentation.js";
import { asyncCodeOf, codeOf } from "./error-code.js";
import {
  EXPIRES_AT,
  ISSUED_AT,
  ISSUER,
  memoryReplayCache,
  NOW,
  VCT,
  VERIFIER,
  type World,
  world,
} from "./fixtures.js";

describe("issueSdJwt", () => {
  it("signs a dc+sd-jwt whose _sd holds each disclosure's digest plus the decoys, sorted", async () => {
    const w = await world(5);
    const parts = splitSdJwt(w.sdJwt);
    expect(w.sdJwt.endsWith("~")).toBe(true);
    expect(parts.kbJwt).toBeUndefined();
    const { header, payload } = decodeJws(parts.issuerJwt, "issued");
    expect(header).toEqual({ alg: "EdDSA", typ: "dc+sd-jwt", kid: "market-2025" });
    expect(payload._sd_alg).toBe("sha-256");
    const sd = payload._sd as string[];
    const digests = parts.disclosures.map((d) => parseDisclosure(d).digest);
    expect(sd).toHaveLength(digests.length + 5);
    expect(sd).toEqual([...sd].sort());
    for (const digest of digests) expect(sd).toContain(digest);
    expect(new Set(sd).size).toBe(sd.length);
    expect(payload.rating_at_least_4_5).toBeUndefined(); // hidden behind a digest
    expect(payload.vct).toBe(VCT);
  });

  it("issues with a P-256 key (ES256) too, and that credential verifies", async () => {
    const issuer = await generateKeyPair("ES256");
    const holder = await generateKeyPair("ES256");
    const cnf = confirmationClaim(await exportJWK(holder.publicKey));
    const sdJwt = await issueSdJwt({
      issuerKey: issuer.privateKey,
      kid: "p256",
      claims: { iss: ISSUER, iat: ISSUED_AT, exp: EXPIRES_AT, vct: VCT, cnf },
      disclosable: { reviews_at_least_20: true },
    });
    expect(decodeJws(splitSdJwt(sdJwt).issuerJwt, "issued").header.alg).toBe("ES256");
    const p = await presentSdJwt({
      sdJwt,
      disclose: ["reviews_at_least_20"],
      holderKey: holder.privateKey,
      audience: VERIFIER,
      nonce: "n",
      issuedAt: NOW,
    });
    const v = await verifySdJwtPresentation(p, {
      issuerKeys: () => issuer.publicKey,
      expectedAudience: VERIFIER,
      expectedNonce: "n",
      now: NOW,
      maxKbAge: 60,
      replayCache: memoryReplayCache(),
    });
    expect(v.claims.reviews_at_least_20).toBe(true);
  });

  describe("refuses credentials Fabrique must not issue", () => {
    let w: World;
    let claims: JsonObject;
    beforeAll(async () => {
      w = await world();
      claims = {
        iss: ISSUER,
        iat: ISSUED_AT,
        exp: EXPIRES_AT,
        vct: VCT,
        cnf: { jwk: w.holderJwk },
      };
    });
    const issue = (c: JsonObject, disclosable: JsonObject = {}, decoys = 0) =>
      asyncCodeOf(
        issueSdJwt({ issuerKey: w.issuer.privateKey, kid: "k", claims: c, disclosable, decoys }),
      );

    it("hiding a claim SD-JWT VC keeps visible", async () => {
      for (const name of ["iss", "exp", "nbf", "cnf", "vct", "status", "vct#integrity"]) {
        const { [name]: _, ...visible } = claims;
        expect(await issue(visible, { [name]: 1 })).toBe("malformed");
      }
    });

    it("without iss, iat, exp, vct or cnf.jwk, or expiring before it is issued", async () => {
      for (const name of ["iss", "iat", "exp", "vct", "cnf"]) {
        const { [name]: _, ...rest } = claims;
        expect(await issue(rest)).toBe("malformed");
      }
      expect(await issue({ ...claims, exp: ISSUED_AT })).toBe("malformed");
    });

    it("with a claim both visible and disclosable, or reserved keys in claims", async () => {
      expect(await issue(claims, { iat: 1 })).toBe("malformed");
      expect(await issue({ ...claims, _sd: ["x"] })).toBe("malformed");
      expect(await issue(claims, { nested: { "...": "x" } })).toBe("malformed");
      expect(await issue(claims, { _sd_alg: "sha-256" })).toBe("malformed");
    });

    it("with a negative or excessive number of decoys", async () => {
      expect(await issue(claims, {}, -1)).toBe("malformed");
      expect(await issue(claims, {}, 33)).toBe("malformed");
      expect(await issue(claims, {}, 32)).toBe("no error");
    });

    it("with a private key in cnf (confirmationClaim strips it; a raw one is refused)", async () => {
      const pair = await generateKeyPair("EdDSA", { extractable: true });
      const privateJwk = await exportJWK(pair.privateKey);
      expect(privateJwk.d).toBeDefined();
      expect(confirmationClaim(privateJwk)).toEqual({
        jwk: { kty: "OKP", crv: "Ed25519", x: privateJwk.x },
      });
      expect(codeOf(() => holderJwk({ jwk: { ...(privateJwk as JsonObject) } }))).toBe("malformed");
      expect(await issue({ ...claims, cnf: { jwk: { ...(privateJwk as JsonObject) } } })).toBe(
        "malformed",
      );
    });
  });
});
