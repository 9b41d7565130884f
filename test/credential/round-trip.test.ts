import { CompactSign, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { formatSdJwt, splitSdJwt } from "../../src/credential/compact.js";
import { concealClaims } from "../../src/credential/conceal.js";
import { createPropertyDisclosure } from "../../src/credential/disclosure.js";
import { issueSdJwt } from "../../src/credential/issue.js";
import { createKeyBindingJwt } from "../../src/credential/key-binding.js";
import { presentSdJwt, selectDisclosures } from "../../src/credential/present.js";
import { createStatusList, setStatus } from "../../src/credential/status-list.js";
import {
  checkStatus,
  signStatusListToken,
  statusClaim,
} from "../../src/credential/status-list-token.js";
import { verifySdJwtPresentation } from "../../src/credential/verify-presentation.js";
import { asyncCodeOf } from "./error-code.js";
import {
  EXPIRES_AT,
  ISSUER,
  NOW,
  STATUS_URI,
  VCT,
  VERIFIER,
  verifierOptions,
  type World,
  world,
} from "./fixtures.js";

const NONCE = "n-0S6_WzA2Mj";

function present(w: World, disclose: readonly string[], o: { nonce?: string; iat?: number } = {}) {
  return presentSdJwt({
    sdJwt: w.sdJwt,
    disclose,
    holderKey: w.holder.privateKey,
    audience: VERIFIER,
    nonce: o.nonce ?? NONCE,
    issuedAt: o.iat ?? NOW - 10,
  });
}

/** A presentation the holder signs over whatever SD-JWT text it chooses (to isolate one fault). */
async function signedBy(w: World, sdJwt: string, holderKey = w.holder.privateKey) {
  const kb = await createKeyBindingJwt({
    holderKey,
    sdJwt,
    audience: VERIFIER,
    nonce: NONCE,
    issuedAt: NOW - 10,
  });
  return `${sdJwt}${kb}`;
}

describe("issue → present → verify (Ed25519 issuer and holder)", () => {
  it("verifies and reveals exactly the chosen claims", async () => {
    const w = await world();
    const v = await verifySdJwtPresentation(
      await present(w, ["rating_at_least_4_5", "space"]),
      verifierOptions(w, NONCE),
    );
    expect(v.issuer).toBe(ISSUER);
    expect(v.vct).toBe(VCT);
    expect(v.expiresAt).toBe(EXPIRES_AT);
    expect(v.holderKey).toEqual(w.holderJwk);
    expect(v.status).toEqual({ idx: 7, uri: STATUS_URI });
    expect(v.claims.rating_at_least_4_5).toBe(true);
    expect(v.claims.space).toBe("market");
    for (const hidden of ["rating_at_least_4", "reviews_at_least_20", "member_since", "_sd"]) {
      expect(Object.keys(v.claims)).not.toContain(hidden);
    }
  });

  it("verifies a presentation that reveals nothing beyond the visible claims", async () => {
    const w = await world(0);
    const v = await verifySdJwtPresentation(await present(w, []), verifierOptions(w, NONCE));
    expect(Object.keys(v.claims).sort()).toEqual(["cnf", "exp", "iat", "iss", "status", "vct"]);
  });

  it("verifies with decoys, which stay invisible and do not count as claims", async () => {
    const w = await world(12);
    const all = ["space", "member_since", "rating_at_least_4", "rating_at_least_4_5"];
    const disclose = [...all, "reviews_at_least_5", "reviews_at_least_20"];
    const v = await verifySdJwtPresentation(await present(w, disclose), verifierOptions(w, NONCE));
    expect(
      Object.keys(v.claims)
        .filter((k) => disclose.includes(k))
        .sort(),
    ).toEqual([...disclose].sort());
    expect(splitSdJwt(w.sdJwt).disclosures).toHaveLength(disclose.length);
  });
});

describe("verifySdJwtPresentation refuses, each fault with its own code", () => {
  it("a tampered disclosure (value changed, holder re-signs): disclosure-mismatch", async () => {
    const w = await world();
    const parts = splitSdJwt(selectDisclosures(w.sdJwt, ["space"]));
    const original = parts.disclosures[0] as string;
    const json = Buffer.from(original, "base64url").toString("utf8").replace('"market"', '"elite"');
    const forged = Buffer.from(json, "utf8").toString("base64url");
    const p = await signedBy(w, formatSdJwt(parts.issuerJwt, [forged]));
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "disclosure-mismatch",
    );
  });

  it("a disclosure whose digest is not in the payload: disclosure-mismatch", async () => {
    const w = await world();
    const parts = splitSdJwt(w.sdJwt);
    const extra = createPropertyDisclosure("reviews_at_least_100", true).encoded;
    const p = await signedBy(w, formatSdJwt(parts.issuerJwt, [extra]));
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "disclosure-mismatch",
    );
  });

  it("a disclosure from another credential of the same member: disclosure-mismatch", async () => {
    const w = await world();
    const other = await world();
    const theirs = splitSdJwt(other.sdJwt).disclosures[0] as string;
    const p = await signedBy(w, formatSdJwt(splitSdJwt(w.sdJwt).issuerJwt, [theirs]));
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "disclosure-mismatch",
    );
  });

  it("a duplicated disclosure: disclosure-mismatch", async () => {
    const w = await world();
    const parts = splitSdJwt(selectDisclosures(w.sdJwt, ["space"]));
    const d = parts.disclosures[0] as string;
    const p = await signedBy(w, formatSdJwt(parts.issuerJwt, [d, d]));
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "disclosure-mismatch",
    );
  });

  it("a key binding signed by another key than cnf.jwk: bad-key-binding", async () => {
    const w = await world();
    const thief = await generateKeyPair("EdDSA");
    const p = await signedBy(w, selectDisclosures(w.sdJwt, ["space"]), thief.privateKey);
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "bad-key-binding",
    );
  });

  it("a key binding over other disclosures (wrong sd_hash): bad-key-binding", async () => {
    const w = await world();
    const signed = await signedBy(w, selectDisclosures(w.sdJwt, ["space"]));
    const kb = splitSdJwt(signed).kbJwt as string;
    const p = `${selectDisclosures(w.sdJwt, ["space", "rating_at_least_4_5"])}${kb}`;
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "bad-key-binding",
    );
  });

  it("no key binding at all: bad-key-binding", async () => {
    const w = await world();
    const p = selectDisclosures(w.sdJwt, ["space"]);
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "bad-key-binding",
    );
  });

  it("another audience: wrong-audience; another nonce: wrong-nonce", async () => {
    const w = await world();
    const p = await present(w, ["space"]);
    const opts = verifierOptions(w, NONCE);
    const audience = { ...opts, expectedAudience: "https://third.example" };
    expect(await asyncCodeOf(verifySdJwtPresentation(p, audience))).toBe("wrong-audience");
    const nonce = { ...opts, expectedNonce: "another-nonce" };
    expect(await asyncCodeOf(verifySdJwtPresentation(p, nonce))).toBe("wrong-nonce");
  });

  it("the same nonce twice: replay (the first use succeeds)", async () => {
    const w = await world();
    const opts = verifierOptions(w, NONCE);
    const p = await present(w, ["space"]);
    expect(await asyncCodeOf(verifySdJwtPresentation(p, opts))).toBe("no error");
    expect(await asyncCodeOf(verifySdJwtPresentation(p, opts))).toBe("replay");
    const again = await present(w, ["rating_at_least_4"]);
    expect(await asyncCodeOf(verifySdJwtPresentation(again, opts))).toBe("replay");
  });

  it("a refused presentation does not consume its nonce", async () => {
    const w = await world();
    const opts = verifierOptions(w, NONCE);
    const stale = await present(w, ["space"], { iat: NOW - 3600 });
    expect(await asyncCodeOf(verifySdJwtPresentation(stale, opts))).toBe("expired");
    expect(await asyncCodeOf(verifySdJwtPresentation(await present(w, ["space"]), opts))).toBe(
      "no error",
    );
  });

  it("an expired credential: expired; one not yet valid: not-yet-valid", async () => {
    const w = await world();
    const late = EXPIRES_AT + 120;
    const afterExpiry = await present(w, ["space"], { iat: late - 10 });
    const lateOpts = verifierOptions(w, NONCE, { now: late });
    expect(await asyncCodeOf(verifySdJwtPresentation(afterExpiry, lateOpts))).toBe("expired");
    const early = await present(w, ["space"], { iat: 1_600_000_000 });
    const earlyOpts = verifierOptions(w, NONCE, { now: 1_600_000_000 });
    expect(await asyncCodeOf(verifySdJwtPresentation(early, earlyOpts))).toBe("not-yet-valid");
  });

  it("a key binding from the future: not-yet-valid", async () => {
    const w = await world();
    const p = await present(w, ["space"], { iat: NOW + 600 });
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "not-yet-valid",
    );
  });

  it("an unknown issuer: unknown-issuer; another key for the issuer: bad-signature", async () => {
    const w = await world();
    const p = await present(w, ["space"]);
    const unknown = verifierOptions(w, NONCE, { issuerKeys: () => undefined });
    expect(await asyncCodeOf(verifySdJwtPresentation(p, unknown))).toBe("unknown-issuer");
    const impostor = await generateKeyPair("EdDSA");
    const wrongKey = verifierOptions(w, NONCE, { issuerKeys: () => impostor.publicKey });
    expect(await asyncCodeOf(verifySdJwtPresentation(p, wrongKey))).toBe("bad-signature");
  });

  it("a credential whose entry in the status list is revoked or suspended: revoked", async () => {
    const w = await world();
    const statusKey = await generateKeyPair("EdDSA");
    const tokenFor = (list: ReturnType<typeof createStatusList>) =>
      signStatusListToken({ key: statusKey.privateKey, uri: STATUS_URI, issuedAt: NOW - 60, list });
    const fresh = createStatusList(1024, 2);
    const tokens = {
      valid: await tokenFor(setStatus(fresh, 8)), // a neighbour is revoked, not us (idx 7)
      revoked: await tokenFor(setStatus(fresh, 7, 1)),
      suspended: await tokenFor(setStatus(fresh, 7, 2)),
    };
    const verifyWith = async (token: string) => {
      const p = await present(w, ["space"]);
      const statusCheck = (ref: { idx: number; uri: string }) =>
        checkStatus(ref, token, { key: statusKey.publicKey, now: NOW });
      return asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE, { statusCheck })));
    };
    expect(await verifyWith(tokens.valid)).toBe("no error");
    expect(await verifyWith(tokens.revoked)).toBe("revoked");
    expect(await verifyWith(tokens.suspended)).toBe("revoked");
  });

  it("a credential whose issuer made status disclosable, disclosed: malformed", async () => {
    const w = await world();
    const { payload, disclosures } = concealClaims(
      { iss: ISSUER, iat: NOW - 60, exp: NOW + 60, vct: VCT, cnf: { jwk: w.holderJwk } },
      { status: statusClaim({ idx: 7, uri: STATUS_URI }) },
    );
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: "EdDSA", typ: "dc+sd-jwt", kid: "market-2025" })
      .sign(w.issuer.privateKey);
    const sdJwt = formatSdJwt(
      jwt,
      disclosures.map((d) => d.encoded),
    );
    const p = await signedBy(w, sdJwt);
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "malformed",
    );
  });

  it("an SD-JWT of another type (typ is not dc+sd-jwt): malformed", async () => {
    const w = await world();
    const clean = await issueSdJwt({
      issuerKey: w.issuer.privateKey,
      kid: "market-2025",
      typ: "example+sd-jwt",
      claims: { iss: ISSUER, iat: NOW - 60, exp: NOW + 60, vct: VCT, cnf: { jwk: w.holderJwk } },
      disclosable: { space: "market" },
    });
    const p = await presentSdJwt({
      sdJwt: clean,
      disclose: ["space"],
      holderKey: w.holder.privateKey,
      audience: VERIFIER,
      nonce: NONCE,
      issuedAt: NOW - 10,
    });
    expect(await asyncCodeOf(verifySdJwtPresentation(p, verifierOptions(w, NONCE)))).toBe(
      "malformed",
    );
  });
});
