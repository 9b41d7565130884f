/**
 * Stored trust scores (issue 5), on both backends: a full recompute in a worker thread stores every
 * member's suspicion and every subject's reputation with its provenance (algorithm, version, params,
 * the log size) and the same numbers the on-request path computes; an incremental recompute after new
 * ratings, a withdrawal, a new member, a new listing and an alert leaves exactly the rows a full
 * recompute leaves; after events that change no rating it skips the analysis and only confirms the
 * rows at the new log size; a computation older than what is stored is not written.
 */
import { expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import type { Database } from "../../../src/store/database.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import {
  loadSpaceEvidence,
  subjectReputation,
  suspicionSignals,
} from "../../../src/store/trust/index.js";
import {
  computeScores,
  NOTHING_STORED,
  REPUTATION,
  SUSPICION,
} from "../../../src/store/trust/recompute/compute.js";
import { recomputeSpace } from "../../../src/store/trust/recompute/recompute.js";
import { writeScores } from "../../../src/store/trust/recompute/score-table.js";
import { membersKey, moderator, SECRET } from "../../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { ratedSpace, requireOk, runAll, SPACE, stayAndReview } from "./support/rated-space.js";

/** Every stored row of the space but the time it was written, in a stable order. */
async function storedRows(db: Database) {
  const rows = await db.kysely
    .selectFrom("trust_scores")
    .selectAll()
    .where("space", "=", SPACE)
    .orderBy("algorithm")
    .orderBy("entity")
    .execute();
  return rows.map(({ computed_at: _, ...row }) => ({ ...row, log_size: Number(row.log_size) }));
}

