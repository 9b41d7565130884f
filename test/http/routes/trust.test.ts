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

describeBackends("stored trust scores over HTTP", (backend) => {
  const current = testAppPerTest(backend);

  it("serves the stored scores once recomputed, and catches up in the background", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const { contrarian } = await plantRatings(t, f);
    const url = `${base}/subjects/${f.listing}/reputation`;
    const onRequest = await expectStatus(t, 200, "GET", url);
    expect(onRequest.source).toBe("on-request");

    const recomputed = await expectStatus(
      t,
      200,
      "POST",
      `${base}/trust/recompute`,
      f.keys.moderate,
      {
        flag: false,
      },
    );
    expect(recomputed.recompute).toMatchObject({ outcome: "written", analysed: true });
    expect(recomputed.flags).toBeNull();
    const stored = await expectStatus(t, 200, "GET", url);
    expect(stored).toMatchObject({ source: "stored", currentLogSize: onRequest.currentLogSize });
    expect(stored.score).toBe(onRequest.score);
    expect(stored.discounts).toEqual(onRequest.discounts);
    // The same provenance but for the moment the evidence was read at.
    const at = (p: { params: Record<string, unknown> }) => ({
      ...p,
      params: { ...p.params, now: 0 },
    });
    expect(at(stored.provenance)).toEqual(at(onRequest.provenance));
    expect(stored.provenance.params.now).toBeGreaterThanOrEqual(onRequest.provenance.params.now);
    const signals = await expectStatus(t, 200, "GET", `${base}/signals`, f.keys.moderate);
    expect(signals.source).toBe("stored");
    expect(signals.signals[0].member).toBe(contrarian);

    // One more rating: the stored score is served at its log size while a recompute catches up.
    const late = memberIdFor(randomBytes(32), "late");
    await expectStatus(t, 201, "POST", `${base}/members`, f.keys.members, {
      member: late,
      displayName: "Late",
    });
    await expectStatus(t, 201, "POST", `${base}/interactions`, f.keys.attest, {
      interaction: "stay-late",
      occurredAt: Date.now() - 60_000,
      parties: [{ member: late, role: "guest", reviews: f.listing }],
    });
    const lateToken = await (await memberTokenMinter(t.db, f.space)).mint(late);
    await expectStatus(t, 201, "POST", `${base}/reviews`, lateToken, {
      subject: f.listing,
      interaction: "stay-late",
      overall: 5,
      text: "late but lovely",
    });
    const behind = await expectStatus(t, 200, "GET", url);
    expect(behind.source).toBe("stored");
    expect(behind.provenance.logSize).toBeLessThan(behind.currentLogSize);
    let caughtUp = behind;
    for (let i = 0; i < 100 && caughtUp.provenance.logSize < caughtUp.currentLogSize; i++) {
      await new Promise((r) => setTimeout(r, 100));
      caughtUp = await expectStatus(t, 200, "GET", url);
    }
    expect(caughtUp.provenance.logSize).toBe(caughtUp.currentLogSize);
    expect(caughtUp.count).toBe(onRequest.count + 1);
    const evidence = await loadSpaceEvidence(t.db, f.space, caughtUp.provenance.params.now);
    if (evidence === null) throw new Error("no evidence");
    expect(caughtUp.score).toBe(subjectReputation(evidence, f.listing).score);

    const bad = await call(t, "POST", `${base}/trust/recompute`, f.keys.moderate, { flagAt: 2 });
    expect(bad.status).toBe(400);
    const none = await call(t, "POST", "/v1/spaces/nowhere/trust/recompute", f.keys.moderate, {});
    expect([403, 404]).toContain(none.status);
  });

  it("flags the suspicious members, and the queue puts the riskiest first", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const { contrarian } = await plantRatings(t, f);
    // A member's notice about the host's listing, raised first.
    await expectStatus(t, 201, "POST", `${base}/alerts`, f.tokens.guest, {
      target: { kind: "subject", id: f.listing },
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      explanation: "The photos are of another flat.",
      goodFaith: true,
    });
    const before = await expectStatus(t, 200, "GET", `${base}/moderation-queue`, f.keys.moderate);
    expect(before.items).toHaveLength(1);
    expect(before.items[0]).toMatchObject({ affected: f.host, automated: false, risk: null });

    const run = await expectStatus(t, 200, "POST", `${base}/trust/recompute`, f.keys.moderate, {});
    expect(run.flags.flagged).toContain(contrarian);
    const queue = await expectStatus(t, 200, "GET", `${base}/moderation-queue`, f.keys.moderate);
    expect(queue.items[0]).toMatchObject({
      target: { kind: "member", id: contrarian },
      affected: contrarian,
      automated: true,
      sourceType: "SOURCE_VOLUNTARY",
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    });
    expect(queue.items[0].risk.score).toBeGreaterThanOrEqual(0.5);
    expect(queue.items[0].risk.provenance.algorithm).toBe("fraud-suspicion");
    expect(queue.items[0].risk.reasons.map((r: { code: string }) => r.code)).toContain(
      "unfair-rater",
    );
    const risks = queue.items.map((i: { risk: { score: number } | null }) => i.risk?.score ?? -1);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    const notice = queue.items.find((i: { automated: boolean }) => !i.automated);
    expect(notice.affected).toBe(f.host);

    // Run again: nothing new to flag.
    const again = await expectStatus(
      t,
      200,
      "POST",
      `${base}/trust/recompute`,
      f.keys.moderate,
      {},
    );
    expect(again.flags).toMatchObject({ flagged: [], alreadyFlagged: run.flags.flagged.length });
    expect((await call(t, "GET", `${base}/moderation-queue`, f.keys.members)).status).toBe(403);
  });
});
