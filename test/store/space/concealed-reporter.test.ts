/**
 * Issue 3 through the store, on both backends: a member's notice and a notifier's appeal reach the log
 * without the member's id (entry bytes), while the store still knows who reported (the reporter follows
 * their alert, may appeal its resolution); the reporter's erasure and the alerts' retention forget
 * them as a replay of the log does (rebuild == incremental).
 */
import { expect, it } from "vitest";
import { replayPublicLog } from "../../../src/audit/replay/replay.js";
import { canonicalBytes } from "../../../src/domain/canonical-json.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import { DAY_MS, defaultPolicy } from "../../../src/domain/policy.js";
import { reporterAlertView } from "../../../src/domain/views.js";
import type { TileReader } from "../../../src/log/tiles/index.js";
import { fromDbBytes } from "../../../src/store/db-bytes.js";
import { appendEntries } from "../../../src/store/log/append-entries.js";
import { readEntries } from "../../../src/store/log/entries.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import { rebuild } from "../../../src/store/projections/rebuild.js";
import { sweepRetention } from "../../../src/store/projections/retention-sweep.js";
import { findRecord } from "../../../src/store/space/index.js";
import { listAlertsBy } from "../../../src/store/space/queries/own-queries.js";
import type { ExecuteResult } from "../../../src/store/space/results.js";
import { admin, membersKey, moderator, SECRET } from "../../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { as } from "./support/community.js";
import { testService } from "./support/service.js";
import { snapshot } from "./support/snapshot.js";

const SPACE = "notices";
const bob = memberIdFor(SECRET, "bob");
const carol = memberIdFor(SECRET, "carol");

function created(result: ExecuteResult, field: string): { id: string; index: number } {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const event = result.events[0];
  const id = (event?.public as Readonly<Record<string, unknown>> | undefined)?.[field];
  if (typeof id !== "string" || event === undefined) throw new Error(`no ${field}`);
  return { id, index: event.index };
}

