/**
 * Global trust and Sybil scores from the policy's seeds (issue 5), stored by the recompute on both
 * backends: one row per member and algorithm (eigentrust, sybilrank, sybilscar) with its provenance
 * naming the seeds, the same numbers src/trust/seeded computes from the evidence, incremental == full,
 * and none stored once the policy names no seed.
 */
import { expect, it } from "vitest";
import type { Actor } from "../../../src/domain/actor.js";
import type { Database } from "../../../src/store/database.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import { loadSpaceEvidence } from "../../../src/store/trust/index.js";
import { moderationQueue } from "../../../src/store/trust/moderation-queue.js";
import { recomputeSpace } from "../../../src/store/trust/recompute/recompute.js";
import {
  SEEDED_ALGORITHMS,
  seededInput,
} from "../../../src/store/trust/recompute/seeded-update.js";
import { seededScores } from "../../../src/trust/seeded/index.js";
import { admin } from "../../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { ratedSpace, requireOk, SPACE } from "./support/rated-space.js";

const as = (member: string): Actor => ({ kind: "member", member });

async function seededRows(db: Database) {
  const rows = await db.kysely
    .selectFrom("trust_scores")
    .selectAll()
    .where("space", "=", SPACE)
    .where("algorithm", "in", [...SEEDED_ALGORITHMS])
    .orderBy("algorithm")
    .orderBy("entity")
    .execute();
  return rows.map(({ computed_at: _, ...row }) => ({ ...row, log_size: Number(row.log_size) }));
}

describeBackends("seeded trust scores", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("stores every member's global trust and Sybil signals from the seeds, with provenance", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    const [h0, h1] = s.hosts as [string, string];
    const [m0, m1] = s.honest as [string, string];
    const vouch = (from: string, to: string) =>
      s.t.service.execute(SPACE, as(from), "giveVouch", { vouchee: to, scope: "hosted-me" });
    requireOk(await vouch(h0, m0));
    requireOk(await vouch(m0, m1));
    // Without seeds nothing seeded is stored.
    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now, worker: false });
    expect(await seededRows(db)).toEqual([]);

    requireOk(
      await s.t.service.execute(SPACE, admin, "changePolicy", { policy: { trustSeeds: [h0] } }),
    );
    const stages = new Set<string>();
    await recomputeSpace(db, SPACE, {
      mode: "full",
      now: s.t.now,
      onProgress: (stage) => stages.add(stage),
    });
    expect(stages.has("seeded")).toBe(true);
    const logSize = (await readLogState(db.kysely, SPACE)).size;
    const rows = await seededRows(db);
    const members = [...s.hosts, ...s.honest, s.contrarian].sort();
    for (const algorithm of SEEDED_ALGORITHMS) {
      const mine = rows.filter((r) => r.algorithm === algorithm);
      expect(mine.map((r) => r.entity)).toEqual(members);
      for (const r of mine) {
        expect(r).toMatchObject({ entity_kind: "member", log_size: logSize });
        expect(JSON.parse(r.params)).toMatchObject({ seeds: [h0], now: s.t.now });
      }
    }
    // The numbers src/trust/seeded gives for the same evidence.
    const evidence = await loadSpaceEvidence(db, SPACE, s.t.now);
    const direct = evidence === null ? null : seededScores(seededInput(evidence));
    if (direct === null) throw new Error("no scores");
    for (const m of direct.members) {
      const of = (a: string) => rows.find((r) => r.algorithm === a && r.entity === m.member);
      expect(of("eigentrust")?.score).toBeCloseTo(m.globalTrust, 12);
      expect(of("sybilscar")?.score).toBeCloseTo(m.sybilProbability, 12);
      expect(JSON.parse(of("sybilscar")?.details ?? "{}").reasons).toEqual(m.reasons);
    }
    // Trust reaches m0 and m1 through the vouches; h1, vouched by nobody, is signalled.
    const scar = (m: string) => rows.find((r) => r.algorithm === "sybilscar" && r.entity === m);
    expect(scar(m1)?.score).toBeLessThan(0.45);
    expect(
      JSON.parse(scar(h1)?.details ?? "{}").reasons.map((r: { code: string }) => r.code),
    ).toEqual(["unreached-from-seeds", "no-ties"]);

    // The moderation queue shows the Sybil signal with its reasons and orders by the larger risk.
    for (const target of [m1, h1]) {
      requireOk(
        await s.t.service.execute(SPACE, as(m0), "raiseAlert", {
          target: { kind: "member", id: target },
          category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
          explanation: "Looks like a fake account",
          goodFaith: true,
        }),
      );
    }
    const queue = await moderationQueue(db.kysely, SPACE, 10);
    const entry = (m: string) => queue.find((e) => e.affected === m);
    expect(entry(h1)?.sybil?.score).toBe(0.5);
    const reasons = (entry(h1)?.sybil?.details.reasons ?? []) as { code: string }[];
    const codes = reasons.map((r) => r.code);
    expect(codes).toEqual(["unreached-from-seeds", "no-ties"]);
    expect(entry(m1)?.sybil?.score).toBeLessThan(0.45);
    const risk = (m: string) => Math.max(entry(m)?.risk?.score ?? -1, entry(m)?.sybil?.score ?? -1);
    expect(queue.map((e) => e.affected)).toEqual(
      [m1, h1].sort((a, b) => risk(b) - risk(a) || (a === m1 ? -1 : 1)),
    );

    // Incremental after a new vouch stores what a full recompute stores.
    requireOk(await vouch(m1, h1));
    await recomputeSpace(db, SPACE, { mode: "incremental", now: s.t.now, worker: false });
    const incremental = await seededRows(db);
    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now, worker: false });
    expect(await seededRows(db)).toEqual(incremental);

    // No seed any more: the seeded rows go.
    requireOk(
      await s.t.service.execute(SPACE, admin, "changePolicy", { policy: { trustSeeds: [] } }),
    );
    await recomputeSpace(db, SPACE, { mode: "incremental", now: s.t.now, worker: false });
    expect(await seededRows(db)).toEqual([]);
  });
});
