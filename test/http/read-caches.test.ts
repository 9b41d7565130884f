/**
 * The read caches of the HTTP layer: the checkpoint kept until the sealer says another was published
 * (src/http/routes/checkpoint-cache.ts), summaries kept at most their TTL and dropped by writes
 * (src/http/routes/space/summary-cache.ts), and reads in flight across a change never kept.
 */
import { describe, expect, it } from "vitest";
import { createCheckpointCache } from "../../src/http/routes/checkpoint-cache.js";
import {
  COST_MULTIPLE,
  createSummaryCache,
  invalidatingWrites,
  lifetime,
  SUMMARY_MAX_TTL_MS,
} from "../../src/http/routes/space/summary-cache.js";
import type { SpaceService } from "../../src/store/space/service.js";

function signal() {
  const listeners = new Set<(space: string) => void>();
  return {
    onPublished(listener: (space: string) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(space: string) {
      for (const l of listeners) l(space);
    },
    get listening() {
      return listeners.size;
    },
  };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("checkpoint cache", () => {
  it("reads once until the sealer publishes, per space", async () => {
    const sealer = signal();
    const cache = createCheckpointCache(sealer);
    let reads = 0;
    let note = "n1";
    const read = async () => {
      reads++;
      return note;
    };
    expect(await cache.latest("a", read)).toBe("n1");
    expect(await cache.latest("a", read)).toBe("n1");
    expect(reads).toBe(1);
    note = "n2";
    sealer.publish("b");
    expect(await cache.latest("a", read)).toBe("n1");
    sealer.publish("a");
    expect(await cache.latest("a", read)).toBe("n2");
    expect(reads).toBe(2);
    cache.close();
    expect(sealer.listening).toBe(0);
  });

  it("does not keep a read that a publication overtook, nor a failed one", async () => {
    const sealer = signal();
    const cache = createCheckpointCache(sealer);
    const slow = deferred<string>();
    const first = cache.latest("a", () => slow.promise);
    sealer.publish("a");
    slow.resolve("old");
    expect(await first).toBe("old");
    expect(await cache.latest("a", async () => "new")).toBe("new");
    const failing = createCheckpointCache(signal());
    await expect(failing.latest("x", () => Promise.reject(new Error("none")))).rejects.toThrow();
    expect(await failing.latest("x", async () => "later")).toBe("later");
  });

  it("shares a read in flight between requests that miss together", async () => {
    const cache = createCheckpointCache(signal());
    const slow = deferred<string>();
    let reads = 0;
    const read = () => {
      reads++;
      return slow.promise;
    };
    const all = Promise.all([1, 2, 3].map(() => cache.latest("a", read)));
    slow.resolve("n");
    expect(await all).toEqual(["n", "n", "n"]);
    expect(reads).toBe(1);
  });

  it("reads every time without a sealer", async () => {
    const cache = createCheckpointCache(undefined);
    let reads = 0;
    for (let i = 0; i < 3; i++) await cache.latest("a", async () => String(++reads));
    expect(reads).toBe(3);
  });
});

describe("summary cache", () => {
  it("keeps a summary for its TTL by the clock, and drops a space's on a write", async () => {
    let now = 0;
    const cache = createSummaryCache<number>(() => now, 1_000);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get("s", "x", compute)).toBe(1);
    now = 999;
    expect(await cache.get("s", "x", compute)).toBe(1);
    now = 1_000;
    expect(await cache.get("s", "x", compute)).toBe(2);
    expect(await cache.get("t", "x", compute)).toBe(3);
    cache.invalidate("s");
    expect(await cache.get("s", "x", compute)).toBe(4);
    expect(await cache.get("t", "x", compute)).toBe(3);
  });

  it("keeps a slow summary COST_MULTIPLE times its computation, up to the cap, and still drops it on a write", async () => {
    let now = 0;
    const cache = createSummaryCache<number>(() => now, 1_000);
    let computed = 0;
    // Each computation takes 450 ms by the clock: kept 22.5 s from when it started.
    const slow = async () => {
      now += 450;
      return ++computed;
    };
    expect(await cache.get("s", "x", slow)).toBe(1);
    now = 22_499;
    expect(await cache.get("s", "x", slow)).toBe(1);
    now = 22_500;
    expect(await cache.get("s", "x", slow)).toBe(2);
    cache.invalidate("s");
    expect(await cache.get("s", "x", slow)).toBe(3);
    // A fast one keeps the TTL.
    now = 0;
    const fast = createSummaryCache<number>(() => now, 1_000);
    expect(await fast.get("s", "x", async () => ++computed)).toBe(4);
    now = 1_000;
    expect(await fast.get("s", "x", async () => ++computed)).toBe(5);
  });

  it("gives a summary's lifetime from its computation time", () => {
    expect(lifetime(1_000, 0)).toBe(1_000);
    expect(lifetime(1_000, 20)).toBe(1_000);
    expect(lifetime(1_000, 21)).toBe(21 * COST_MULTIPLE);
    expect(lifetime(1_000, 450)).toBe(22_500);
    expect(lifetime(1_000, 5_000)).toBe(SUMMARY_MAX_TTL_MS);
  });

  it("does not keep a summary computed while a write ran", async () => {
    const cache = createSummaryCache<string>(() => 0, 60_000);
    const slow = deferred<string>();
    const reading = cache.get("s", "x", () => slow.promise);
    cache.invalidate("s");
    slow.resolve("before the write");
    expect(await reading).toBe("before the write");
    expect(await cache.get("s", "x", async () => "after")).toBe("after");
  });

  it("shares one computation between requests that miss together, and keeps no failure", async () => {
    const cache = createSummaryCache<string>(() => 0, 60_000);
    const slow = deferred<string>();
    let computed = 0;
    const compute = () => {
      computed++;
      return slow.promise;
    };
    const all = Promise.all([1, 2, 3].map(() => cache.get("s", "x", compute)));
    slow.resolve("one");
    expect(await all).toEqual(["one", "one", "one"]);
    expect(computed).toBe(1);
    await expect(cache.get("s", "gone", () => Promise.reject(new Error("404")))).rejects.toThrow();
    expect(await cache.get("s", "gone", async () => "now")).toBe("now");
  });

  it("invalidatingWrites reports the space of every write once it settles, refused or thrown", async () => {
    const written: string[] = [];
    const order: string[] = [];
    const fake = {
      createSpace: async () => ({ ok: true }),
      execute: async (space: string) => {
        order.push(`ran ${space}`);
        return { ok: false };
      },
      executeBatch: async () => {
        throw new Error("down");
      },
      revealDue: async () => ({ ok: true }),
      readApplied: async () => ({ ok: true }),
    } as unknown as SpaceService;
    const service = invalidatingWrites(fake, (space) => {
      written.push(space);
      order.push(`dropped ${space}`);
    });
    await service.execute("a", { kind: "system" }, "joinMember", {} as never);
    await expect(service.executeBatch("b", [])).rejects.toThrow("down");
    await service.revealDue("c");
    await service.createSpace({ space: "d", name: "D" }, { kind: "system" });
    await service.readApplied("e", []);
    expect(written).toEqual(["a", "b", "c", "d"]);
    expect(order.slice(0, 2)).toEqual(["ran a", "dropped a"]);
  });
});
