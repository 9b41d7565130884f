/**
 * `fabrique audit recompute` and `audit report` against a real server holding a community loaded
 * through its API: every served reputation and the published transparency report agree with what the
 * public log gives; the JSON modes say the same; bad options are usage errors.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { recomputeSpace } from "../../src/store/trust/recompute/recompute.js";
import { describeBackends } from "../store/support/backends.js";
import { type AuditedSpace, openAuditedSpace } from "./support/audited-space.js";

describeBackends("audit recompute and report", (backend) => {
  let s: AuditedSpace;
  beforeEach(async () => {
    s = await openAuditedSpace(backend);
  }, 120_000);
  afterEach(async () => {
    await s?.close();
  });

  it("recomputes every subject's reputation from the log and finds the served ones equal", async () => {
    const run = await s.audit("recompute", "auditor", "--wait", "5");
    expect(run.err).not.toMatch(/internal error/);
    expect(run.code, `${run.out}\n${run.err}`).toBe(0);
    const subjects = Number(/^(\d+) subjects: (\d+) match; 0 log problems$/m.exec(run.out)?.[1]);
    // 12 members (each a subject) and 3 listings.
    expect(subjects).toBe(15);
    expect(run.out).toMatch(/^OK +listing-1: \d/m);

    const json = await s.audit("recompute", "auditor", "--json");
    expect(json.code).toBe(0);
    const result = JSON.parse(json.out);
    expect(result.tally).toEqual({ match: 15 });
    expect(result.space).toBe(s.space);
    const listing = result.subjects.find((v: { subject: string }) => v.subject === "listing-1");
    const served = (await fetch(
      `${s.base}/v1/spaces/${s.space}/subjects/listing-1/reputation`,
    ).then((r) => r.json())) as { score: number; provenance: { logSize: number } };
    expect(listing.score).toBe(served.score);
    expect(listing.logSize).toBe(served.provenance.logSize);
  }, 60_000);

  it("recomputes the published transparency report from the log, figure by figure", async () => {
    const run = await s.audit("report", "auditor", "--wait", "5");
    expect(run.code, `${run.out}\n${run.err}`).toBe(0);
    expect(run.out).toContain(`Audit of space ${s.space}`);
    expect(run.out).toMatch(/Verdict: the published report agrees with the log in all \d+ figures/);
    expect(run.out).not.toContain("DIFFERS");

    const json = JSON.parse((await s.audit("report", "auditor", "--json")).out);
    expect(json.published.kind).toBe("compared");
    expect(json.published.differences).toBe(0);
    const figure = (name: string) =>
      json.published.figures.find((f: { name: string }) => f.name === name);
    // The community's moderation story: one alert, one decision on it, one appeal.
    expect(figure("notices.received").log).toBe(1);
    expect(figure("decisions.total").log).toBe(1);
    expect(figure("decisions.onNotice").log).toBe(1);
    expect(figure("appeals.filed").log).toBe(1);
    expect(figure("members.joined").log).toBe(12);
    expect(figure("reviews.byState.sealed").log).toBeGreaterThan(0);
    expect(figure("reviews.byState.published").log).toBeGreaterThan(0);
    expect(json.entriesByType["space.created"]).toBe(1);
  }, 60_000);

  it("recomputes the stored scores (fabrique recompute) at the log size they name, and catches one altered", async () => {
    await recomputeSpace(s.t.db, s.space, { mode: "full", worker: false });
    const stored = await servedReputation(s, "listing-1");
    const run = await s.audit("recompute", "auditor", "--json");
    expect(run.code, run.out + run.err).toBe(0);
    expect(JSON.parse(run.out).tally).toEqual({ match: 15 });
    expect(stored.provenance.logSize).toBe(await checkpointSize(s));

    // The log grows past the stored computation: whatever the space serves meanwhile (the stored
    // rows at their size, or a background recompute's), each score is recomputed at the size it names.
    await fetch(`${s.base}/v1/spaces/${s.space}/subjects`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ subject: "listing-9", kind: "listing", owner: null, name: "Nine" }),
    }).then((r) => expect(r.status).toBe(201));
    await s.seal();
    const grown = await s.audit("recompute", "auditor", "--json");
    expect(grown.code, grown.out + grown.err).toBe(0);
    expect(JSON.parse(grown.out).tally).toEqual({ match: 16 });

    // The published stored score is altered in the database; the log gives another.
    await s.t.db.kysely
      .updateTable("trust_scores")
      .set({ score: stored.score + 0.5 })
      .where("space", "=", s.space)
      .where("algorithm", "=", "bayesian-reputation")
      .where("entity", "=", "listing-1")
      .execute();
    expect((await servedReputation(s, "listing-1")).score).toBe(stored.score + 0.5);
    const caught = await s.audit("recompute", "auditor", "--subject", "listing-1");
    expect(caught.code).toBe(1);
    expect(caught.out).toMatch(/score: the space serves [\d.]+, the log gives [\d.]+/);
  }, 60_000);

  it("answers bad options with usage errors", async () => {
    const noApi = await s.audit("recompute", "auditor", "--api", "ftp://x/");
    expect(noApi.code).toBe(3);
    const badWait = await s.audit("report", "auditor", "--wait", "soon");
    expect(badWait.code).toBe(2);
    expect(badWait.err).toContain("--wait");
    const threshold = await s.audit("report", "auditor", "--witness-threshold", "1");
    expect(threshold.code).toBe(2);
  });
});

async function servedReputation(s: AuditedSpace, subject: string) {
  const url = `${s.base}/v1/spaces/${s.space}/subjects/${subject}/reputation`;
  return (await fetch(url).then((r) => r.json())) as {
    score: number;
    provenance: { logSize: number };
  };
}

async function checkpointSize(s: AuditedSpace): Promise<number> {
  const text = await fetch(`${s.logUrl}checkpoint`).then((r) => r.text());
  return Number(text.split("\n")[1]);
}
