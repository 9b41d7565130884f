import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.js";
import { createKeyedMutex } from "../../src/store/keyed-mutex.js";
import { appendAtCurrentSize } from "./support/append-at-size.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";
import { runWorkersTogether } from "./support/worker-process.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A promise and the function that settles it. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), sleep(ms).then(() => false)]);
}

async function storedIndices(db: Database, space: string): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom("log_entries")
    .select("idx")
    .where("space", "=", space)
    .orderBy("idx")
    .execute();
  return rows.map((r) => r.idx);
}

describe("keyed mutex", () => {
  it("runs holders of one key one at a time, in order, and other keys alongside", async () => {
    const mutex = createKeyedMutex();
    const log: string[] = [];
    const hold = (key: string, name: string, ms: number) =>
      mutex.run(key, async () => {
        log.push(`${name} in`);
        await sleep(ms);
        log.push(`${name} out`);
      });
    await Promise.all([hold("a", "a1", 20), hold("a", "a2", 1), hold("b", "b1", 1)]);
    expect(log).toEqual(["a1 in", "b1 in", "b1 out", "a1 out", "a2 in", "a2 out"]);
    expect(mutex.size()).toBe(0);
  });

  it("releases the key when the holder throws", async () => {
    const mutex = createKeyedMutex();
    const boom = new Error("boom");
    await expect(mutex.run("a", async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(await mutex.run("a", async () => "next")).toBe("next");
    expect(mutex.size()).toBe(0);
  });
});

describeBackends("one writer per space", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("gives concurrent writers to one space gap-free indices", async () => {
    const { db } = current();
    const written = await Promise.all(range(30).map(() => appendAtCurrentSize(db, "market")));
    expect([...written].sort((a, b) => a - b)).toEqual(range(30));
    expect(await storedIndices(db, "market")).toEqual(range(30));
  });

  it("serializes writers in separate processes too", async () => {
    const { db, location } = current();
    // Two other processes and this one write the same space at once; only the database's lock
    // (advisory lock, or SQLite's single writer) stands between them.
    const command = ["append", "market", "15"];
    const [here, ...there] = await runWorkersTogether(location, [command, command], () =>
      Promise.all(range(15).map(() => appendAtCurrentSize(db, "market"))),
    );
    const all = [...here, ...(there as number[][]).flat()].sort((a, b) => a - b);
    expect(all).toEqual(range(45));
    expect(await storedIndices(db, "market")).toEqual(range(45));
  });

  it("refuses an empty space id", async () => {
    await expect(current().db.spaceTransaction("", async () => 1)).rejects.toThrow(RangeError);
  });

  it("holds a space's lock until commit, and frees it after a rollback", async () => {
    const { db } = current();
    const release = gate();
    const first = db.spaceTransaction("market", () => release.opened);
    try {
      await sleep(20);
      const second = appendAtCurrentSize(db, "market");
      expect(await settlesWithin(second, 100)).toBe(false);
      release.open();
      await first;
      expect(await second).toBe(0);
    } finally {
      release.open();
    }

    await db
      .spaceTransaction("market", () => Promise.reject(new Error("rolled back")))
      .catch(() => {});
    expect(await appendAtCurrentSize(db, "market")).toBe(1);
  });

  it.runIf(backend.name === "postgres")(
    "lets writers to different spaces proceed concurrently, and holds one space across handles",
    async () => {
      const { db, openSecond } = current();
      const release = gate();
      // The holder touches no row: only the space lock can make others wait for it.
      const holder = db.spaceTransaction("a", () => release.opened);
      try {
        await sleep(20);
        // Another space commits while "a" is still open.
        expect(await settlesWithin(appendAtCurrentSize(db, "b"), 2_000)).toBe(true);
        // The same space from another handle (its own in-process mutex): only the advisory lock holds it.
        const other = await openSecond();
        const blocked = appendAtCurrentSize(other, "a");
        expect(await settlesWithin(blocked, 200)).toBe(false);
        release.open();
        await holder;
        expect(await blocked).toBe(0);
      } finally {
        release.open();
      }
    },
  );
});
