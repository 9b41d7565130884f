/**
 * Imported priors over HTTP (issue 6), on both backends. A host with five 5-star reviews in "market"
 * gets a credential there and, as a newcomer in "stays" (whose policy accepts market), presents it with a
 * key binding to stays' audience and a nonce stays gave them: their subjects' prior moves toward 4.5 by
 * at most the policy's pseudo-reviews, the explanation says "reputation imported from space market:
 * ≥ 5 reviews, ≥ 4.5", and no review count changes. Refused, each with its rule: an issuer the policy does
 * not accept, a replayed nonce, a nonce never given (or given to another member), another audience, an
 * expired or revoked credential, a tampered disclosure, no thresholds disclosed. Withdrawal ends it.
 */
import { exportJWK, generateKeyPair } from "jose";
import { expect, it } from "vitest";
import {
  confirmationClaim,
  createStatusList,
  issueSdJwt,
  presentSdJwt,
  setStatus,
  signStatusListToken,
  statusClaim,
} from "../../../src/credential/index.js";
import { REPUTATION_VCT } from "../../../src/store/credentials/reputation-credentials.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { describeBackends } from "../../store/support/backends.js";
import { unzip } from "../../support/unzip.js";
import { bearer, memberTokenMinter, type TestApp, testAppPerTest } from "../support/app.js";
import { fiveStarHost, type Holder, holder } from "./support/credential-holder.js";
import { call, expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

const MARKET = "https://fabrique.local/v1/spaces/market";
const DAY = 86_400_000;

async function credentialOf(t: TestApp, f: SpaceFixture, token: string, h: Holder) {
  const answer = await expectStatus(t, 201, "POST", `/v1/spaces/${f.space}/me/credentials`, token, {
    holderKeys: [h.jwk],
  });
  return answer.credentials[0] as { credential: string; statusIndex: number };
}

async function nonceFor(t: TestApp, space: string, token: string) {
  return (await expectStatus(t, 201, "POST", `/v1/spaces/${space}/me/prior/nonce`, token)) as {
    nonce: string;
    audience: string;
    expiresAt: number;
  };
}

const THRESHOLDS = ["space", "reviews_at_least_5", "rating_at_least_4_5"];

async function presentFor(
  sdJwt: string,
  h: Holder,
  challenge: { nonce: string; audience: string },
  disclose = THRESHOLDS,
  at = Date.now(),
) {
  return presentSdJwt({
    sdJwt,
    disclose,
    holderKey: h.privateKey,
    audience: challenge.audience,
    nonce: challenge.nonce,
    issuedAt: Math.floor(at / 1000),
  });
}

function refusal(r: { status: number; body: { rule?: string } }) {
  return `${r.status} ${r.body.rule}`;
}

async function reputationOf(t: TestApp, space: string, subject: string) {
  return expectStatus(t, 200, "GET", `/v1/spaces/${space}/subjects/${subject}/reputation`);
}

describeBackends("imported priors", (backend) => {
  let offset = 0;
  const current = testAppPerTest(backend, { clock: () => Date.now() + offset });

  /** market (the host has five 5-star reviews), bazaar (not accepted), stays accepting market. */
  async function world() {
    offset = 0;
    const t = current();
    const market = await setUpSpace(t, "market");
    await fiveStarHost(t, market);
    const bazaar = await setUpSpace(t, "bazaar");
    await fiveStarHost(t, bazaar);
    const stays = await setUpSpace(t, "stays");
    await expectStatus(t, 200, "PATCH", "/v1/spaces/stays/policy", stays.adminKey, {
      priors: {
        accept: [{ issuer: MARKET, name: "market", scale: { min: 1, max: 5 } }],
        maxPseudoReviews: 5,
      },
    });
    return { t, market, bazaar, stays };
  }

  it("imports a credential of an accepted space as the newcomer's prior, shown as such and never as reviews", async () => {
    const { t, market, stays } = await world();
    const before = await reputationOf(t, "stays", stays.listing);
    expect(before.importedPrior).toBeUndefined();
    const summaryBefore = await expectStatus(
      t,
      200,
      "GET",
      `/v1/spaces/stays/subjects/${stays.listing}/summary`,
    );

    const h = await holder();
    const { credential } = await credentialOf(t, market, market.tokens.host, h);
    const challenge = await nonceFor(t, "stays", stays.tokens.host);
    expect(challenge.audience).toBe("https://fabrique.local/v1/spaces/stays");
    const imported = await expectStatus(
      t,
      201,
      "POST",
      "/v1/spaces/stays/me/prior",
      stays.tokens.host,
      { presentation: await presentFor(credential, h, challenge), nonce: challenge.nonce },
    );
    expect(imported).toMatchObject({
      issuer: MARKET,
      source: "market",
      reviewsAtLeast: 5,
      ratingAtLeast: 4.5,
    });
    expect(imported.receipts).toHaveLength(1);

    const after = await reputationOf(t, "stays", stays.listing);
    expect(after.importedPrior).toMatchObject({
      issuer: MARKET,
      weight: 5,
      fullWeight: 5,
      mean: 4.5,
      text: expect.stringMatching(/^reputation imported from space market: ≥ 5 reviews, ≥ 4.5 /),
    });
    expect(after.prior.strength).toBe(before.prior.strength + 5);
    expect(after.prior.mean).toBeCloseTo(
      (before.prior.strength * before.prior.mean + 5 * 4.5) / (before.prior.strength + 5),
      9,
    );
    expect(after.provenance.params.priorMean).toBe(before.provenance.params.priorMean);
    expect(after.count).toBe(before.count);
    expect(after.contributions).toEqual(before.contributions);
    // The host's own member subject carries it too; the guest's does not.
    expect((await reputationOf(t, "stays", stays.host)).importedPrior?.weight).toBe(5);
    expect((await reputationOf(t, "stays", stays.guest)).importedPrior).toBeUndefined();
    // Review counts, distribution and lists are the space's own.
    const summaryAfter = await expectStatus(
      t,
      200,
      "GET",
      `/v1/spaces/stays/subjects/${stays.listing}/summary`,
    );
    expect(summaryAfter).toEqual(summaryBefore);

    const mine = await expectStatus(t, 200, "GET", "/v1/spaces/stays/me/prior", stays.tokens.host);
    expect(mine.prior).toMatchObject({ prior: imported.prior, issuer: MARKET, reviewsAtLeast: 5 });
    expect(
      (await expectStatus(t, 200, "GET", "/v1/spaces/stays/me/prior", stays.tokens.guest)).prior,
    ).toBeNull();

    // The member's export says so in derived/reputation.json, beside the score it moved.
    await sealSpace(t.db, t.signers, "stays");
    const archive = await t.app.inject({
      url: "/v1/spaces/stays/me",
      headers: bearer(stays.tokens.host),
    });
    expect(archive.statusCode).toBe(200);
    const derived = JSON.parse(
      (await unzip(archive.rawPayload)).get("derived/reputation.json")?.toString("utf8") ?? "{}",
    );
    const exported = derived.records.find(
      (r: { itemReviewed: { identifier: string } }) => r.itemReviewed.identifier === stays.listing,
    );
    expect(exported.importedPrior).toMatchObject({ issuer: MARKET, weight: 5, reviewsAtLeast: 5 });
    expect(exported.ratingCount).toBe(after.count);
    expect(exported.principles.join(" ")).toContain(
      "reputation imported from space market: ≥ 5 reviews, ≥ 4.5",
    );

    // Another member cannot withdraw it; its member can, once.
    const url = "/v1/spaces/stays/me/prior/withdrawal";
    expect(refusal(await call(t, "POST", url, stays.tokens.guest, { prior: imported.prior }))).toBe(
      "404 prior.exists",
    );
    await expectStatus(t, 200, "POST", url, stays.tokens.host, { prior: imported.prior });
    expect((await reputationOf(t, "stays", stays.listing)).importedPrior).toBeUndefined();
    expect((await reputationOf(t, "stays", stays.listing)).prior).toEqual(before.prior);
    expect(refusal(await call(t, "POST", url, stays.tokens.host, { prior: imported.prior }))).toBe(
      "404 prior.exists",
    );
  });

  it("stops counting an issuer the policy no longer accepts", async () => {
    const { t, market, stays } = await world();
    const h = await holder();
    const { credential } = await credentialOf(t, market, market.tokens.host, h);
    const challenge = await nonceFor(t, "stays", stays.tokens.host);
    await expectStatus(t, 201, "POST", "/v1/spaces/stays/me/prior", stays.tokens.host, {
      presentation: await presentFor(credential, h, challenge),
      nonce: challenge.nonce,
    });
    expect((await reputationOf(t, "stays", stays.listing)).importedPrior?.weight).toBe(5);
    await expectStatus(t, 200, "PATCH", "/v1/spaces/stays/policy", stays.adminKey, {
      priors: {
        accept: [{ issuer: MARKET, name: "market", scale: { min: 1, max: 5 } }],
        maxPseudoReviews: 2,
      },
    });
    expect((await reputationOf(t, "stays", stays.listing)).importedPrior?.weight).toBe(2);
    await expectStatus(t, 200, "PATCH", "/v1/spaces/stays/policy", stays.adminKey, {
      priors: { accept: [], maxPseudoReviews: 2 },
    });
    expect((await reputationOf(t, "stays", stays.listing)).importedPrior).toBeUndefined();
  });

  it("refuses what does not verify or what the policy does not accept, each naming the rule", async () => {
    const { t, market, bazaar, stays } = await world();
    const url = "/v1/spaces/stays/me/prior";
    const token = stays.tokens.host;
    const h = await holder();
    const { credential, statusIndex } = await credentialOf(t, market, market.tokens.host, h);

    // An issuer the policy does not accept (another space of this server).
    const hb = await holder();
    const fromBazaar = await credentialOf(t, bazaar, bazaar.tokens.host, hb);
    let c = await nonceFor(t, "stays", token);
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(fromBazaar.credential, hb, c),
          nonce: c.nonce,
        }),
      ),
    ).toBe("422 prior.issuer-accepted");

    // A replayed nonce: the presentation verified once (and was refused by policy above); again, no.
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(credential, h, c),
          nonce: c.nonce,
        }),
      ),
    ).toBe("422 credential.replay");

    // A nonce this space never gave, and one it gave to another member.
    const made = { nonce: "made-up-nonce-123", audience: c.audience };
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(credential, h, made),
          nonce: made.nonce,
        }),
      ),
    ).toBe("422 credential.wrong-nonce");
    const guests = await nonceFor(t, "stays", stays.tokens.guest);
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(credential, h, guests),
          nonce: guests.nonce,
        }),
      ),
    ).toBe("422 credential.wrong-nonce");

    // A key binding for another verifier.
    c = await nonceFor(t, "stays", token);
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(credential, h, {
            nonce: c.nonce,
            audience: "https://other.example",
          }),
          nonce: c.nonce,
        }),
      ),
    ).toBe("422 credential.wrong-audience");

    // A disclosure changed in transit.
    c = await nonceFor(t, "stays", token);
    const parts = (await presentFor(credential, h, c)).split("~");
    const tampered = Buffer.from(parts[1] ?? "", "base64url")
      .toString()
      .replace("true", "false")
      .replace('"market"', '"marked"');
    parts[1] = Buffer.from(tampered).toString("base64url");
    expect(
      refusal(await call(t, "POST", url, token, { presentation: parts.join("~"), nonce: c.nonce })),
    ).toBe("422 credential.disclosure-mismatch");

    // Only the space disclosed: nothing for a prior to stand on.
    c = await nonceFor(t, "stays", token);
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(credential, h, c, ["space"]),
          nonce: c.nonce,
        }),
      ),
    ).toBe("422 prior.thresholds-disclosed");

    // Expired: a week and a day later (the nonce asked then too).
    offset = 8 * DAY;
    const later = await (await memberTokenMinter(t.db, "stays", () => Date.now() + offset)).mint(
      stays.host,
    );
    c = await nonceFor(t, "stays", later);
    expect(
      refusal(
        await call(t, "POST", url, later, {
          presentation: await presentFor(credential, h, c, THRESHOLDS, Date.now() + offset),
          nonce: c.nonce,
        }),
      ),
    ).toBe("422 credential.expired");
    offset = 0;

    // Revoked by its holder in the issuing space.
    await expectStatus(
      t,
      200,
      "POST",
      `/v1/spaces/market/credentials/${statusIndex}/revocation`,
      market.tokens.host,
      {},
    );
    c = await nonceFor(t, "stays", token);
    expect(
      refusal(
        await call(t, "POST", url, token, {
          presentation: await presentFor(credential, h, c),
          nonce: c.nonce,
        }),
      ),
    ).toBe("422 credential.revoked");

    // Nothing was imported by any of these.
    expect(
      (await expectStatus(t, 200, "GET", "/v1/spaces/stays/me/prior", token)).prior,
    ).toBeNull();
    expect((await reputationOf(t, "stays", stays.listing)).importedPrior).toBeUndefined();
  });

  it("lets each own review replace one imported pseudo-review", async () => {
    const { t, market, stays } = await world();
    const h = await holder();
    const { credential } = await credentialOf(t, market, market.tokens.host, h);
    const challenge = await nonceFor(t, "stays", stays.tokens.host);
    await expectStatus(t, 201, "POST", "/v1/spaces/stays/me/prior", stays.tokens.host, {
      presentation: await presentFor(credential, h, challenge),
      nonce: challenge.nonce,
    });
    await fiveStarHost(t, stays);
    const r = await reputationOf(t, "stays", stays.listing);
    expect(r.count).toBe(5);
    expect(r.importedPrior).toMatchObject({ fullWeight: 5, weight: 0 });
    expect(r.importedPrior.text).toContain("no longer counted");
  });

  it("accepts an issuer of another server by the keys the policy pins, with its status list token presented", async () => {
    const { t, stays } = await world();
    const other = "https://other-fabrique.example/v1/spaces/market";
    const statusUri = `${other}/credentials/status-list`;
    const issuer = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const { kty, crv, x } = await exportJWK(issuer.publicKey);
    await expectStatus(t, 200, "PATCH", "/v1/spaces/stays/policy", stays.adminKey, {
      priors: {
        accept: [
          {
            issuer: other,
            name: "market",
            scale: { min: 1, max: 5 },
            keys: [{ kty, crv, x, kid: "k1" }],
          },
        ],
        maxPseudoReviews: 3,
      },
    });
    const now = Math.floor(Date.now() / 1000);
    const h = await holder();
    const credentialOf = (iss: string, key = issuer.privateKey) =>
      issueSdJwt({
        issuerKey: key,
        kid: "k1",
        claims: {
          iss,
          iat: now,
          exp: now + 86_400,
          vct: REPUTATION_VCT,
          cnf: confirmationClaim(h.jwk),
          status: statusClaim({ idx: 3, uri: statusUri }),
        },
        disclosable: { space: "market", reviews_at_least_20: true, rating_at_least_4_5: true },
      });
    const token = (list = createStatusList(16), key = issuer.privateKey) =>
      signStatusListToken({
        key,
        kid: "k1",
        uri: statusUri,
        issuedAt: now,
        expiresAt: now + 3600,
        list,
      });
    const url = "/v1/spaces/stays/me/prior";
    const send = async (credential: string, statusListToken?: string) => {
      const c = await nonceFor(t, "stays", stays.tokens.host);
      return call(t, "POST", url, stays.tokens.host, {
        presentation: await presentFor(credential, h, c, [
          "space",
          "reviews_at_least_20",
          "rating_at_least_4_5",
        ]),
        nonce: c.nonce,
        ...(statusListToken === undefined ? {} : { statusListToken }),
      });
    };
    const credential = await credentialOf(other);
    expect(refusal(await send(credential))).toBe("422 credential.status-unavailable");
    const stranger = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    expect(refusal(await send(credential, await token(undefined, stranger.privateKey)))).toBe(
      "422 credential.bad-signature",
    );
    expect(refusal(await send(credential, await token(setStatus(createStatusList(16), 3))))).toBe(
      "422 credential.revoked",
    );
    expect(
      refusal(
        await send(await credentialOf("https://unpinned.example/v1/spaces/market"), await token()),
      ),
    ).toBe("422 credential.unknown-issuer");
    expect(refusal(await send(await credentialOf(other, stranger.privateKey), await token()))).toBe(
      "422 credential.bad-signature",
    );

    const imported = await send(credential, await token());
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ issuer: other, reviewsAtLeast: 20, ratingAtLeast: 4.5 });
    expect((await reputationOf(t, "stays", stays.listing)).importedPrior).toMatchObject({
      issuer: other,
      weight: 3,
    });
  });
});
