import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import { createAppender } from "../../../src/log/merkle/appender.js";
import { frontierIds, frontierRoot, readFrontier } from "../../../src/log/merkle/frontier.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { createMemoryHashStore } from "../../../src/log/merkle/memory-hash-store.js";
import { rootAt } from "../../../src/log/merkle/root-at.js";
import { CLASSIC_ENTRIES, CLASSIC_ROOT_8_HEX } from "./classic-tree.js";
import { hex, naiveLeafHash, naiveRoot } from "./naive-tree.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("createAppender on the classic 8-leaf tree", () => {
  const naiveLeaves = CLASSIC_ENTRIES.map(naiveLeafHash);

  it("has the RFC 9162 root at every size 0..8, and the published root at 8", () => {
    const log = createAppender();
    expect(hex(log.root())).toBe(hex(naiveRoot([])));
    expect(log.size).toBe(0);
    for (let k = 1; k <= 8; k += 1) {
      log.append(leafHash(CLASSIC_ENTRIES[k - 1] as Uint8Array));
      expect(log.size).toBe(k);
      expect(hex(log.root()), `size ${k}`).toBe(hex(naiveRoot(naiveLeaves.slice(0, k))));
    }
    expect(hex(log.root())).toBe(CLASSIC_ROOT_8_HEX);
  });

  it("returns the leaf and each completed parent, bottom up, with their RFC hashes", () => {
    const log = createAppender();
    const completed = CLASSIC_ENTRIES.map((e) => log.append(leafHash(e)));
    const shape = completed.map((nodes) => nodes.map((n) => `${n.id.level}/${n.id.index}`));
    expect(shape).toEqual([
      ["0/0"],
      ["0/1", "1/0"],
      ["0/2"],
      ["0/3", "1/1", "2/0"],
      ["0/4"],
      ["0/5", "1/2"],
      ["0/6"],
      ["0/7", "1/3", "2/1", "3/0"],
    ]);
    for (const node of completed.flat()) {
      const width = 2 ** node.id.level;
      const leaves = naiveLeaves.slice(node.id.index * width, (node.id.index + 1) * width);
      expect(hex(node.hash)).toBe(hex(naiveRoot(leaves)));
    }
  });

  it("serves rootAt for every past size from the nodes it completed", async () => {
    const store = createMemoryHashStore();
    const log = createAppender();
    for (const e of CLASSIC_ENTRIES) await store.put(log.append(leafHash(e)));
    for (let k = 0; k <= 8; k += 1) {
      expect(hex(await rootAt(store, k)), `size ${k}`).toBe(
        hex(naiveRoot(naiveLeaves.slice(0, k))),
      );
    }
  });
});

describe("frontier and resume", () => {
  it("frontierIds lists one complete subtree per set bit, largest first", () => {
    expect(frontierIds(0)).toEqual([]);
    expect(frontierIds(8)).toEqual([{ level: 3, index: 0 }]);
    expect(frontierIds(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(frontierIds(2 ** 40 + 1)).toEqual([
      { level: 40, index: 0 },
      { level: 0, index: 2 ** 40 },
    ]);
  });

  it("resumes from a frontier read back from the store and continues identically", async () => {
    const store = createMemoryHashStore();
    const whole = createAppender();
    const entries = Array.from({ length: 45 }, (_, i) => Uint8Array.of(i, i * 7));
    for (const e of entries) await store.put(whole.append(leafHash(e)));
    for (const cut of [0, 1, 13, 32, 44]) {
      const resumed = createAppender(await readFrontier(store, cut));
      expect(resumed.size).toBe(cut);
      expect(hex(resumed.root())).toBe(hex(await rootAt(store, cut)));
      for (const e of entries.slice(cut)) {
        for (const n of resumed.append(leafHash(e))) {
          expect(hex(n.hash)).toBe(hex((await store.get([n.id]))[0] as Uint8Array));
        }
      }
      expect(hex(resumed.root())).toBe(hex(whole.root()));
      expect(resumed.frontier()).toEqual(whole.frontier());
    }
  });

  it("frontierRoot folds a frontier into the root", () => {
    const log = createAppender();
    for (const e of CLASSIC_ENTRIES.slice(0, 6)) log.append(leafHash(e));
    expect(hex(frontierRoot(log.frontier()))).toBe(hex(log.root()));
  });

  it("refuses a frontier whose hashes do not match its size, and wrong-length leaf hashes", () => {
    const h = new Uint8Array(32);
    for (const bad of [
      { size: 3, hashes: [h] },
      { size: 1, hashes: [] },
      { size: 2, hashes: [h, h] },
      { size: 1, hashes: [new Uint8Array(31)] },
      { size: -1, hashes: [] },
      { size: 2 ** 53, hashes: [h] },
    ]) {
      expect(
        isLogError(
          thrown(() => createAppender(bad)),
          "malformed",
        ),
        `${bad.size}`,
      ).toBe(true);
    }
    const log = createAppender();
    expect(
      isLogError(
        thrown(() => log.append(new Uint8Array(33))),
        "malformed",
      ),
    ).toBe(true);
    expect(log.size).toBe(0);
  });

  it("does not let callers alter its state through returned or passed hashes", () => {
    const log = createAppender();
    const leaf = leafHash(Uint8Array.of(1));
    log.append(leaf);
    const before = hex(
      naiveRoot([naiveLeafHash(Uint8Array.of(1)), naiveLeafHash(Uint8Array.of(2))]),
    );
    leaf.fill(0);
    log.append(leafHash(Uint8Array.of(2))).forEach((n) => {
      n.hash.fill(0);
    });
    log.root().fill(0);
    log.frontier().hashes[0]?.fill(0);
    expect(hex(log.root())).toBe(before);
  });

  it("rootAt reports a size the store does not hold as missing, a bad size as out-of-range", async () => {
    const store = createMemoryHashStore();
    const log = createAppender();
    for (const e of CLASSIC_ENTRIES.slice(0, 3)) await store.put(log.append(leafHash(e)));
    await expect(rootAt(store, 4)).rejects.toMatchObject({ code: "missing" });
    await expect(rootAt(store, -1)).rejects.toMatchObject({ code: "out-of-range" });
    await expect(rootAt(store, 2 ** 53)).rejects.toMatchObject({ code: "out-of-range" });
  });
});
