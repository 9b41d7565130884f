/**
 * Issue 5 over HTTP, on both backends: an admin names pre-trusted members through PATCH …/policy, a
 * recompute stores the seeded scores, the member's export explains their own in
 * derived/global-trust.json (inputs, principles, how to contest; left out of the portable scope), and
 * the moderation queue shows the affected member's Sybil signal. The member's own notice, which the log
 * does not name them in (issue 3), is still among their entries in the export.
 */
import { Value } from "typebox/value";
import { expect, it } from "vitest";
import { SeededScoreJson } from "../../../src/store/member-export/seeded-view.js";
import { describeBackends } from "../../store/support/backends.js";
import { unzip } from "../../support/unzip.js";
import { bearer, testAppPerTest } from "../support/app.js";
import { expectStatus, setUpSpace } from "./support/space-fixture.js";

describeBackends("seeded scores over HTTP", (backend) => {
  const current = testAppPerTest(backend);

  it("seeds in the policy, stored scores in the export and the moderation queue", async () => {
    const t = current();
    const f = await setUpSpace(t, "stays");
    const base = `/v1/spaces/${f.space}`;
    await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.host, {
      vouchee: f.guest,
      scope: "hosted-me",
    });
    await expectStatus(t, 422, "PATCH", `${base}/policy`, f.keys.admin, {
      trustSeeds: ["not-a-member"],
    });
    await expectStatus(t, 200, "PATCH", `${base}/policy`, f.keys.admin, { trustSeeds: [f.host] });
    const notice = await expectStatus(t, 201, "POST", `${base}/alerts`, f.tokens.guest, {
      target: { kind: "member", id: f.other },
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      explanation: "Never seen them anywhere",
      goodFaith: true,
    });
    await expectStatus(t, 200, "POST", `${base}/trust/recompute`, f.keys.moderate, {
      full: true,
      flag: false,
    });

    const archive = async (scope?: string) => {
      const url = `${base}/me${scope === undefined ? "" : `?scope=${scope}`}`;
      const answer = await t.app.inject({ url, headers: bearer(f.tokens.guest) });
      expect(answer.statusCode, answer.body).toBe(200);
      return unzip(answer.rawPayload);
    };
    const files = await archive();
    const file = JSON.parse((files.get("derived/global-trust.json") ?? "{}").toString());
    const records = file.records as SeededScoreJson[];
    expect(records.map((r) => r.kind)).toEqual(["eigentrust", "sybilrank", "sybilscar"]);
    for (const r of records) {
      expect(Value.Check(SeededScoreJson, r)).toBe(true);
      expect(r.inputs).toMatchObject({ seeds: [f.host], youAreASeed: false });
      expect(r.inputs.ties).toBeGreaterThanOrEqual(1);
      expect(r.principles.length).toBeGreaterThan(0);
      expect(r.contest.length).toBeGreaterThan(0);
    }
    expect(records[0]?.score).toBeGreaterThan(0);
    expect(records[2]?.score).toBeLessThan(0.45);
    expect([...(await archive("portable")).keys()]).not.toContain("derived/global-trust.json");

    // Issue 3: the guest's notice names nobody in the log, yet it is among their own entries.
    const events = JSON.parse((files.get("log/events.json") ?? "{}").toString()).records as {
      logIndex: number;
      role: string;
      actor: string;
    }[];
    const [index] = notice.indices as number[];
    expect(events.find((e) => e.logIndex === index)).toMatchObject({
      role: "unnamed-actor",
      actor: "concealed-member",
    });

    const queue = await expectStatus(t, 200, "GET", `${base}/moderation-queue`, f.keys.moderate);
    const items = queue.items as { affected: string; sybil: { score: number } | null }[];
    expect(items.find((i) => i.affected === f.other)?.sybil?.score).toBe(0.5);
  });
});
