/**
 * The retention sweep in steps: with a limit it shreds that many parts and says there are more; run
 * again until done, it ends where one unlimited sweep ends, and what it shredded is gone from the
 * records too (a rebuild agrees). A shortened retention applies to parts already kept. A space that
 * does not exist has nothing to sweep. On both backends.
 */
import { expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { DAY_MS } from "../../../src/domain/policy.js";
import { rebuild } from "../../../src/store/projections/rebuild.js";
import { sweepRetention } from "../../../src/store/projections/retention-sweep.js";
import type { ExecuteResult } from "../../../src/store/space/results.js";
import { admin, membersKey, SECRET } from "../../domain/support/world.js";
import { type TestService, testService } from "../space/support/service.js";
import { projectionSnapshot, snapshot } from "../space/support/snapshot.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

const MEMBERS = 7;

async function must(result: Promise<ExecuteResult>): Promise<void> {
  const r = await result;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}

/** A space whose members' display names are kept `days` days; MEMBERS members join. */
async function members(t: TestService, space: string, days: number | null): Promise<void> {
  await must(
    t.service.createSpace(
      {
        space,
        name: space,
        policy: {
          retention: {
            members: days,
            reviews: null,
            interactions: null,
            vouches: null,
            alerts: null,
            moderation: null,
          },
        },
      },
      admin,
    ),
  );
  for (let i = 0; i < MEMBERS; i++) {
    const member = memberIdFor(SECRET, `${space}-${i}`);
    await must(
      t.service.execute(space, membersKey, "joinMember", { member, displayName: `M${i}` }),
    );
  }
}

describeBackends("retention sweep", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("shreds in steps up to a limit, ending where one sweep ends", async () => {
    const { db } = current();
    const t = testService(db);
    await members(t, "stepped", 30);
    await members(t, "at-once", 30);
    const now = t.now + 31 * DAY_MS;
    expect(await sweepRetention(db, "stepped", t.now + 29 * DAY_MS)).toEqual({
      shredded: 0,
      keptSealed: 0,
      more: false,
    });
    const steps = [];
    for (let i = 0; i < 10; i++) {
      const report = await sweepRetention(db, "stepped", now, { limit: 3 });
      steps.push(report);
      if (!report.more) break;
    }
    expect(steps.map((s) => s.shredded)).toEqual([3, 3, 1]);
    expect(steps.map((s) => s.more)).toEqual([true, true, false]);
    expect(await sweepRetention(db, "at-once", now)).toEqual({
      shredded: MEMBERS,
      keptSealed: 0,
      more: false,
    });
    for (const space of ["stepped", "at-once"]) {
      const rows = await snapshot(db, space, ["members", "event_private"]);
      expect(rows.event_private).toEqual([]);
      const names = (rows.members ?? []).map((m) => JSON.parse(m.data as string).displayName);
      expect(names).toEqual(names.map(() => null));
      const incremental = await projectionSnapshot(db, space);
      await rebuild(db, space);
      expect(await projectionSnapshot(db, space)).toEqual(incremental);
    }
  });

  it("applies a shortened retention to parts already kept", async () => {
    const { db } = current();
    const t = testService(db);
    await members(t, "kept", null);
    expect((await sweepRetention(db, "kept", t.now + 400 * DAY_MS)).shredded).toBe(0);
    const policy = {
      retention: {
        members: 10,
        reviews: null,
        interactions: null,
        vouches: null,
        alerts: null,
        moderation: null,
      },
    };
    await must(t.service.execute("kept", admin, "changePolicy", { policy }));
    expect((await sweepRetention(db, "kept", t.now + 9 * DAY_MS)).shredded).toBe(0);
    expect((await sweepRetention(db, "kept", t.now + 10 * DAY_MS)).shredded).toBe(MEMBERS);
  });

  it("has nothing to do in a space that does not exist", async () => {
    const { db } = current();
    expect(await sweepRetention(db, "nowhere", Date.now())).toEqual({
      shredded: 0,
      keptSealed: 0,
      more: false,
    });
  });
});
