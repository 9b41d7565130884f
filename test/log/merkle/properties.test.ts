/**
 * Property tests over random trees (1..300 leaves): generated proofs verify and match the RFC's recursive
 * definitions, and the verifiers accept exactly the true claims: any bit flip, ±1 on a size or index,
 * truncation or extension makes a claim fail unless it happens to be another true claim.
 *
 * A size changed by ±1 comes with the root of that size: an RFC 9162 proof does not bind the size on its
 * own (the signed checkpoint binds size and root together). Where PATH or PROOF has the same shape at
 * both sizes, the unchanged proof and root describe some other tree of the new size, and verify.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import { createAppender } from "../../../src/log/merkle/appender.js";
import { readFrontier } from "../../../src/log/merkle/frontier.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import {
  createMemoryHashStore,
  type MemoryHashStore,
} from "../../../src/log/merkle/memory-hash-store.js";
import { consistencyProof, inclusionProof } from "../../../src/log/merkle/prove.js";
import { rootAt } from "../../../src/log/merkle/root-at.js";
import {
  type ConsistencyClaim,
  isConsistencyValid,
  verifyConsistency,
} from "../../../src/log/merkle/verify-consistency.js";
import {
  type InclusionClaim,
  isInclusionValid,
  verifyInclusion,
} from "../../../src/log/merkle/verify-inclusion.js";
import {
  hex,
  hexAll,
  naiveConsistency,
  naiveLeafHash,
  naivePath,
  naiveRoot,
} from "./naive-tree.js";

interface Tree {
  readonly entries: readonly Uint8Array[];
  /** Leaf hashes computed by the oracle, not by src. */
  readonly leaves: readonly Uint8Array[];
  readonly store: MemoryHashStore;
}

// Short entries so that equal leaves (hence coincidentally true mutated claims) do occur.
// fast-check's default size keeps arrays short; half the trees are drawn across the whole 1..300 range.
const entry = fc.uint8Array({ maxLength: 3 });
const entries = fc.oneof(
  fc.array(entry, { minLength: 1, maxLength: 300 }),
  fc.array(entry, { minLength: 1, maxLength: 300, size: "max" }),
);
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

async function buildTree(list: readonly Uint8Array[]): Promise<Tree> {
  const store = createMemoryHashStore();
  const log = createAppender();
  for (const e of list) await store.put(log.append(leafHash(e)));
  return { entries: list, leaves: list.map(naiveLeafHash), store };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  const at = bit % (copy.length * 8);
  copy[at >> 3] = (copy[at >> 3] as number) ^ (1 << (at & 7));
  return copy;
}

function sameList(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((x, i) => hex(x) === hex(b[i] as Uint8Array));
}

/** Whether an inclusion claim is true of the tree; undefined when it speaks of a size beyond it. */
function isTrueInclusion(tree: Tree, c: InclusionClaim): boolean | undefined {
  if (c.treeSize > tree.leaves.length) return undefined;
  if (c.index < 0 || c.index >= c.treeSize) return false;
  const prefix = tree.leaves.slice(0, c.treeSize);
  return (
    hex(c.leafHash) === hex(tree.leaves[c.index] as Uint8Array) &&
    hex(c.root) === hex(naiveRoot(prefix)) &&
    sameList(c.proof, naivePath(c.index, prefix))
  );
}

/** Whether a consistency claim is true of the tree; undefined when it speaks of a size beyond it. */
function isTrueConsistency(tree: Tree, c: ConsistencyClaim): boolean | undefined {
  if (c.newSize > tree.leaves.length) return undefined;
  if (c.oldSize < 1 || c.oldSize > c.newSize) return false;
  if (c.oldSize === c.newSize) return c.proof.length === 0 && hex(c.oldRoot) === hex(c.newRoot);
  return (
    hex(c.oldRoot) === hex(naiveRoot(tree.leaves.slice(0, c.oldSize))) &&
    hex(c.newRoot) === hex(naiveRoot(tree.leaves.slice(0, c.newSize))) &&
    sameList(c.proof, naiveConsistency(c.oldSize, tree.leaves.slice(0, c.newSize)))
  );
}

function expectInclusionVerdict(tree: Tree, claim: InclusionClaim, what: string): void {
  const truth = isTrueInclusion(tree, claim);
  if (truth === undefined) return;
  expect(isInclusionValid(claim), what).toBe(truth);
  if (!truth) {
    expect(() => verifyInclusion(claim), what).toThrow(
      expect.objectContaining({ code: "invalid-proof" }),
    );
  }
}

