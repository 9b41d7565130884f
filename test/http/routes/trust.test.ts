/**
 * The trust score routes end to end on both backends: a subject's reputation is src/trust's over the
 * published reviews, each weighed by its rater's credibility (a contrarian's reviews count less, and
 * the explanation says why), and a sealed review does not move it; personalized trust
 * finds its path through a real vouch and a real interaction; the suspicion signals need the moderate
 * scope and put a planted contrarian rater first; every score's provenance names the current log size.
 */
import { expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { randomBytes } from "../../../src/log/crypto.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import { loadSpaceEvidence, subjectReputation } from "../../../src/store/trust/index.js";
import { reputation } from "../../../src/trust/reputation/index.js";
import { describeBackends } from "../../store/support/backends.js";
import { memberTokenMinter, type TestApp, testAppPerTest } from "../support/app.js";
import { call, expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

const HONEST = 4;
const CONTRARIAN = 1;
const VOUCH_SCOPE = "met-in-person";

/** Three more listings of the host, four honest raters and one contrarian, each rating each listing. */
async function plantRatings(t: TestApp, f: SpaceFixture) {
  const base = `/v1/spaces/${f.space}`;
  const secret = randomBytes(32);
  const names = ["r1", "r2", "r3", "r4", "contrarian"];
  const raters = names.map((n) => memberIdFor(secret, n));
  for (const member of raters) {
    await expectStatus(t, 201, "POST", `${base}/members`, f.keys.members, {
      member,
      displayName: member,
    });
  }
  const listings = [f.listing, "flat-8", "flat-9"];
  for (const subject of listings.slice(1)) {
    await expectStatus(t, 201, "POST", `${base}/subjects`, f.keys.members, {
      subject,
      kind: "listing",
      owner: f.host,
      name: subject,
    });
  }
  const minter = await memberTokenMinter(t.db, f.space);
  const given: { subject: string; overall: number }[] = [];
  for (const [i, member] of raters.entries()) {
    const token = await minter.mint(member);
    const overall = names[i] === "contrarian" ? CONTRARIAN : HONEST;
    for (const subject of listings) {
      // A one-party interaction: no counterpart, so the review is published at once.
      const interaction = `stay-${i}-${subject}`;
      await expectStatus(t, 201, "POST", `${base}/interactions`, f.keys.attest, {
        interaction,
        occurredAt: Date.now() - 60_000,
        parties: [{ member, role: "guest", reviews: subject }],
      });
      await expectStatus(t, 201, "POST", `${base}/reviews`, token, {
        subject,
        interaction,
        overall,
        text: `${names[i]} on ${subject}`,
      });
      given.push({ subject, overall });
    }
  }
  return { contrarian: raters[4] as string, given };
}

describeBackends("trust routes", (backend) => {
  const current = testAppPerTest(backend);

  it("serves a subject's reputation as src/trust computes it; a sealed review does not count", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const { given } = await plantRatings(t, f);
    const url = `${base}/subjects/${f.listing}/reputation`;
    const before = await expectStatus(t, 200, "GET", url);

    // src/trust over the same published reviews, each weighed by its rater's credibility: the
    // contrarian's ratings disagree with everyone's, so they count less, and the explanation says so.
    const evidence = await loadSpaceEvidence(t.db, f.space, Date.now());
    if (evidence === null) throw new Error("no evidence");
    const expected = subjectReputation(evidence, f.listing);
    const mine = given.filter((g) => g.subject === f.listing);
    expect(before.count).toBe(mine.length);
    expect(before.score).toBeCloseTo(expected.score, 12);
    expect(before.interval.low).toBeCloseTo(expected.interval.low, 12);
    expect(before.interval.high).toBeCloseTo(expected.interval.high, 12);
    expect(before.whatIf.map((w: { score: number }) => w.score)).toEqual(
      expected.whatIf.map((w) => expect.closeTo(w.score, 12)),
    );
    // The space's prior: the mean of every published rating, to 1/400 of the scale (0.01 star).
    const ratings = given.map((g) => g.overall);
    const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
    expect(before.prior).toEqual({ mean: Math.round(mean * 100) / 100, strength: 10 });
    const contrarian = before.discounts.find((d: { rating: number }) => d.rating === CONTRARIAN);
    expect(contrarian.factors.map((x: { reason: string }) => x.reason)).toContain("credibility");
    expect(contrarian.weight).toBeLessThan(1);
    // Unweighted, the contrarian would pull the score further down.
    const plain = reputation(
      mine.map((g) => ({ rating: g.overall, time: 0 })),
      before.prior,
      { now: 0 },
    );
    expect(before.score).toBeGreaterThan(plain.score);
    expect(before.provenance.algorithm).toBe("bayesian-reputation");
    expect(before.provenance.logSize).toBe((await readLogState(t.db.kysely, f.space)).size);

    // The guest's review of the two-party booking stays sealed until the host reviews.
    await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.guest, {
      subject: f.listing,
      interaction: f.interaction,
      overall: 1,
      text: "sealed",
    });
    const after = await expectStatus(t, 200, "GET", url);
    expect(after.count).toBe(before.count);
    expect(after.score).toBe(before.score);
    expect(after.interval).toEqual(before.interval);
    expect(after.provenance.logSize).toBe(before.provenance.logSize + 1);
    expect(after.provenance.logSize).toBe((await readLogState(t.db.kysely, f.space)).size);

    await expectStatus(t, 404, "GET", `${base}/subjects/no-such/reputation`);
  });

  it("finds personalized trust through a real vouch and a real interaction", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const url = `${base}/trust/${f.host}`;
    const none = await expectStatus(t, 200, "GET", url, f.tokens.other);
    expect(none.score).toBe(0);
    expect(none.paths).toEqual([]);

    await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.other, {
      vouchee: f.guest,
      scope: VOUCH_SCOPE,
    });
    const trust = await expectStatus(t, 200, "GET", url, f.tokens.other);
    expect(trust.viewer).toBe(f.other);
    expect(trust.score).toBeGreaterThan(0);
    expect(trust.paths[0].members).toEqual([f.other, f.guest, f.host]);
    expect(trust.paths[0].steps.map((s: { kind: string }) => s.kind)).toEqual([
      "vouch",
      "interaction",
    ]);
    expect(trust.paths[0].text).toBe(`you → vouched for ${f.guest} → stayed with ${f.host}`);
    expect(trust.provenance.algorithm).toBe("personalized-trust");
    expect(trust.provenance.logSize).toBe((await readLogState(t.db.kysely, f.space)).size);

    expect((await call(t, "GET", url)).status).toBe(401);
    expect((await call(t, "GET", url, f.keys.read)).status).toBe(403);
  });

  it("lists suspicion signals to moderators only, the planted contrarian first", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const url = `/v1/spaces/${f.space}/signals`;
    const { contrarian } = await plantRatings(t, f);
    expect((await call(t, "GET", url)).status).toBe(401);
    expect((await call(t, "GET", url, f.keys.read)).status).toBe(403);
    expect((await call(t, "GET", url, f.keys.members)).status).toBe(403);
    expect((await call(t, "GET", url, f.tokens.guest)).status).toBe(403);

    const body = await expectStatus(t, 200, "GET", url, f.keys.moderate);
    expect(body.signals[0].member).toBe(contrarian);
    const scores = body.signals.map((s: { score: number }) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const codes = body.signals[0].reasons.map((r: { code: string }) => r.code);
    expect(codes).toContain("unfair-rater");
    expect(body.provenance.algorithm).toBe("fraud-suspicion");
    expect(body.provenance.logSize).toBe((await readLogState(t.db.kysely, f.space)).size);
  });
});
