/**
 * Replaying the public log (src/audit/replay) against the domain's own projections: a space driven
 * through the real commands (reviews sealed and revealed, a withdrawal, an alert, a removal decision,
 * an appeal that reverses it, an erasure) gives, from its entries alone, the same transparency report as
 * its records with their private parts, at every moment tried; a review past its window but not yet
 * revealed is "awaiting-reveal" on both sides. What the log itself gets wrong is reported: an entry that
 * is no event, an event of another space, a revealed rating that does not open its commitment.
 */
import { describe, expect, it } from "vitest";
import { replayPublicLog } from "../../src/audit/replay/replay.js";
import { canonicalBytes, parseCanonicalJson } from "../../src/domain/canonical-json.js";
import { resolveAlert } from "../../src/domain/commands/alert.js";
import { decideAppeal, fileAppeal } from "../../src/domain/commands/appeal.js";
import { withdrawReview } from "../../src/domain/commands/review.js";
import { type SpaceRecordSet, transparencyReport } from "../../src/domain/transparency-report.js";
import type { TileReader } from "../../src/log/tiles/index.js";
import { alert, decide, idOf, removal } from "../domain/support/moderation.js";
import { review, reviewOf, stay } from "../domain/support/scenario.js";
import { as, expectOk, moderator, type World, world } from "../domain/support/world.js";

const DAY = 86_400_000;

/** A reader over entries in memory (the replay's only port; tiles are verified elsewhere). */
function readerOf(entries: readonly Uint8Array[]): TileReader {
  return {
    head: { size: entries.length, rootHash: new Uint8Array(32) },
    get: () => Promise.reject(new Error("not used")),
    readEntries: async (indices) => indices.map((i) => entries[i] as Uint8Array),
  };
}

function recordsOf(w: World): SpaceRecordSet {
  const all = w.h.store.all.bind(w.h.store);
  return {
    members: all("member"),
    subjects: all("subject"),
    interactions: all("interaction"),
    disputes: all("dispute"),
    reviews: all("review"),
    replies: all("reply"),
    vouches: all("vouch"),
    alerts: all("alert"),
    decisions: all("decision"),
    appeals: all("appeal"),
  };
}

/** A busy space: every kind of event a report counts. */
async function busySpace(): Promise<World> {
  const w = await world();
  const stayA = await stay(w, w.alice, "stay-a");
  expectOk(
    await review(w, w.alice, { subject: w.listing, interaction: stayA, overall: 5, text: "great" }),
  );
  expectOk(
    await review(w, w.bob, { subject: w.alice, interaction: stayA, overall: 4, text: "tidy" }),
  );
  w.h.now += 1000;
  const stayC = await stay(w, w.carol, "stay-c");
  expectOk(
    await review(w, w.carol, { subject: w.listing, interaction: stayC, overall: 2, text: "noisy" }),
  );
  const s = await w.space();
  const carolsReview = (await reviewOf(w, stayC, w.carol)).id;
  // Alice reports bob's review of her; a moderator removes it, then reverses that on appeal.
  const bobsReview = (await reviewOf(w, stayA, w.bob)).id;
  const raised = await alert(w, as(w.alice), {
    target: { kind: "review", id: bobsReview },
    category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    explanation: "not about me",
    goodFaith: true,
  });
  const alertId = idOf(raised, "alert");
  w.h.now += 3 * 3_600_000;
  const decided = await decide(w, {
    ...removal({ kind: "review", id: bobsReview }),
    alert: alertId,
  });
  const decision = idOf(decided, "decision");
  expectOk(
    await w.h.run(moderator, (r, ctx) =>
      resolveAlert(
        r,
        s,
        { alert: alertId, outcome: "actioned", decision, message: "removed" },
        ctx,
      ),
    ),
  );
  w.h.now += 3_600_000;
  const filed = await w.h.run(as(w.bob), (r, ctx) =>
    fileAppeal(r, s, { target: { kind: "decision", id: decision }, explanation: "it was" }, ctx),
  );
  const appeal = idOf(filed, "appeal");
  w.h.now += 5 * 3_600_000;
  expectOk(
    await w.h.run(moderator, (r, ctx) =>
      decideAppeal(
        r,
        s,
        { appeal, outcome: "reversed", reasons: "fair", humanReviewed: true },
        ctx,
      ),
    ),
  );
  // Carol's review was sealed (bob has not reviewed her); she withdraws it.
  expectOk(
    await w.h.run(as(w.carol), (r, ctx) => withdrawReview(r, s, { review: carolsReview }, ctx)),
  );
  return w;
}