describeBackends("stored trust scores", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("a full recompute in a worker stores every score with its provenance, as computed on request", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    const stages = new Set<string>();
    const report = await recomputeSpace(db, SPACE, {
      mode: "full",
      now: s.t.now,
      onProgress: (stage) => stages.add(stage),
    });
    const logSize = (await readLogState(db.kysely, SPACE)).size;
    expect(report).toMatchObject({ outcome: "written", analysed: true, logSize });
    expect([...stages]).toEqual(["evidence", "analysis", "suspicion", "reputation", "write"]);

    const rows = await storedRows(db);
    const members = [...s.hosts, ...s.honest, s.contrarian];
    const subjects = [...members, ...s.listings]; // every member is a subject of kind "member"
    expect(rows.filter((r) => r.algorithm === SUSPICION).map((r) => r.entity)).toEqual(
      [...members].sort(),
    );
    expect(rows.filter((r) => r.algorithm === REPUTATION).map((r) => r.entity)).toEqual(
      [...subjects].sort(),
    );
    for (const row of rows) {
      expect(row.space).toBe(SPACE);
      expect(row.log_size).toBe(logSize);
      expect(row.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(JSON.parse(row.params).now).toBe(s.t.now);
      expect(row.inputs).toMatch(/^[0-9a-f]{64}$/);
    }

    // The same numbers as the on-request path over the same evidence.
    const evidence = await loadSpaceEvidence(db, SPACE, s.t.now);
    if (evidence === null) throw new Error("no evidence");
    for (const listing of s.listings) {
      const row = rows.find((r) => r.algorithm === REPUTATION && r.entity === listing);
      const direct = subjectReputation(evidence, listing);
      expect(row?.score).toBe(direct.score);
      expect(JSON.parse(row?.params ?? "{}")).toEqual({ ...direct.provenance.params });
      expect(JSON.parse(row?.details ?? "{}").discounts).toEqual(
        JSON.parse(JSON.stringify(direct.discounts)),
      );
    }
    const signals = suspicionSignals(evidence).signals;
    const bySuspicion = rows
      .filter((r) => r.algorithm === SUSPICION)
      .sort((a, b) => b.score - a.score || (a.entity < b.entity ? -1 : 1));
    expect(bySuspicion[0]?.entity).toBe(s.contrarian);
    expect(bySuspicion.map((r) => r.score)).toEqual(signals.map((m) => m.score));

    // The contrarian's reviews count less, and the explanation says why.
    const flat = JSON.parse(rows.find((r) => r.entity === s.listings[0])?.details ?? "{}");
    const reasons = flat.discounts.flatMap((d: { factors: { reason: string }[] }) =>
      d.factors.map((f) => f.reason),
    );
    expect(reasons).toContain("credibility");

    // Computing on this thread gives the same rows as the worker did.
    const inThread = computeScores(evidence, NOTHING_STORED);
    const reputationRows = inThread.updates.find((u) => u.algorithm === REPUTATION)?.rows ?? [];
    expect(reputationRows.map((r) => [r.entity, r.score, r.details, r.inputs])).toEqual(
      rows
        .filter((r) => r.algorithm === REPUTATION)
        .map((r) => [r.entity, r.score, r.details, r.inputs]),
    );
  });

  it("an incremental recompute leaves exactly the rows a full recompute leaves", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now });

    // New ratings, a withdrawal, a new member, a new listing, an alert.
    s.t.now += 3_600_000;
    const newcomer = memberIdFor(SECRET, "newcomer");
    await runAll(s.t, [
      { actor: membersKey, command: "joinMember", input: { member: newcomer, displayName: "N" } },
      {
        actor: membersKey,
        command: "registerSubject",
        input: { subject: "flat-9", kind: "listing", owner: newcomer, name: "Flat 9" },
      },
      ...stayAndReview(s.t, newcomer, "flat-0", 5, "n-0"),
      ...stayAndReview(s.t, s.contrarian, "flat-9", 1, "c-9"),
    ]);
    const withdrawn = await db.kysely
      .selectFrom("reviews")
      .select("id")
      .where("space", "=", SPACE)
      .where("author", "=", s.honest[0] as string)
      .executeTakeFirstOrThrow();
    requireOk(
      await s.t.service.execute(
        SPACE,
        { kind: "member", member: s.honest[0] as string },
        "withdrawReview",
        { review: withdrawn.id },
      ),
    );
    requireOk(
      await s.t.service.execute(SPACE, moderator, "raiseAlert", {
        target: { kind: "member", id: s.contrarian },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "rates every listing 1",
        goodFaith: true,
      }),
    );

    const incremental = await recomputeSpace(db, SPACE, { now: s.t.now });
    expect(incremental).toMatchObject({ mode: "incremental", outcome: "written", analysed: true });
    const afterIncremental = await storedRows(db);
    const full = await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now });
    expect(full?.logSize).toBe(incremental?.logSize);
    expect(await storedRows(db)).toEqual(afterIncremental);
    expect(afterIncremental.some((r) => r.entity === "flat-9")).toBe(true);
    expect(afterIncremental.some((r) => r.entity === newcomer && r.algorithm === SUSPICION)).toBe(
      true,
    );

    // One rating moved to another listing: the prior keeps its value, so only the subjects whose
    // reviews or raters' credibility changed are recomputed, and the rows still equal a full run's.
    const mover = s.honest[3] as string;
    const moved = await db.kysely
      .selectFrom("reviews")
      .select("id")
      .where("space", "=", SPACE)
      .where("author", "=", mover)
      .where("subject", "=", "flat-1")
      .executeTakeFirstOrThrow();
    requireOk(
      await s.t.service.execute(SPACE, { kind: "member", member: mover }, "withdrawReview", {
        review: moved.id,
      }),
    );
    await runAll(s.t, stayAndReview(s.t, mover, "flat-2", 4, "moved"));
    const partial = await recomputeSpace(db, SPACE, { now: s.t.now });
    const reputation = partial?.algorithms.find((a) => a.algorithm === REPUTATION);
    expect(reputation?.written).toBeGreaterThanOrEqual(2);
    expect(reputation?.unchanged).toBeGreaterThan(0);
    expect((reputation?.written ?? 0) + (reputation?.unchanged ?? 0)).toBe(
      afterIncremental.filter((r) => r.algorithm === REPUTATION).length,
    );
    const afterPartial = await storedRows(db);
    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now });
    expect(await storedRows(db)).toEqual(afterPartial);
  });

  it("after events that change no rating, skips the analysis and confirms the rows at the new size", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    const first = await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now });
    const before = await storedRows(db);

    const later = memberIdFor(SECRET, "later");
    await runAll(s.t, [
      { actor: membersKey, command: "joinMember", input: { member: later, displayName: "L" } },
    ]);
    // A member who joins is a node of the ratings graph: the analysis runs again.
    const joined = await recomputeSpace(db, SPACE, { now: s.t.now });
    expect(joined?.analysed).toBe(true);

    requireOk(
      await s.t.service.execute(SPACE, moderator, "raiseAlert", {
        target: { kind: "subject", id: "flat-1" },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "photos are not of this flat",
        goodFaith: true,
      }),
    );
    const quiet = await recomputeSpace(db, SPACE, { now: s.t.now });
    const logSize = (await readLogState(db.kysely, SPACE)).size;
    expect(quiet).toMatchObject({ analysed: false, outcome: "written", logSize });
    expect(quiet?.algorithms.map((a) => a.written)).toEqual([0, 0]);
    const after = await storedRows(db);
    expect(after.every((r) => r.log_size === logSize)).toBe(true);
    const scoresOf = (rows: typeof before) =>
      rows.filter((r) => r.entity !== later).map((r) => [r.algorithm, r.entity, r.score]);
    expect(scoresOf(after)).toEqual(scoresOf(before));
    expect(first?.logSize).toBeLessThan(logSize);

    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now });
    expect(await storedRows(db)).toEqual(after);
  });

  it("does not write a computation older than the stored one", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    const old = await loadSpaceEvidence(db, SPACE, s.t.now);
    if (old === null) throw new Error("no evidence");
    await runAll(s.t, stayAndReview(s.t, s.honest[1] as string, "flat-2", 2, "late"));
    await recomputeSpace(db, SPACE, { mode: "full", now: s.t.now });
    const stored = await storedRows(db);
    const outcome = await writeScores(db, SPACE, computeScores(old, NOTHING_STORED), {
      replaceAll: true,
      basedOn: null,
      at: new Date().toISOString(),
    });
    expect(outcome).toEqual({ kind: "superseded", storedLogSize: stored[0]?.log_size });
    expect(await storedRows(db)).toEqual(stored);
    expect(await recomputeSpace(db, "no-such-space")).toBeNull();
  });
});
