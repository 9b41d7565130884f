/**
 * Issue 5: the seeded scores the server stores (global trust, SybilRank, SybilSCAR) are recomputed from
 * the public log alone (src/audit/recompute/seeded-rule.ts over the audit's replay), at the log size and
 * evidence time each row names, on both backends; the log holds a member's notice, whose reporter the
 * replay never sees (issue 3), and the scores do not need it.
 */
import { expect, it } from "vitest";

import { seededFromLog } from "../../src/audit/recompute/seeded-rule.js";
import { replayPublicLog } from "../../src/audit/replay/replay.js";
import type { Actor } from "../../src/domain/actor.js";
import type { TileReader } from "../../src/log/tiles/index.js";
import { MAX_ENTRIES_PER_READ, readEntries } from "../../src/store/log/entries.js";
import { readLogState } from "../../src/store/log/log-state.js";
import { recomputeSpace } from "../../src/store/trust/recompute/recompute.js";
import { SEEDED_ALGORITHMS } from "../../src/store/trust/recompute/seeded-update.js";
import { admin } from "../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../store/support/backends.js";
import { ratedSpace, requireOk, SPACE } from "../store/trust/support/rated-space.js";

const as = (member: string): Actor => ({ kind: "member", member });

describeBackends("seeded scores from the public log", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("recomputes every stored seeded score from the log at the size it names", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    const [h0, h1] = s.hosts as [string, string];
    const [m0, m1, m2] = s.honest as [string, string, string];
    for (const [from, to] of [
      [h0, m0],
      [m0, m1],
      [m1, h1],
    ] as const) {
      requireOk(
        await s.t.service.execute(SPACE, as(from), "giveVouch", {
          vouchee: to,
          scope: "hosted-me",
        }),
      );
    }
    requireOk(
      await s.t.service.execute(SPACE, as(m2), "raiseAlert", {
        target: { kind: "member", id: s.contrarian },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Rates everyone 1",
        goodFaith: true,
      }),
    );
    requireOk(
      await s.t.service.execute(SPACE, admin, "changePolicy", { policy: { trustSeeds: [h0, m2] } }),
    );
    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now, worker: false });
    const rows = await db.kysely
      .selectFrom("trust_scores")
      .selectAll()
      .where("space", "=", SPACE)
      .where("algorithm", "in", [...SEEDED_ALGORITHMS])
      .execute();
    expect(rows.length).toBe(3 * (s.hosts.length + s.honest.length + 1));
    const logSize = Number(rows[0]?.log_size);
    const now = JSON.parse(rows[0]?.params ?? "{}").now as number;

    // The auditor's side: the public entries only, replayed with the domain's evolve.
    const size = (await readLogState(db.kysely, SPACE)).size;
    const entries: Uint8Array[] = [];
    for (let start = 0; start < size; start += MAX_ENTRIES_PER_READ) {
      const read = await readEntries(
        db.kysely,
        SPACE,
        start,
        Math.min(size, start + MAX_ENTRIES_PER_READ),
      );
      entries.push(...read.map((e) => e.entry));
    }
    const reader: TileReader = {
      head: { size: entries.length, rootHash: new Uint8Array(32) },
      get: () => Promise.reject(new Error("not used")),
      readEntries: async (indices) => indices.map((i) => entries[i] as Uint8Array),
    };
    let recomputed: ReturnType<typeof seededFromLog> = null;
    const result = await replayPublicLog({
      reader,
      stops: [logSize],
      visit: (at, records) => {
        recomputed = seededFromLog(records, now, at);
        // No reporter is public: the replayed notice names none.
        expect(records.all("alert").map((a) => a.reporter)).toEqual([null]);
      },
    });
    expect(result.findings).toEqual([]);
    const scores = recomputed as ReturnType<typeof seededFromLog>;
    if (scores === null) throw new Error("nothing recomputed");
    expect(scores.seeds).toEqual([h0, m2].sort());
    const byMember = new Map(scores.members.map((m) => [m.member, m]));
    for (const row of rows) {
      const m = byMember.get(row.entity);
      if (m === undefined) throw new Error(`${row.entity} not recomputed`);
      const expected =
        row.algorithm === "eigentrust"
          ? m.globalTrust
          : row.algorithm === "sybilrank"
            ? m.sybilRank
            : m.sybilProbability;
      expect(row.score, `${row.algorithm} ${row.entity}`).toBeCloseTo(expected, 12);
      const provenance =
        row.algorithm === "eigentrust"
          ? scores.provenance.globalTrust
          : row.algorithm === "sybilrank"
            ? scores.provenance.sybilRank
            : scores.provenance.sybilScar;
      expect(row.version).toBe(provenance.version);
      expect(JSON.parse(row.params)).toEqual({
        ...provenance.params,
        ignoredSeeds: scores.ignoredSeeds,
        now,
      });
      expect(Number(row.log_size)).toBe(provenance.logSize);
    }
  });
});