function expectConsistencyVerdict(tree: Tree, claim: ConsistencyClaim, what: string): void {
  const truth = isTrueConsistency(tree, claim);
  if (truth === undefined) return;
  expect(isConsistencyValid(claim), what).toBe(truth);
  if (!truth) {
    expect(() => verifyConsistency(claim), what).toThrow(
      expect.objectContaining({ code: "inconsistent" }),
    );
  }
}

describe("appender, rootAt and resume over random trees", () => {
  it("appender root and rootAt(k) equal the RFC's MTH", async () => {
    await fc.assert(
      fc.asyncProperty(entries, fc.nat(), async (list, pick) => {
        const tree = await buildTree(list);
        const log = createAppender();
        for (let k = 1; k <= list.length; k += 1) {
          log.append(leafHash(list[k - 1] as Uint8Array));
          expect(hex(log.root())).toBe(hex(await rootAt(tree.store, k)));
        }
        expect(hex(log.root())).toBe(hex(naiveRoot(tree.leaves)));
        const k = pick % (list.length + 1);
        expect(hex(await rootAt(tree.store, k))).toBe(hex(naiveRoot(tree.leaves.slice(0, k))));
      }),
      { numRuns: 60 },
    );
  });

  it("an appender restored from a frontier continues identically", async () => {
    await fc.assert(
      fc.asyncProperty(entries, fc.nat(), async (list, pick) => {
        const cut = pick % (list.length + 1);
        const tree = await buildTree(list);
        const original = createAppender();
        for (const e of list.slice(0, cut)) original.append(leafHash(e));
        const fromStore = createAppender(await readFrontier(tree.store, cut));
        const fromFrontier = createAppender(original.frontier());
        for (const e of list.slice(cut)) {
          const want = original.append(leafHash(e));
          expect(fromStore.append(leafHash(e))).toEqual(want);
          expect(fromFrontier.append(leafHash(e))).toEqual(want);
          expect(hex(fromStore.root())).toBe(hex(original.root()));
        }
        expect(fromFrontier.frontier()).toEqual(original.frontier());
        expect(hex(fromFrontier.root())).toBe(hex(naiveRoot(tree.leaves)));
      }),
      { numRuns: 60 },
    );
  });
});

