import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import type { NodeId, StoredNode } from "../../../src/log/merkle/hash-store.js";
import {
  createMemoryHashStore,
  MAX_SLOTS_PER_LEVEL,
} from "../../../src/log/merkle/memory-hash-store.js";

/** A distinct, recognizable 32-byte hash for node (level, index). */
function hashFor(level: number, index: number): Uint8Array {
  const h = new Uint8Array(32);
  new DataView(h.buffer).setUint32(0, level);
  new DataView(h.buffer).setUint32(4, index);
  h[31] = 0xa5;
  return h;
}

function node(level: number, index: number): StoredNode {
  return { id: { level, index }, hash: hashFor(level, index) };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("createMemoryHashStore", () => {
  it("returns stored hashes in the order asked, across levels", async () => {
    const store = createMemoryHashStore();
    await store.put([node(0, 0), node(0, 1), node(1, 0), node(3, 7)]);
    const ids: NodeId[] = [
      { level: 3, index: 7 },
      { level: 0, index: 1 },
      { level: 1, index: 0 },
      { level: 0, index: 0 },
    ];
    const got = await store.get(ids);
    expect(got).toEqual(ids.map((id) => hashFor(id.level, id.index)));
    expect(store.getSync(ids)).toEqual(got);
  });

  it("throws LogError missing for absent nodes, including holes and other levels", async () => {
    const store = createMemoryHashStore();
    store.putSync([node(0, 0), node(0, 5000)]);
    for (const id of [
      { level: 0, index: 1 },
      { level: 0, index: 4999 },
      { level: 0, index: 5001 },
      { level: 0, index: 10 ** 9 },
      { level: 1, index: 0 },
      { level: 40, index: 0 },
      { level: 0, index: -1 },
      { level: 0, index: 0.5 },
    ]) {
      const error = await rejection(store.get([{ level: 0, index: 0 }, id]));
      expect(isLogError(error, "missing"), `${id.level}/${id.index}`).toBe(true);
      expect(store.has(id)).toBe(false);
    }
    expect(store.has({ level: 0, index: 5000 })).toBe(true);
  });

  it("keeps every hash while a level grows by doubling far past its first capacity", () => {
    const store = createMemoryHashStore();
    const count = 70_000;
    for (let i = 0; i < count; i += 1) store.putSync([node(0, i)]);
    const sample = [0, 1, 1023, 1024, 2047, 2048, 65_535, 65_536, count - 1];
    expect(store.getSync(sample.map((index) => ({ level: 0, index })))).toEqual(
      sample.map((i) => hashFor(0, i)),
    );
    // Contiguous slots: the reservation is a power-of-two capacity, not per-node objects.
    expect(store.byteLength()).toBe(131_072 * 32 + 131_072 / 8);
  });

  it("hands out copies, so callers cannot rewrite a stored hash", () => {
    const store = createMemoryHashStore();
    const original = node(0, 0);
    store.putSync([original]);
    const [copy] = store.getSync([{ level: 0, index: 0 }]);
    copy?.fill(0);
    original.hash.fill(0);
    expect(store.getSync([{ level: 0, index: 0 }])[0]).toEqual(hashFor(0, 0));
  });

  it("accepts the same hash again but refuses a different one (stored hashes never change)", async () => {
    const store = createMemoryHashStore();
    await store.put([node(2, 3)]);
    await store.put([node(2, 3)]);
    const other = { id: { level: 2, index: 3 }, hash: hashFor(9, 9) };
    expect(isLogError(await rejection(store.put([other])), "inconsistent")).toBe(true);
    expect((await store.get([{ level: 2, index: 3 }]))[0]).toEqual(hashFor(2, 3));
  });

  it("refuses malformed nodes and indices beyond its capacity", async () => {
    const store = createMemoryHashStore();
    const cases: [StoredNode, string][] = [
      [{ id: { level: 0, index: 0 }, hash: new Uint8Array(31) }, "malformed"],
      [{ id: { level: -1, index: 0 }, hash: hashFor(0, 0) }, "malformed"],
      [{ id: { level: 64, index: 0 }, hash: hashFor(0, 0) }, "malformed"],
      [{ id: { level: 0, index: 1.5 }, hash: hashFor(0, 0) }, "malformed"],
      [{ id: { level: 0, index: MAX_SLOTS_PER_LEVEL }, hash: hashFor(0, 0) }, "too-large"],
    ];
    for (const [bad, code] of cases) {
      const error = await rejection(store.put([bad]));
      expect(isLogError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
    }
  });
});