describeBackends("concealed reporters", (backend) => {
  const current = freshDatabasePerTest(backend);

  async function reported(retentionDays = 365) {
    const { db } = current();
    const t = testService(db);
    const s = t.service;
    const space = await s.createSpace(
      {
        space: SPACE,
        name: "Notices",
        policy: { retention: { ...defaultPolicy().retention, alerts: retentionDays } },
      },
      admin,
    );
    if (!space.ok) throw new Error(JSON.stringify(space.error));
    for (const member of [bob, carol]) {
      const joined = await s.execute(SPACE, membersKey, "joinMember", {
        member,
        displayName: member === bob ? "Bob" : "Carol",
      });
      if (!joined.ok) throw new Error(JSON.stringify(joined.error));
    }
    const alert = created(
      await s.execute(SPACE, as(bob), "raiseAlert", {
        target: { kind: "member", id: carol },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Asked me to pay outside the platform",
        goodFaith: true,
      }),
      "alert",
    );
    const resolved = await s.execute(SPACE, moderator, "resolveAlert", {
      alert: alert.id,
      outcome: "no-action",
      decision: null,
      message: "Nothing found",
    });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
    const appeal = created(
      await s.execute(SPACE, as(bob), "fileAppeal", {
        target: { kind: "alert", id: alert.id },
        explanation: "Please look again",
      }),
      "appeal",
    );
    return { db, t, alert, appeal };
  }

  async function entryText(index: number): Promise<string> {
    const row = await current()
      .db.kysely.selectFrom("log_entries")
      .select("entry")
      .where("space", "=", SPACE)
      .where("idx", "=", index)
      .executeTakeFirstOrThrow();
    return new TextDecoder().decode(fromDbBytes(row.entry));
  }

  it("logs the notice and the notifier's appeal without the reporter; the store knows them", async () => {
    const { db, alert, appeal } = await reported();
    for (const index of [alert.index, appeal.index]) {
      const text = await entryText(index);
      expect(text).toContain('"actor":"concealed-member"');
      expect(text).not.toContain(bob);
    }
    const record = await findRecord(db.kysely, SPACE, "alert", alert.id);
    expect(record?.reporter).toBe(bob);
    expect(record === null ? null : reporterAlertView(record, bob)?.message).toBe("Nothing found");
    const own = await listAlertsBy(db.kysely, SPACE, bob);
    expect(own.ok ? own.value.items.map((a) => a.id) : own).toEqual([alert.id]);
    expect((await findRecord(db.kysely, SPACE, "appeal", appeal.id))?.appellant).toBe(bob);
    const incremental = await snapshot(db, SPACE);
    await rebuild(db, SPACE);
    expect(await snapshot(db, SPACE)).toEqual(incremental);
  });

  it("keeps reading a log written before the change (a shape 1 notice naming its reporter)", async () => {
    const { db, alert } = await reported();
    const legacy = canonicalBytes({
      v: 1,
      type: "alert.raised",
      id: "legacy-event",
      at: Date.UTC(2024, 11, 31),
      actor: `member:${carol}`,
      public: {
        space: SPACE,
        alert: "legacy-alert",
        target: { kind: "member", id: bob },
        reporter: carol,
        sourceType: "SOURCE_ARTICLE_16",
        goodFaith: true,
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      },
    });
    await db.spaceTransaction(SPACE, (w) => appendEntries(w, [legacy]));
    await rebuild(db, SPACE);
    const old = await findRecord(db.kysely, SPACE, "alert", "legacy-alert");
    expect(old?.reporter).toBe(carol);
    expect(old).not.toHaveProperty("reporterIn");
    expect((await findRecord(db.kysely, SPACE, "alert", alert.id))?.reporter).toBe(bob);
    const afterRebuild = await snapshot(db, SPACE);
    await rebuild(db, SPACE);
    expect(await snapshot(db, SPACE)).toEqual(afterRebuild);
    // An auditor replaying the public log reads both shapes, finds nothing wrong, and sees the old
    // notice's reporter only.
    const size = (await readLogState(db.kysely, SPACE)).size;
    const entries = (await readEntries(db.kysely, SPACE, 0, size)).map((e) => e.entry);
    const reader: TileReader = {
      head: { size, rootHash: new Uint8Array(32) },
      get: () => Promise.reject(new Error("not used")),
      readEntries: async (indices) => indices.map((i) => entries[i] as Uint8Array),
    };
    let reporters: (string | null)[] = [];
    const replayed = await replayPublicLog({
      reader,
      stops: [size],
      visit: (_, records) => {
        reporters = records.all("alert").map((a) => a.reporter);
      },
    });
    expect(replayed.findings).toEqual([]);
    expect(reporters.sort()).toEqual([carol, null].sort());
  });

  it("forgets the reporter on erasure, as a replay does", async () => {
    const { db, t, alert, appeal } = await reported();
    const erased = await t.service.execute(SPACE, membersKey, "eraseMember", { member: bob });
    expect(erased.ok).toBe(true);
    expect((await findRecord(db.kysely, SPACE, "alert", alert.id))?.reporter).toBeNull();
    expect((await findRecord(db.kysely, SPACE, "appeal", appeal.id))?.appellant).toBeNull();
    const incremental = await snapshot(db, SPACE);
    await rebuild(db, SPACE);
    expect(await snapshot(db, SPACE)).toEqual(incremental);
  });

  it("forgets the reporter when the alert's retention runs out, as a replay does", async () => {
    const { db, t, alert } = await reported(30);
    t.now += 31 * DAY_MS;
    const swept = await sweepRetention(db, SPACE, t.now);
    expect(swept.shredded).toBeGreaterThan(0);
    expect((await findRecord(db.kysely, SPACE, "alert", alert.id))?.reporter).toBeNull();
    const incremental = await snapshot(db, SPACE);
    await rebuild(db, SPACE);
    expect(await snapshot(db, SPACE)).toEqual(incremental);
  });
});
