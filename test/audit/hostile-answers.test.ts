/**
 * What an audited space answers is untrusted: recompute and report read it with their own checks. Over a
 * log built with the real commands (test/domain/support), served answers computed as the server computes
 * them agree; a changed number is a named difference; answers of the wrong shape, another algorithm, an
 * error status, a size no checkpoint covers, a report of another version are verdicts, never crashes;
 * an oversized or unreachable answer is bounded and reported.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type JsonFetcher, urlJsonFetcher } from "../../src/audit/fetch/json-fetcher.js";
import { recompute } from "../../src/audit/recompute/recompute.js";
import type { VerifiedLog } from "../../src/audit/replay/verified-log.js";
import { auditReport } from "../../src/audit/report/audit-report.js";
import { transparencyReport } from "../../src/domain/transparency-report.js";
import { isLogError } from "../../src/log/errors.js";
import type { TileReader } from "../../src/log/tiles/index.js";
import { reputation, spacePrior } from "../../src/trust/reputation/index.js";
import { review, stay } from "../domain/support/scenario.js";
import { expectOk, type World, world } from "../domain/support/world.js";

/** A space with two listings' worth of published reviews. */
async function space(): Promise<World> {
  const w = await world();
  for (const [i, guest] of [w.alice, w.carol].entries()) {
    const id = await stay(w, guest, `stay-${i}`);
    expectOk(
      await review(w, guest, { subject: w.listing, interaction: id, overall: 4 + i, text: "ok" }),
    );
    expectOk(await review(w, w.bob, { subject: guest, interaction: id, overall: 5, text: "fine" }));
  }
  return w;
}

function logOf(w: World, size = w.h.log.length): VerifiedLog {
  const entries = w.h.log.map((l) => l.bytes);
  const reader: TileReader = {
    head: { size, rootHash: new Uint8Array(32) },
    get: () => Promise.reject(new Error("not used")),
    readEntries: async (indices) => indices.map((i) => entries[i] as Uint8Array),
  };
  return {
    checkpoint: { size, rootHash: new Uint8Array(32), note: "test\n", seen: "" },
    reader,
  };
}

/** The reputation the server would serve for `subject` (plain rule), as JSON. */
function served(w: World, subject: string, now: number): Record<string, unknown> {
  const published = w.h.store.all("review").filter((r) => r.revealedAt !== null);
  const scale = { min: 1, max: 5 };
  const prior = spacePrior(
    published.map((r) => r.overall as number),
    10,
    scale,
  );
  const mine = published
    .filter((r) => r.subject === subject)
    .map((r) => ({ id: r.id, rating: r.overall as number, time: r.submittedAt }));
  const r = reputation(mine, prior, { now, scale, logSize: w.h.log.length });
  return JSON.parse(JSON.stringify({ subject, ...r }));
}

function fetcher(answers: Record<string, { status: number; body: unknown }>): JsonFetcher {
  return {
    base: "http://space.test/",
    get: async (path) => answers[path] ?? { status: 404, body: { title: "Not Found" } },
  };
}

const noWait = { waitMs: 0, retryMs: 1 };