async function reportFromLog(w: World, now: number, size = w.h.log.length) {
  let report: ReturnType<typeof transparencyReport> | undefined;
  const result = await replayPublicLog({
    reader: readerOf(w.h.log.map((l) => l.bytes)),
    stops: [size],
    visit: (_size, records) => {
      report = transparencyReport(records.reportRecords(), now);
    },
  });
  return { report, result };
}

describe("public log replay", () => {
  it("gives the same transparency report as the records with their private parts", async () => {
    const w = await busySpace();
    for (const now of [w.h.now, w.h.now + 20 * DAY]) {
      const { report, result } = await reportFromLog(w, now);
      expect(result.findings).toEqual([]);
      expect(report).toEqual(transparencyReport(recordsOf(w), now));
    }
    const { report, result } = await reportFromLog(w, w.h.now);
    expect(result.space).toBe("stays");
    expect(result.types["review.revealed"]).toBe(2);
    expect(report?.reviews.byState).toEqual({ published: 2, withdrawn: 1 });
    expect(report?.notices).toMatchObject({
      received: 1,
      byOutcome: { actioned: 1 },
      medianHoursToResolve: 3,
    });
    expect(report?.decisions).toMatchObject({ total: 1, onNotice: 1, reversedOnAppeal: 1 });
    expect(report?.appeals).toMatchObject({
      filed: 1,
      byOutcome: { reversed: 1 },
      medianHoursToDecide: 5,
    });
  });

  it("tells a review past its window and not yet revealed in the log from a published one", async () => {
    const w = await world();
    const id = await stay(w, w.alice, "stay-a");
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: id, overall: 3, text: "ok" }),
    );
    const later = w.h.now + 15 * DAY;
    const { report } = await reportFromLog(w, later);
    expect(report?.reviews.byState).toEqual({ "awaiting-reveal": 1 });
    expect(report).toEqual(transparencyReport(recordsOf(w), later));
    expect((await reportFromLog(w, w.h.now)).report?.reviews.byState).toEqual({ sealed: 1 });
  });

  it("keeps the records of each requested size, in one pass", async () => {
    const w = await busySpace();
    const sizes: number[] = [];
    const members: number[] = [];
    await replayPublicLog({
      reader: readerOf(w.h.log.map((l) => l.bytes)),
      stops: [w.h.log.length, 0, 2, 4, 2],
      visit: (size, records) => {
        sizes.push(size);
        members.push(records.all("member").length);
      },
    });
    expect(sizes).toEqual([0, 2, 4, w.h.log.length]);
    const joinedIn = (n: number) =>
      w.h.log.slice(0, n).filter((l) => l.event.type === "member.joined").length;
    expect(members).toEqual([0, 2, 4, w.h.log.length].map(joinedIn));
    expect(members[3]).toBe(3);
  });

  it("reports what the log gets wrong instead of trusting it", async () => {
    const w = await busySpace();
    const entries = w.h.log.map((l) => l.bytes);
    const revealed = w.h.log.findIndex((l) => l.event.type === "review.revealed");
    const altered = parseCanonicalJson(entries[revealed] as Uint8Array, 65_535);
    if (!altered.ok) throw new Error("entry does not parse");
    const entry = altered.value as { public: { overall: number } };
    entry.public.overall = entry.public.overall === 1 ? 2 : 1;
    const forged = [
      ...entries.slice(0, revealed),
      canonicalBytes(entry),
      ...entries.slice(revealed + 1),
      new TextEncoder().encode("not an event"),
    ];
    const other = await world();
    forged.push(other.h.log[1]?.bytes as Uint8Array); // "stays" too: same space id, fine
    const result = await replayPublicLog({
      reader: readerOf(forged),
      stops: [forged.length],
      visit: () => {},
    });
    expect(result.findings.map((f) => f.index)).toEqual([
      revealed,
      entries.length,
      entries.length + 1,
    ]);
    expect(result.findings[0]?.problem).toMatch(/does not open the commitment/);
    expect(result.findings[1]?.problem).toMatch(/not a Fabrique event/);
    expect(result.findings[2]?.problem).toMatch(/created twice/);
  });

  it("reports an event of another space", async () => {
    const w = await world();
    const entries = w.h.log.map((l) => l.bytes);
    const parsed = parseCanonicalJson(entries[1] as Uint8Array, 65_535);
    if (!parsed.ok) throw new Error("entry does not parse");
    const moved = parsed.value as { public: { space: string } };
    moved.public.space = "elsewhere";
    const result = await replayPublicLog({
      reader: readerOf([...entries, canonicalBytes(moved)]),
      stops: [entries.length + 1],
      visit: () => {},
    });
    expect(result.findings).toEqual([
      { index: entries.length, problem: "event of space elsewhere in the log of stays" },
    ]);
  });
});
