/**
 * `fabrique audit recompute` with an imported prior (issue 6): a newcomer of the audited space imports
 * their reputation from another space of the same server, and every served reputation, theirs included,
 * is recomputed from the public log alone (prior.imported's public part and the logged policy): on
 * request, from the stored scores, and after the policy changes the bound. A served import the log
 * does not give is a difference.
 */
import { exportJWK, generateKeyPair } from "jose";
import { afterEach, beforeEach, expect, it } from "vitest";
import { presentSdJwt } from "../../src/credential/index.js";
import { memberIdFor } from "../../src/domain/ids.js";
import { randomBytes } from "../../src/log/crypto.js";
import { recomputeSpace } from "../../src/store/trust/recompute/recompute.js";
import { expectStatus, setUpSpace } from "../http/routes/support/space-fixture.js";
import { apiKey, memberTokenMinter } from "../http/support/app.js";
import { describeBackends } from "../store/support/backends.js";
import { type AuditedSpace, openAuditedSpace } from "./support/audited-space.js";

const MARKET = "https://fabrique.local/v1/spaces/market";

describeBackends("audit recompute with an imported prior", (backend) => {
  let s: AuditedSpace;
  beforeEach(async () => {
    s = await openAuditedSpace(backend);
  }, 120_000);
  afterEach(async () => {
    await s?.close();
  });

  it("reproduces the newcomer's score, import included, from the public log", async () => {
    const t = s.t;
    // In market, the host's listing has five 5-star reviews; the host gets a credential.
    const market = await setUpSpace(t, "market");
    const minter = await memberTokenMinter(t.db, "market");
    const secret = randomBytes(32);
    for (let i = 0; i < 5; i++) {
      const member = memberIdFor(secret, `rater-${i}`);
      await expectStatus(t, 201, "POST", "/v1/spaces/market/members", market.keys.members, {
        member,
        displayName: `r${i}`,
      });
      await expectStatus(t, 201, "POST", "/v1/spaces/market/interactions", market.keys.attest, {
        interaction: `stay-r${i}`,
        occurredAt: Date.now() - 60_000,
        parties: [{ member, role: "guest", reviews: market.listing }],
      });
      await expectStatus(t, 201, "POST", "/v1/spaces/market/reviews", await minter.mint(member), {
        subject: market.listing,
        interaction: `stay-r${i}`,
        overall: 5,
        text: `stay ${i}`,
      });
    }
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const { kty, crv, x } = await exportJWK(publicKey);
    const issued = await expectStatus(
      t,
      201,
      "POST",
      "/v1/spaces/market/me/credentials",
      market.tokens.host,
      { holderKeys: [{ kty, crv, x }] },
    );

    // The audited space accepts market; a newcomer joins and imports.
    const base = `/v1/spaces/${s.space}`;
    await expectStatus(t, 200, "PATCH", `${base}/policy`, s.adminKey, {
      priors: {
        accept: [{ issuer: MARKET, name: "market", scale: { min: 1, max: 5 } }],
        maxPseudoReviews: 4,
      },
    });
    const newcomer = memberIdFor(secret, "newcomer");
    await expectStatus(
      t,
      201,
      "POST",
      `${base}/members`,
      await apiKey(t.db, s.space, ["members"]),
      {
        member: newcomer,
        displayName: "New",
      },
    );
    const token = await (await memberTokenMinter(t.db, s.space)).mint(newcomer);
    const challenge = await expectStatus(t, 201, "POST", `${base}/me/prior/nonce`, token);
    const presentation = await presentSdJwt({
      sdJwt: issued.credentials[0].credential,
      disclose: ["space", "reviews_at_least_5", "rating_at_least_4_5"],
      holderKey: privateKey,
      audience: challenge.audience,
      nonce: challenge.nonce,
      issuedAt: Math.floor(Date.now() / 1000),
    });
    await expectStatus(t, 201, "POST", `${base}/me/prior`, token, {
      presentation,
      nonce: challenge.nonce,
    });
    await s.seal();

    const served = await expectStatus(t, 200, "GET", `${base}/subjects/${newcomer}/reputation`);
    expect(served.importedPrior).toMatchObject({ issuer: MARKET, weight: 4 });
    const onRequest = await s.audit("recompute", "auditor", "--json");
    expect(onRequest.code, onRequest.out + onRequest.err).toBe(0);
    const result = JSON.parse(onRequest.out);
    expect(result.tally).toEqual({ match: 16 });
    const mine = result.subjects.find((v: { subject: string }) => v.subject === newcomer);
    expect(mine.score).toBe(served.score);

    // From the stored scores, then after the policy lowers the bound.
    await recomputeSpace(t.db, s.space, { mode: "full", worker: false });
    const stored = await s.audit("recompute", "auditor", "--json");
    expect(stored.code, stored.out + stored.err).toBe(0);
    expect(JSON.parse(stored.out).tally).toEqual({ match: 16 });
    await expectStatus(t, 200, "PATCH", `${base}/policy`, s.adminKey, {
      priors: {
        accept: [{ issuer: MARKET, name: "market", scale: { min: 1, max: 5 } }],
        maxPseudoReviews: 2,
      },
    });
    await recomputeSpace(t.db, s.space, { mode: "incremental", worker: false });
    await s.seal();
    const lowered = await expectStatus(t, 200, "GET", `${base}/subjects/${newcomer}/reputation`);
    expect(lowered.importedPrior).toMatchObject({ weight: 2 });
    const again = await s.audit("recompute", "auditor", "--json");
    expect(again.code, again.out + again.err).toBe(0);
    expect(JSON.parse(again.out).tally).toEqual({ match: 16 });

    // A stored import the log does not give is caught.
    const row = await t.db.kysely
      .selectFrom("trust_scores")
      .select("details")
      .where("space", "=", s.space)
      .where("algorithm", "=", "bayesian-reputation")
      .where("entity", "=", newcomer)
      .executeTakeFirstOrThrow();
    const details = JSON.parse(String(row.details));
    details.importedPrior.weight = 4;
    await t.db.kysely
      .updateTable("trust_scores")
      .set({ details: JSON.stringify(details) })
      .where("space", "=", s.space)
      .where("algorithm", "=", "bayesian-reputation")
      .where("entity", "=", newcomer)
      .execute();
    const caught = await s.audit("recompute", "auditor", "--subject", newcomer);
    expect(caught.code).toBe(1);
    expect(caught.out).toMatch(/importedPrior/);
  }, 180_000);
});
