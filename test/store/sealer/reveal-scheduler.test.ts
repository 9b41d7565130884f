/**
 * The reveal scheduler under a fake clock: a sealed review whose counterpart never reviews is revealed
 * (review.revealed, reason window-ended) once its double-blind window has passed, and not before; a full
 * batch is followed by another; one failing space does not stop the others; stop() waits for the pass.
 */
import { afterEach, expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { DAY_MS } from "../../../src/domain/policy.js";
import type { Database } from "../../../src/store/database.js";
import {
  type RevealScheduler,
  type RevealSchedulerOptions,
  startRevealScheduler,
} from "../../../src/store/sealer/reveal-scheduler.js";
import type { ExecuteResult } from "../../../src/store/space/results.js";
import { admin, as, attestKey, membersKey, SECRET } from "../../domain/support/world.js";
import { type TestService, testService } from "../space/support/service.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

const T0 = Date.UTC(2025, 0, 1);
const WINDOW_DAYS = 14;

function expectOk(result: ExecuteResult): ExecuteResult {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result;
}

/** A space with a host and `guests` guests, each of whom stayed once and reviewed; the host never did. */
async function spaceWithSealedReviews(t: TestService, space: string, guests: number) {
  const s = t.service;
  expectOk(
    await s.createSpace({ space, name: space, policy: { doubleBlindDays: WINDOW_DAYS } }, admin),
  );
  const host = memberIdFor(SECRET, `${space}-host`);
  expectOk(await s.execute(space, membersKey, "joinMember", { member: host, displayName: "Host" }));
  expectOk(
    await s.execute(space, membersKey, "registerSubject", {
      subject: "flat",
      kind: "listing",
      owner: host,
      name: "Flat",
    }),
  );
  const reviews: string[] = [];
  for (let i = 0; i < guests; i += 1) {
    const guest = memberIdFor(SECRET, `${space}-guest-${i}`);
    expectOk(
      await s.execute(space, membersKey, "joinMember", { member: guest, displayName: `G${i}` }),
    );
    expectOk(
      await s.execute(space, attestKey, "recordInteraction", {
        interaction: `stay-${i}`,
        occurredAt: t.now,
        kind: "stay",
        parties: [
          { member: guest, role: "guest", reviews: "flat" },
          { member: host, role: "host", reviews: guest },
        ],
      }),
    );
    const submitted = expectOk(
      await s.execute(space, as(guest), "submitReview", {
        subject: "flat",
        interaction: `stay-${i}`,
        overall: 4,
        text: "Quiet and clean",
      }),
    );
    const event = submitted.ok ? submitted.events.find((e) => e.type === "review.submitted") : null;
    reviews.push(String((event?.public as { review?: unknown } | undefined)?.review));
  }
  return reviews;
}

async function revealedAt(db: Database, space: string): Promise<(number | null)[]> {
  const rows = await db.kysely
    .selectFrom("reviews")
    .select("revealed_at")
    .where("space", "=", space)
    .orderBy("id")
    .execute();
  return rows.map((r) => (r.revealed_at === null ? null : Number(r.revealed_at)));
}

async function revealEvents(db: Database, space: string): Promise<number> {
  const rows = await db.kysely
    .selectFrom("log_entries")
    .select("entry")
    .where("space", "=", space)
    .execute();
  const decoder = new TextDecoder();
  return rows.filter((r) => decoder.decode(r.entry).includes('"review.revealed"')).length;
}

describeBackends("the reveal scheduler", (backend) => {
  const current = freshDatabasePerTest(backend);
  const started: RevealScheduler[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
  const start = (options: RevealSchedulerOptions) => {
    const scheduler = startRevealScheduler(options);
    started.push(scheduler);
    return scheduler;
  };

  it("reveals a sealed review once its window has passed, without the counterpart reviewing", async () => {
    const { db } = current();
    const t = testService(db, T0);
    await spaceWithSealedReviews(t, "stays", 1);
    const scheduler = start({ db, service: t.service, intervalMs: null, now: () => t.now });

    t.now = T0 + WINDOW_DAYS * DAY_MS - 1;
    const early = await scheduler.runNow();
    expect(early.revealed.size).toBe(0);
    expect(await revealedAt(db, "stays")).toEqual([null]);

    t.now = T0 + WINDOW_DAYS * DAY_MS + 1;
    const due = await scheduler.runNow();
    expect(due.revealed.get("stays")).toBe(1);
    expect(await revealedAt(db, "stays")).toEqual([t.now]);
    expect(await revealEvents(db, "stays")).toBe(1);

    // Nothing is revealed twice.
    t.now += DAY_MS;
    expect((await scheduler.runNow()).revealed.size).toBe(0);
    expect(await revealEvents(db, "stays")).toBe(1);
  });

  it("runs a pass at start and on its interval", async () => {
    const { db } = current();
    const t = testService(db, T0);
    await spaceWithSealedReviews(t, "stays", 2);
    t.now = T0 + (WINDOW_DAYS + 1) * DAY_MS;
    start({ db, service: t.service, intervalMs: 20, now: () => t.now });
    const deadline = Date.now() + 10_000;
    while ((await revealedAt(db, "stays")).includes(null)) {
      if (Date.now() > deadline) throw new Error("not revealed in time");
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await revealEvents(db, "stays")).toBe(2);
  });

  it("asks again while a batch comes back full", async () => {
    const { db } = current();
    const t = testService(db, T0);
    await spaceWithSealedReviews(t, "stays", 5);
    const calls: number[] = [];
    const service = {
      revealDue: (space: string, o?: { readonly now?: number; readonly limit?: number }) => {
        calls.push(o?.limit ?? -1);
        return t.service.revealDue(space, o);
      },
    };
    t.now = T0 + (WINDOW_DAYS + 1) * DAY_MS;
    const scheduler = start({ db, service, intervalMs: null, batchLimit: 2, now: () => t.now });
    const pass = await scheduler.runNow();
    expect(pass.revealed.get("stays")).toBe(5);
    expect(calls).toEqual([2, 2, 2]); // 2 + 2 + 1: the third batch was not full
    expect(await revealedAt(db, "stays")).not.toContain(null);
  });

  it("logs a failing space and still reveals the others", async () => {
    const { db } = current();
    const t = testService(db, T0);
    await spaceWithSealedReviews(t, "a", 1);
    await spaceWithSealedReviews(t, "b", 1);
    const errors: string[] = [];
    const service = {
      revealDue: (space: string, o?: { readonly now?: number; readonly limit?: number }) =>
        space === "a" ? Promise.reject(new Error("disk on fire")) : t.service.revealDue(space, o),
    };
    t.now = T0 + (WINDOW_DAYS + 1) * DAY_MS;
    const scheduler = start({
      db,
      service,
      intervalMs: null,
      now: () => t.now,
      logger: { error: (m) => errors.push(m), info: () => {} },
    });
    const pass = await scheduler.runNow();
    expect(pass.failed.get("a")).toBe("disk on fire");
    expect(pass.revealed.get("b")).toBe(1);
    expect(await revealedAt(db, "a")).toEqual([null]);
    expect(await revealedAt(db, "b")).not.toContain(null);
    expect(errors.join("\n")).toContain("space a not revealed: disk on fire");
  });

  it("stop() waits for the pass in flight and schedules no more", async () => {
    const { db } = current();
    const t = testService(db, T0);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let passes = 0;
    const service = {
      revealDue: async () => {
        passes += 1;
        await gate;
        return { ok: true, events: [], indices: [], receipts: [] } as ExecuteResult;
      },
    };
    await spaceWithSealedReviews(t, "stays", 1);
    t.now = T0 + (WINDOW_DAYS + 1) * DAY_MS;
    const scheduler = startRevealScheduler({ db, service, intervalMs: 5, now: () => t.now });
    while (passes === 0) await new Promise((r) => setTimeout(r, 5));
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false);
    release();
    await stopping;
    const after = passes;
    await new Promise((r) => setTimeout(r, 30));
    expect(passes).toBe(after);
  });
});