describe("inclusion proofs over random trees", () => {
  it("verify, equal PATH, and every mutation fails unless it is another true claim", async () => {
    await fc.assert(
      fc.asyncProperty(
        entries,
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        hash32,
        async (list, pickSize, pickIndex, pickHash, bit, extra) => {
          const tree = await buildTree(list);
          const treeSize = 1 + (pickSize % list.length);
          const index = pickIndex % treeSize;
          const proof = await inclusionProof(tree.store, index, treeSize);
          const root = await rootAt(tree.store, treeSize);
          const leaf = tree.leaves[index] as Uint8Array;
          expect(hexAll(proof)).toEqual(hexAll(naivePath(index, tree.leaves.slice(0, treeSize))));
          const claim: InclusionClaim = { index, treeSize, leafHash: leaf, proof, root };
          verifyInclusion(claim);

          const k = proof.length === 0 ? 0 : pickHash % proof.length;
          const mutations: [string, InclusionClaim][] = [
            ["root bit flip", { ...claim, root: flipBit(root, bit) }],
            ["leaf bit flip", { ...claim, leafHash: flipBit(leaf, bit) }],
            ["index + 1", { ...claim, index: index + 1 }],
            ["index - 1", { ...claim, index: index - 1 }],
            ["extended at the end", { ...claim, proof: [...proof, extra] }],
            ["extended at the start", { ...claim, proof: [extra, ...proof] }],
          ];
          for (const size of [treeSize - 1, treeSize + 1]) {
            if (size < 1 || size > list.length) continue;
            const rootOfSize = await rootAt(tree.store, size);
            mutations.push([`size ${size}`, { ...claim, treeSize: size, root: rootOfSize }]);
          }
          if (proof.length > 0) {
            mutations.push(
              ["proof hashes cut short", { ...claim, proof: proof.map((p) => p.slice(1)) }],
              [
                "proof bit flip",
                { ...claim, proof: proof.with(k, flipBit(proof[k] as Uint8Array, bit)) },
              ],
              ["truncated", { ...claim, proof: proof.slice(0, -1) }],
              ["first hash dropped", { ...claim, proof: proof.slice(1) }],
            );
          }
          for (const [what, mutated] of mutations) expectInclusionVerdict(tree, mutated, what);
          // These can never be true claims, whatever the leaves.
          for (const [what, mutated] of mutations) {
            if (/bit flip|extended|truncated|dropped|cut short/.test(what)) {
              expect(isInclusionValid(mutated), what).toBe(false);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("consistency proofs over random trees", () => {
  it("verify, equal PROOF, and every mutation fails unless it is another true claim", async () => {
    await fc.assert(
      fc.asyncProperty(
        entries,
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        hash32,
        async (list, pickNew, pickOld, pickHash, bit, extra) => {
          const tree = await buildTree(list);
          const newSize = 1 + (pickNew % list.length);
          const oldSize = 1 + (pickOld % newSize);
          const proof = await consistencyProof(tree.store, oldSize, newSize);
          const oldRoot = await rootAt(tree.store, oldSize);
          const newRoot = await rootAt(tree.store, newSize);
          const want = naiveConsistency(oldSize, tree.leaves.slice(0, newSize));
          expect(hexAll(proof)).toEqual(hexAll(want));
          const claim: ConsistencyClaim = { oldSize, newSize, oldRoot, newRoot, proof };
          verifyConsistency(claim);

          const k = proof.length === 0 ? 0 : pickHash % proof.length;
          const mutations: [string, ConsistencyClaim][] = [
            ["old root bit flip", { ...claim, oldRoot: flipBit(oldRoot, bit) }],
            ["new root bit flip", { ...claim, newRoot: flipBit(newRoot, bit) }],
            ["swapped roots", { ...claim, oldRoot: newRoot, newRoot: oldRoot }],
            ["extended at the end", { ...claim, proof: [...proof, extra] }],
            ["extended at the start", { ...claim, proof: [extra, ...proof] }],
          ];
          for (const size of [oldSize - 1, oldSize + 1]) {
            if (size > list.length) continue;
            const rootOfSize = await rootAt(tree.store, size);
            mutations.push([`old size ${size}`, { ...claim, oldSize: size, oldRoot: rootOfSize }]);
          }
          for (const size of [newSize - 1, newSize + 1]) {
            if (size < 1 || size > list.length) continue;
            const rootOfSize = await rootAt(tree.store, size);
            mutations.push([`new size ${size}`, { ...claim, newSize: size, newRoot: rootOfSize }]);
          }
          if (proof.length > 0) {
            mutations.push(
              [
                "proof bit flip",
                { ...claim, proof: proof.with(k, flipBit(proof[k] as Uint8Array, bit)) },
              ],
              ["truncated", { ...claim, proof: proof.slice(0, -1) }],
              ["first hash dropped", { ...claim, proof: proof.slice(1) }],
            );
          }
          for (const [what, mutated] of mutations) expectConsistencyVerdict(tree, mutated, what);
          for (const [what, mutated] of mutations) {
            if (/proof bit flip|extended|truncated|dropped/.test(what)) {
              expect(isConsistencyValid(mutated), what).toBe(false);
            }
            if (/root bit flip/.test(what)) expect(isConsistencyValid(mutated), what).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("verifier input limits", () => {
  it("refuses sizes beyond 2^53 - 1 and non-integers instead of computing with rounded values", () => {
    const h = new Uint8Array(32);
    for (const [index, treeSize] of [
      [0, 2 ** 53],
      [2 ** 53, 2 ** 53 + 2],
      [0.5, 2],
      [0, Number.POSITIVE_INFINITY],
      [-1, 2],
    ] as const) {
      const claim = { index, treeSize, leafHash: h, proof: [h], root: h };
      expect(
        isLogError(
          catchIt(() => verifyInclusion(claim)),
          "invalid-proof",
        ),
      ).toBe(true);
    }
    for (const [oldSize, newSize] of [
      [1, 2 ** 53],
      [2 ** 53, 2 ** 53],
      [1.5, 3],
    ] as const) {
      const claim = { oldSize, newSize, oldRoot: h, newRoot: h, proof: [] };
      expect(
        isLogError(
          catchIt(() => verifyConsistency(claim)),
          "inconsistent",
        ),
      ).toBe(true);
    }
  });
});

function catchIt(run: () => void): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}
