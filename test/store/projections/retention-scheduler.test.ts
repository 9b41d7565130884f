/**
 * The retention scheduler: a pass sweeps every space under its own policy (a space keeping display names
 * 30 days loses them 31 days on, one keeping them until erasure keeps them), the retention date the
 * member's export shows is the day it happens, and a second pass finds nothing. On both backends.
 */
import { expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { DAY_MS } from "../../../src/domain/policy.js";
import { retentionDates } from "../../../src/store/member-data/retention-dates.js";
import { startRetentionScheduler } from "../../../src/store/projections/retention-scheduler.js";
import { getRecord } from "../../../src/store/projections/sql-reader.js";
import { admin, membersKey, SECRET } from "../../domain/support/world.js";
import { testService } from "../space/support/service.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

function retention(members: number | null) {
  return {
    members,
    reviews: null,
    interactions: null,
    vouches: null,
    alerts: null,
    moderation: null,
  };
}

describeBackends("retention scheduler", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("shreds what each space's policy says is due, and nothing else", async () => {
    const { db } = current();
    const t = testService(db);
    const short = memberIdFor(SECRET, "short");
    const kept = memberIdFor(SECRET, "kept");
    for (const [space, days, member] of [
      ["brief", 30, short],
      ["forever", null, kept],
    ] as const) {
      const created = await t.service.createSpace(
        { space, name: space, policy: { retention: retention(days) } },
        admin,
      );
      expect(created.ok).toBe(true);
      const joined = await t.service.execute(space, membersKey, "joinMember", {
        member,
        displayName: "Ada",
      });
      expect(joined.ok).toBe(true);
    }
    const policy = (await getRecord(db.kysely, "space", "brief", "brief"))?.policy;
    if (policy === undefined) throw new Error("no space");
    const dates = [];
    for await (const d of retentionDates(db.kysely, "brief", short, policy)) dates.push(d);
    const [date] = dates;
    expect(date?.shredAt).toBe(t.now + 30 * DAY_MS);

    let at = t.now + 29 * DAY_MS;
    const scheduler = startRetentionScheduler({ db, intervalMs: null, now: () => at });
    expect((await scheduler.runNow()).shredded.size).toBe(0);
    at = t.now + 31 * DAY_MS;
    const pass = await scheduler.runNow();
    expect([...pass.shredded]).toEqual([["brief", 1]]);
    expect(pass.failed.size).toBe(0);
    expect((await getRecord(db.kysely, "member", "brief", short))?.displayName).toBeNull();
    expect((await getRecord(db.kysely, "member", "forever", kept))?.displayName).toBe("Ada");
    expect((await scheduler.runNow()).shredded.size).toBe(0);
    await scheduler.stop();
  });
});
