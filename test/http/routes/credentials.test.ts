/**
 * Portable reputation over HTTP (issue 6), on both backends: a member gets a batch of SD-JWT VCs bound
 * to their keys, each checked here as a holder would (typ, vct, cnf, status, the same number of digests
 * whatever the claims, the issuer key from /.well-known/jwt-vc-issuer); presentations disclosing one
 * claim verify at POST /v1/verify/credential, which says what they prove; a replayed nonce, another
 * nonce or audience, a tampered or foreign disclosure, a key binding by another key, an expired or a
 * revoked credential and an unknown issuer are each refused with their reason; the status list token
 * verifies and shows the revocation.
 */
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { expect, it } from "vitest";
import {
  checkStatus,
  confirmationClaim,
  createKeyBindingJwt,
  issueSdJwt,
  presentSdJwt,
  readStatusReference,
  splitSdJwt,
  statusAt,
  verifySdJwt,
  verifyStatusListToken,
} from "../../../src/credential/index.js";
import { DIGESTS, REPUTATION_VCT } from "../../../src/store/credentials/reputation-credentials.js";
import { describeBackends } from "../../store/support/backends.js";
import { type TestApp, testAppPerTest } from "../support/app.js";
import { fiveStarHost, type Holder, holder } from "./support/credential-holder.js";
import { call, expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

const ISSUER = "https://fabrique.local/v1/spaces/market";
const VERIFIER = "https://other-community.example";
const DAY = 86_400_000;

async function issue(t: TestApp, f: SpaceFixture, token: string, holders: readonly Holder[]) {
  const answer = await expectStatus(t, 201, "POST", `/v1/spaces/${f.space}/me/credentials`, token, {
    holderKeys: holders.map((h) => h.jwk),
  });
  return answer.credentials as {
    credential: string;
    statusIndex: number;
    claims: { claim: string }[];
  }[];
}

async function issuerKeys(t: TestApp) {
  const metadata = await expectStatus(t, 200, "GET", "/.well-known/jwt-vc-issuer/v1/spaces/market");
  expect(metadata.issuer).toBe(ISSUER);
  return metadata.jwks.keys as JWK[];
}

async function present(
  sdJwt: string,
  h: Holder,
  disclose: string[],
  nonce: string,
  at = Date.now(),
) {
  return presentSdJwt({
    sdJwt,
    disclose,
    holderKey: h.privateKey,
    audience: VERIFIER,
    nonce,
    issuedAt: Math.floor(at / 1000),
  });
}

async function verify(t: TestApp, presentation: string, nonce: string, audience = VERIFIER) {
  return call(t, "POST", "/v1/verify/credential", undefined, { presentation, audience, nonce });
}

function refusal(r: { status: number; body: { rule?: string } }) {
  return `${r.status} ${r.body.rule}`;
}

describeBackends("credential routes", (backend) => {
  let offset = 0;
  const current = testAppPerTest(backend, { clock: () => Date.now() + offset });

  it("issues a batch of credentials a holder can check, bound each to its key, with equal digest counts", async () => {
    offset = 0;
    const t = current();
    const f = await setUpSpace(t, "market");
    await fiveStarHost(t, f);
    const keys = await issuerKeys(t);
    const holders = [await holder(), await holder()];
    const issued = await issue(t, f, f.tokens.host, holders);
    expect(issued).toHaveLength(2);
    expect(new Set(issued.map((c) => c.statusIndex)).size).toBe(2);
    for (const [i, c] of issued.entries()) {
      const v = await verifySdJwt(c.credential, {
        issuerKeys: (iss, kid) => (iss === ISSUER ? keys.find((k) => k.kid === kid) : undefined),
        typ: "dc+sd-jwt",
        now: Math.floor(Date.now() / 1000),
      });
      expect(v.claims.vct).toBe(REPUTATION_VCT);
      expect(v.claims.cnf).toEqual(confirmationClaim(holders[i]?.jwk as JWK));
      expect(readStatusReference(v.claims)?.idx).toBe(c.statusIndex);
      expect(
        Object.keys(v.claims)
          .filter((k) => k.includes("at_least"))
          .sort(),
      ).toEqual(["rating_at_least_4", "rating_at_least_4_5", "reviews_at_least_5"]);
      expect(v.claims.space).toBe("market");
      expect((v.payload._sd as string[]).length).toBe(DIGESTS);
    }
    // The guest has no review: fewer claims, the same number of digests.
    const [bare] = await issue(t, f, f.tokens.guest, [await holder()]);
    const payload = JSON.parse(
      Buffer.from(
        splitSdJwt(bare?.credential ?? "").issuerJwt.split(".")[1] ?? "",
        "base64url",
      ).toString(),
    );
    expect(payload._sd).toHaveLength(DIGESTS);
    expect(bare?.claims.map((c) => c.claim).sort()).toEqual(["member_since", "space"]);
  });

  it("verifies a presentation once and says what it proves; refuses every broken rule with its reason", async () => {
    offset = 0;
    const t = current();
    const f = await setUpSpace(t, "market");
    await fiveStarHost(t, f);
    const h = await holder();
    const [c] = await issue(t, f, f.tokens.host, [h]);
    const sdJwt = c?.credential ?? "";

    const good = await present(sdJwt, h, ["rating_at_least_4_5"], "nonce-0001");
    const ok = await verify(t, good, "nonce-0001");
    expect(ok.status).toBe(200);
    expect(ok.body.disclosed).toEqual({ rating_at_least_4_5: true });
    expect(ok.body.space).toBe("market");
    expect(ok.body.proves).toContain("Their average rating in the space is at least 4.5.");
    expect(ok.body.status).toMatchObject({ index: c?.statusIndex, value: "valid" });
    expect(refusal(await verify(t, good, "nonce-0001"))).toBe("422 credential.replay");

    const other = await present(sdJwt, h, ["space"], "nonce-0002");
    expect(refusal(await verify(t, other, "nonce-0003"))).toBe("422 credential.wrong-nonce");
    expect(refusal(await verify(t, other, "nonce-0002", "https://elsewhere.example"))).toBe(
      "422 credential.wrong-audience",
    );

    // A disclosure changed in transit no longer matches any digest the issuer signed.
    const parts = good.split("~");
    const tampered = Buffer.from(parts[1] ?? "", "base64url")
      .toString()
      .replace("true", "false");
    parts[1] = Buffer.from(tampered).toString("base64url");
    expect(refusal(await verify(t, parts.join("~"), "nonce-0004"))).toBe(
      "422 credential.disclosure-mismatch",
    );
    // A disclosure of another credential (another member's) does not belong to this one.
    const [foreign] = await issue(t, f, f.tokens.guest, [await holder()]);
    const spaceDisclosure = splitSdJwt(foreign?.credential ?? "").disclosures[0] ?? "";
    const mixed = `${splitSdJwt(sdJwt).issuerJwt}~${spaceDisclosure}~`;
    const kbMixed = await createKeyBindingJwt({
      holderKey: h.privateKey,
      sdJwt: mixed,
      audience: VERIFIER,
      nonce: "nonce-0005",
      issuedAt: Math.floor(Date.now() / 1000),
    });
    expect(refusal(await verify(t, `${mixed}${kbMixed}`, "nonce-0005"))).toBe(
      "422 credential.disclosure-mismatch",
    );
    // A key binding by someone else's key.
    const thief = await holder();
    const stolen = await present(sdJwt, thief, ["space"], "nonce-0006");
    expect(refusal(await verify(t, stolen, "nonce-0006"))).toBe("422 credential.bad-key-binding");
    // A credential signed by an issuer this server does not know.
    const stranger = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const now = Math.floor(Date.now() / 1000);
    const forged = await issueSdJwt({
      issuerKey: stranger.privateKey,
      kid: "k",
      claims: {
        iss: "https://evil.example/v1/spaces/market",
        iat: now,
        exp: now + 3600,
        vct: REPUTATION_VCT,
        cnf: confirmationClaim(h.jwk),
      },
      disclosable: { space: "market" },
    });
    const forgedPresentation = await present(forged, h, ["space"], "nonce-0007");
    expect(refusal(await verify(t, forgedPresentation, "nonce-0007"))).toBe(
      "422 credential.unknown-issuer",
    );
    expect(refusal(await verify(t, "not~a~presentation", "nonce-0008"))).toBe(
      "400 credential.malformed",
    );
  });

  it("refuses an expired credential, and a revoked one as the status list token shows", async () => {
    offset = 0;
    const t = current();
    const f = await setUpSpace(t, "market");
    const h = await holder();
    const [a, b] = await issue(t, f, f.tokens.guest, [h, await holder()]);
    const base = `/v1/spaces/${f.space}`;
    // Another member cannot revoke, or learn about, the guest's credential; the guest can.
    expect(
      (
        await call(
          t,
          "POST",
          `${base}/credentials/${a?.statusIndex}/revocation`,
          f.tokens.other,
          {},
        )
      ).status,
    ).toBe(404);
    await expectStatus(
      t,
      200,
      "POST",
      `${base}/credentials/${a?.statusIndex}/revocation`,
      f.tokens.guest,
      { reason: "lost phone" },
    );
    const revoked = await present(a?.credential ?? "", h, ["space"], "nonce-1001");
    expect(refusal(await verify(t, revoked, "nonce-1001"))).toBe("422 credential.revoked");

    const token = (await t.app.inject({ url: `${base}/credentials/status-list` })).body;
    const keys = await issuerKeys(t);
    const uri = `${ISSUER}/credentials/status-list`;
    const nowS = Math.floor(Date.now() / 1000);
    const list = await verifyStatusListToken(token, { key: keys[0] as JWK, uri, now: nowS });
    expect(statusAt(list, a?.statusIndex ?? -1)).toBe(1);
    expect(
      await checkStatus({ idx: b?.statusIndex ?? -1, uri }, token, {
        key: keys[0] as JWK,
        now: nowS,
      }),
    ).toBe(0);

    offset = 8 * DAY;
    const late = await present(
      b?.credential ?? "",
      h,
      ["space"],
      "nonce-1002",
      Date.now() + offset,
    );
    expect(refusal(await verify(t, late, "nonce-1002"))).toBe("422 credential.expired");
    offset = 0;
  });

  it("refuses holder keys that are private, repeated or of another kind", async () => {
    offset = 0;
    const t = current();
    const f = await setUpSpace(t, "market");
    const url = `/v1/spaces/${f.space}/me/credentials`;
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const withD = await exportJWK(privateKey);
    const h = await holder();
    for (const holderKeys of [[withD], [h.jwk, h.jwk], [{ kty: "RSA", crv: "x", x: "y" }], []]) {
      const r = await call(t, "POST", url, f.tokens.guest, { holderKeys });
      expect(r.status, JSON.stringify(holderKeys)).toBe(400);
    }
    expect((await call(t, "POST", url, f.keys.admin, { holderKeys: [h.jwk] })).status).toBe(403);
  });
});
