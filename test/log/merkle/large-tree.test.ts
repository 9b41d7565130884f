/**
 * A 100,000-leaf tree: root against the RFC's recursive MTH, and proofs at random positions and sizes
 * (right edges included) verify.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Digest } from "../../../src/log/crypto.js";
import { createAppender } from "../../../src/log/merkle/appender.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import {
  createMemoryHashStore,
  type MemoryHashStore,
} from "../../../src/log/merkle/memory-hash-store.js";
import { inclusionPlan } from "../../../src/log/merkle/proof-plan.js";
import { consistencyProof, inclusionProof } from "../../../src/log/merkle/prove.js";
import { rootAt } from "../../../src/log/merkle/root-at.js";
import { verifyConsistency } from "../../../src/log/merkle/verify-consistency.js";
import { verifyInclusion } from "../../../src/log/merkle/verify-inclusion.js";
import { hex, hexAll, naiveLeafHash, naivePath, naiveRoot } from "./naive-tree.js";

const SIZE = 100_000;

function entry(i: number): Uint8Array {
  return new TextEncoder().encode(`record ${i}`);
}

describe("a 100k-leaf tree", () => {
  const store: MemoryHashStore = createMemoryHashStore();
  const leaves: Digest[] = [];
  let root: Digest;

  beforeAll(() => {
    const log = createAppender();
    for (let i = 0; i < SIZE; i += 1) {
      const h = leafHash(entry(i));
      leaves.push(h);
      store.putSync(log.append(h));
    }
    root = log.root();
  });

  it("has the RFC's MTH as root, also via rootAt", async () => {
    const oracle = naiveRoot(Array.from({ length: SIZE }, (_, i) => naiveLeafHash(entry(i))));
    expect(hex(root)).toBe(hex(oracle));
    expect(hex(await rootAt(store, SIZE))).toBe(hex(oracle));
  });

  it("inclusion proofs at random positions of random sizes verify", async () => {
    const roots = new Map<number, Digest>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: SIZE }), fc.nat(), async (treeSize, pick) => {
        const index = pick % treeSize;
        const proof = await inclusionProof(store, index, treeSize);
        const r = roots.get(treeSize) ?? (await rootAt(store, treeSize));
        roots.set(treeSize, r);
        verifyInclusion({ index, treeSize, leafHash: leaves[index] as Digest, proof, root: r });
      }),
      { numRuns: 500 },
    );
  });

  it("consistency proofs between random sizes verify", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: SIZE }), fc.nat(), async (newSize, pick) => {
        const oldSize = 1 + (pick % newSize);
        const proof = await consistencyProof(store, oldSize, newSize);
        const [oldRoot, newRoot] = [await rootAt(store, oldSize), await rootAt(store, newSize)];
        verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof });
      }),
      { numRuns: 500 },
    );
  });

  it("proofs of the first and last leaves equal PATH, the first folding a 5-part right edge", async () => {
    // Leaf 0's top sibling is MTH(D[65536:100000]): 100000 − 65536 = 2^15 + 2^10 + 2^9 + 2^7 + 2^5.
    expect(inclusionPlan(0, SIZE).at(-1)).toHaveLength(5);
    for (const index of [0, SIZE - 1]) {
      const proof = await inclusionProof(store, index, SIZE);
      expect(hexAll(proof)).toEqual(hexAll(naivePath(index, leaves)));
      verifyInclusion({ index, treeSize: SIZE, leafHash: leaves[index] as Digest, proof, root });
    }
  });
});
