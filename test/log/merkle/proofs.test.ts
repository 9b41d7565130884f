/**
 * Proof generation on the classic 8-leaf tree: equal to the RFC's recursive definitions, equal to the
 * proofs of transparency-dev/merkle's vectors, verified by our verifiers; and its errors.
 */
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
// Through the public index, so that its re-exports are exercised too.
import {
  consistencyPlan,
  consistencyProof,
  createAppender,
  createMemoryHashStore,
  inclusionPlan,
  inclusionProof,
  leafHash,
  rootAt,
  verifyConsistency,
  verifyInclusion,
} from "../../../src/log/merkle/index.js";
import { CLASSIC_ENTRIES } from "./classic-tree.js";
import { hex, hexAll, naiveConsistency, naiveLeafHash, naivePath } from "./naive-tree.js";
import {
  readConsistencyVector,
  readInclusionVector,
  vectorFiles,
  vectorsPresent,
} from "./vector-files.js";

async function classicStore() {
  const store = createMemoryHashStore();
  const log = createAppender();
  for (const e of CLASSIC_ENTRIES) await store.put(log.append(leafHash(e)));
  return store;
}

const naiveLeaves = CLASSIC_ENTRIES.map(naiveLeafHash);

describe("proofs on the classic 8-leaf tree", () => {
  it("inclusion proofs equal PATH(m, D[n]) and verify, for every leaf of every size", async () => {
    const store = await classicStore();
    for (let n = 1; n <= 8; n += 1) {
      const root = await rootAt(store, n);
      for (let m = 0; m < n; m += 1) {
        const proof = await inclusionProof(store, m, n);
        expect(hexAll(proof), `${m} in ${n}`).toEqual(
          hexAll(naivePath(m, naiveLeaves.slice(0, n))),
        );
        verifyInclusion({
          index: m,
          treeSize: n,
          leafHash: naiveLeaves[m] as Uint8Array,
          proof,
          root,
        });
      }
    }
  });

  it("consistency proofs equal PROOF(m, D[n]) and verify, for every 0 < m ≤ n ≤ 8", async () => {
    const store = await classicStore();
    for (let n = 1; n <= 8; n += 1) {
      for (let m = 1; m <= n; m += 1) {
        const proof = await consistencyProof(store, m, n);
        const want = naiveConsistency(m, naiveLeaves.slice(0, n));
        expect(hexAll(proof), `${m} to ${n}`).toEqual(hexAll(want));
        const [oldRoot, newRoot] = [await rootAt(store, m), await rootAt(store, n)];
        verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof });
      }
    }
  });

  it("plans right-edge hashes from their complete parts (size 7: leaf 0 needs MTH(D[4:7]))", () => {
    expect(inclusionPlan(0, 7)).toEqual([
      [{ level: 0, index: 1 }],
      [{ level: 1, index: 1 }],
      [
        { level: 1, index: 2 },
        { level: 0, index: 6 },
      ],
    ]);
    expect(consistencyPlan(3, 3)).toEqual([]);
  });
});

describe.skipIf(!vectorsPresent)("our proofs equal the vectors' proofs", () => {
  it("for every accepted inclusion vector over the classic tree", async () => {
    const store = await classicStore();
    let compared = 0;
    for (const file of vectorFiles("inclusion")) {
      const v = readInclusionVector(file);
      const [m, n] = [Number(v.leafIdx), Number(v.treeSize)];
      const ours = n <= 8 && m < n ? naiveLeaves[m] : undefined;
      if (v.wantErr || ours === undefined || hex(ours) !== hex(v.leafHash)) continue;
      expect(hex(await rootAt(store, n)), file).toBe(hex(v.root));
      expect(hexAll(await inclusionProof(store, m, n)), file).toEqual(hexAll(v.proof));
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it("for every accepted consistency vector over the classic tree", async () => {
    const store = await classicStore();
    let compared = 0;
    for (const file of vectorFiles("consistency")) {
      const v = readConsistencyVector(file);
      const [m, n] = [Number(v.size1), Number(v.size2)];
      if (v.wantErr || m < 1 || n > 8) continue;
      if (hex(await rootAt(store, m)) !== hex(v.root1)) continue;
      expect(hex(await rootAt(store, n)), file).toBe(hex(v.root2));
      expect(hexAll(await consistencyProof(store, m, n)), file).toEqual(hexAll(v.proof));
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});

describe("proof generation errors", () => {
  it("refuses impossible requests with out-of-range", async () => {
    const store = await classicStore();
    const requests: [string, () => Promise<unknown>][] = [
      ["index = size", () => inclusionProof(store, 8, 8)],
      ["size 0", () => inclusionProof(store, 0, 0)],
      ["negative index", () => inclusionProof(store, -1, 8)],
      ["fractional size", () => inclusionProof(store, 0, 7.5)],
      ["size beyond 2^53", () => inclusionProof(store, 0, 2 ** 53)],
      ["old > new", () => consistencyProof(store, 5, 4)],
      ["old = 0", () => consistencyProof(store, 0, 4)],
      ["old = new = 0", () => consistencyProof(store, 0, 0)],
      ["NaN", () => consistencyProof(store, Number.NaN, 4)],
    ];
    for (const [what, request] of requests) {
      const error = await request().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isLogError(error, "out-of-range"), `${what}: ${String(error)}`).toBe(true);
    }
  });

  it("reports nodes beyond what the store holds as missing", async () => {
    const store = await classicStore();
    await expect(inclusionProof(store, 0, 9)).rejects.toMatchObject({ code: "missing" });
    await expect(consistencyProof(store, 3, 12)).rejects.toMatchObject({ code: "missing" });
  });

  it("reads each proof in one batched get", async () => {
    const store = await classicStore();
    let gets = 0;
    const counting = {
      get: (ids: Parameters<typeof store.get>[0]) => {
        gets += 1;
        return store.get(ids);
      },
    };
    await inclusionProof(counting, 0, 7);
    await consistencyProof(counting, 3, 7);
    expect(gets).toBe(2);
  });
});
