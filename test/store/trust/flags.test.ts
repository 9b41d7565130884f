/**
 * Suspicion into the moderation queue (src/store/trust/flag-suspicious.ts), on both backends: after a
 * recompute the members at or above the threshold are flagged through the space's log (system alerts
 * of the platform's own initiative), most suspicious first and within the limit; never twice while a
 * flag is pending; after a moderator dismissed one, again only once the member rated again; a decision
 * taken on a flag must declare the automated detection. Nothing is restricted by a flag.
 */
import { expect, it } from "vitest";
import { parseRecord } from "../../../src/store/projections/record-json.js";
import { flagSuspicious } from "../../../src/store/trust/flag-suspicious.js";
import { recomputeSpace } from "../../../src/store/trust/recompute/recompute.js";
import { removal } from "../../domain/support/moderation.js";
import { moderator } from "../../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { ratedSpace, requireOk, runAll, SPACE, stayAndReview } from "./support/rated-space.js";

describeBackends("flags of suspicion", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("flags once, again only after new ratings, and a decision on it declares automation", async () => {
    const { db } = current();
    const s = await ratedSpace(db);
    await recomputeSpace(db, SPACE, { now: s.t.now, worker: false });
    const alerts = async () =>
      (
        await db.kysely.selectFrom("alerts").select("data").where("space", "=", SPACE).execute()
      ).map((r) => parseRecord("alert", r.data));

    const none = await flagSuspicious(db, s.t.service, SPACE, { limit: 0 });
    expect(none).toMatchObject({ flagged: [], deferred: none.suspicious });
    expect(await alerts()).toEqual([]);

    const first = await flagSuspicious(db, s.t.service, SPACE);
    expect(first.flagged[0]).toBe(s.contrarian);
    expect(first.flagged).toHaveLength(first.suspicious);
    const [flag] = (await alerts()).filter((a) => a.target.id === s.contrarian);
    expect(flag).toMatchObject({ reporter: null, sourceType: "SOURCE_VOLUNTARY", outcome: null });
    expect((await flagSuspicious(db, s.t.service, SPACE)).flagged).toEqual([]);

    // A moderator looks and takes no action: no new flag while nothing new was rated.
    requireOk(
      await s.t.service.execute(SPACE, moderator, "resolveAlert", {
        alert: flag?.id as string,
        outcome: "no-action",
        decision: null,
        message: "Checked: an honest if harsh guest.",
      }),
    );
    expect((await flagSuspicious(db, s.t.service, SPACE)).flagged).toEqual([]);
    s.t.now += 60_000;
    await runAll(s.t, stayAndReview(s.t, s.contrarian, "flat-1", 1, "again"));
    await recomputeSpace(db, SPACE, { now: s.t.now, worker: false });
    const second = await flagSuspicious(db, s.t.service, SPACE);
    expect(second.flagged).toContain(s.contrarian);

    // Acting on the new flag: the statement must say the detection was automated.
    const latest = (await alerts()).find((a) => a.target.id === s.contrarian && a.outcome === null);
    const { decisionVisibility: _, ...statement } = removal(
      { kind: "member", id: s.contrarian },
      { decisionAccount: "DECISION_ACCOUNT_SUSPENDED", alert: latest?.id as string },
    );
    const refused = await s.t.service.execute(SPACE, moderator, "makeDecision", statement);
    expect(refused.ok || refused.error.rule).toBe("decision.automated-detection-declared");
    requireOk(
      await s.t.service.execute(SPACE, moderator, "makeDecision", {
        ...statement,
        automatedDetection: true,
      }),
    );
  });
});