describe("recompute against untrusted answers", () => {
  it("agrees with answers computed as the server does, and names a changed number", async () => {
    const w = await space();
    const now = w.h.now;
    const good = served(w, w.listing, now);
    const bad = { ...served(w, w.alice, now), score: 1.5 };
    const result = await recompute({
      api: fetcher({
        [`subjects/${w.listing}/reputation`]: { status: 200, body: good },
        [`subjects/${w.alice}/reputation`]: { status: 200, body: bad },
      }),
      refresh: async () => logOf(w),
      subjects: [w.listing, w.alice],
      wait: noWait,
    });
    expect(result.subjects[0]).toMatchObject({ kind: "match", subject: w.listing });
    expect(result.subjects[1]).toMatchObject({ kind: "mismatch", subject: w.alice });
    const differences =
      result.subjects[1]?.kind === "mismatch" ? result.subjects[1].differences : [];
    expect(differences.map((d) => d.field)).toEqual(["score"]);
    expect(differences[0]).toMatchObject({ served: "1.5" });
  });

  it("turns wrong shapes, error statuses, other algorithms and uncovered sizes into verdicts", async () => {
    const w = await space();
    const now = w.h.now;
    const base = served(w, w.listing, now) as { provenance: Record<string, unknown> };
    const cases: Record<string, { status: number; body: unknown }> = {
      "subjects/s-text/reputation": { status: 200, body: undefined },
      "subjects/s-other/reputation": { status: 200, body: { ...base, subject: "someone-else" } },
      "subjects/s-string/reputation": {
        status: 200,
        body: { ...base, subject: "s-string", score: "4.5" },
      },
      "subjects/s-error/reputation": { status: 500, body: { title: "Internal" } },
      "subjects/s-algorithm/reputation": {
        status: 200,
        body: {
          ...base,
          subject: "s-algorithm",
          provenance: { ...base.provenance, algorithm: "pagerank" },
        },
      },
      "subjects/s-params/reputation": {
        status: 200,
        body: {
          ...base,
          subject: "s-params",
          provenance: {
            ...base.provenance,
            params: { ...(base.provenance.params as object), credibility: "x" },
          },
        },
      },
      "subjects/s-ahead/reputation": {
        status: 200,
        body: { ...base, subject: "s-ahead", provenance: { ...base.provenance, logSize: 10_000 } },
      },
      "subjects/s-negative/reputation": {
        status: 200,
        body: { ...base, subject: "s-negative", count: -1 },
      },
    };
    const subjects = [
      "s-text",
      "s-other",
      "s-string",
      "s-error",
      "s-algorithm",
      "s-params",
      "s-ahead",
      "s-negative",
      "s-gone",
    ];
    const result = await recompute({
      api: fetcher(cases),
      refresh: async () => logOf(w),
      subjects,
      wait: noWait,
    });
    const verdict = (s: string) => result.subjects.find((v) => v.subject === s);
    expect(verdict("s-text")).toMatchObject({
      kind: "unanswered",
      reason: expect.stringMatching(/not a JSON object/),
    });
    expect(verdict("s-other")).toMatchObject({
      kind: "unanswered",
      reason: expect.stringMatching(/about someone-else/),
    });
    expect(verdict("s-string")).toMatchObject({
      kind: "unanswered",
      reason: expect.stringMatching(/\.score is not a finite number/),
    });
    expect(verdict("s-error")).toMatchObject({
      kind: "unanswered",
      reason: "the space answered 500",
    });
    expect(verdict("s-algorithm")).toMatchObject({
      kind: "unsupported",
      reason: expect.stringMatching(/pagerank/),
    });
    expect(verdict("s-params")).toMatchObject({
      kind: "unsupported",
      reason: expect.stringMatching(/credibility/),
    });
    expect(verdict("s-ahead")).toMatchObject({ kind: "unpublished", logSize: 10_000 });
    expect(verdict("s-negative")).toMatchObject({
      kind: "unanswered",
      reason: expect.stringMatching(/count is not a count/),
    });
    expect(verdict("s-gone")).toMatchObject({ kind: "missing", status: 404 });
  });

  it("says a score the log cannot give yet is pending: a rating past its window, not revealed", async () => {
    const w = await world();
    const id = await stay(w, w.alice, "stay-a");
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: id, overall: 2, text: "meh" }),
    );
    const later = w.h.now + 15 * 86_400_000;
    const body = served(w, w.listing, later);
    const result = await recompute({
      api: fetcher({ [`subjects/${w.listing}/reputation`]: { status: 200, body } }),
      refresh: async () => logOf(w),
      wait: noWait,
    });
    expect(result.subjects.find((v) => v.subject === w.listing)).toMatchObject({
      kind: "pending",
      reason: expect.stringMatching(/past their double-blind window but not yet revealed/),
    });
  });
});

describe("report against untrusted answers", () => {
  it("compares a report computed as the server does, and names a changed count", async () => {
    const w = await space();
    const report = transparencyReport(
      {
        members: w.h.store.all("member"),
        subjects: w.h.store.all("subject"),
        interactions: w.h.store.all("interaction"),
        disputes: w.h.store.all("dispute"),
        reviews: w.h.store.all("review"),
        replies: w.h.store.all("reply"),
        vouches: w.h.store.all("vouch"),
        alerts: w.h.store.all("alert"),
        decisions: w.h.store.all("decision"),
        appeals: w.h.store.all("appeal"),
      },
      w.h.now,
    );
    const body = { space: "stays", logSize: w.h.log.length, ...report };
    const agree = await auditReport({
      api: fetcher({ "transparency-report": { status: 200, body } }),
      refresh: async () => logOf(w),
      wait: noWait,
    });
    expect(agree.published).toMatchObject({ kind: "compared", differences: 0 });
    const changed = {
      ...body,
      reviews: { ...report.reviews, byState: { ...report.reviews.byState, published: 3 } },
    };
    const differ = await auditReport({
      api: fetcher({ "transparency-report": { status: 200, body: changed } }),
      refresh: async () => logOf(w),
      wait: noWait,
    });
    expect(
      differ.published.kind === "compared" && differ.published.figures.filter((f) => !f.agrees),
    ).toEqual([{ name: "reviews.byState.published", log: 4, served: 3, agrees: false }]);
  });

  it("does not compare a report of another version, of the wrong shape, or that is missing", async () => {
    const w = await space();
    const cases = [
      [{ status: 200, body: { version: 2 } }, /version 2; this auditor reads version 1/],
      [
        { status: 200, body: { version: 1, now: 1, logSize: 3 } },
        /transparency report\.members is not a JSON object/,
      ],
      [{ status: 404, body: {} }, /the space answered 404/],
    ] as const;
    for (const [answer, reason] of cases) {
      const audit = await auditReport({
        api: fetcher({ "transparency-report": answer }),
        refresh: async () => logOf(w),
        wait: noWait,
      });
      expect(audit.published).toMatchObject({
        kind: "not-compared",
        reason: expect.stringMatching(reason),
      });
    }
  });
});

describe("reading answers over HTTP", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("bounds what it reads, and reports an unreachable space as missing", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`[${"1,".repeat(600_000)}1]`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const { port } = server.address() as AddressInfo;
    const big = await urlJsonFetcher(`http://127.0.0.1:${port}/v1/spaces/s/`)
      .get("x")
      .catch((e) => e);
    expect(isLogError(big, "too-large")).toBe(true);
    await close();
    close = undefined;
    const gone = await urlJsonFetcher(`http://127.0.0.1:${port}/`)
      .get("x")
      .catch((e) => e);
    expect(isLogError(gone, "missing")).toBe(true);
    expect(() => urlJsonFetcher("file:///etc/")).toThrow(/not an http\(s\) URL/);
  });
});
