/**
 * The export's planner for many inclusion proofs at once (member-events.ts, proofSteps) names the same
 * hashes as the one-leaf plan of RFC 9162 §2.1.3.1 (proof-plan.ts, inclusionPlan), for every leaf of
 * every tree size up to 300 and at a few large sizes.
 */
import { describe, expect, it } from "vitest";
import type { NodeId } from "../../../src/log/merkle/hash-store.js";
import { inclusionPlan } from "../../../src/log/merkle/proof-plan.js";
import { completeSubtrees } from "../../../src/log/merkle/subtrees.js";
import { proofSteps } from "../../../src/store/member-data/member-events.js";

/** A step as the node ids it folds, as inclusionPlan gives them. */
function parts(step: number, treeSize: number): NodeId[] {
  if (step >= 0) return [{ index: Math.floor(step / 64), level: step % 64 }];
  return completeSubtrees(-step - 1, treeSize);
}

describe("proofSteps", () => {
  it("agrees with inclusionPlan for every leaf of trees of 1 to 300 leaves", () => {
    for (let n = 1; n <= 300; n++) {
      for (let m = 0; m < n; m++) {
        expect(proofSteps(m, n).map((s) => parts(s, n))).toEqual(inclusionPlan(m, n));
      }
    }
  });

  it("agrees with inclusionPlan on large trees, at the edges and inside", () => {
    for (const n of [30_007, 65_536, 65_537, 1_000_003, 2 ** 40 + 12_345]) {
      for (const m of [0, 1, Math.floor(n / 3), n - 2, n - 1]) {
        expect(proofSteps(m, n).map((s) => parts(s, n))).toEqual(inclusionPlan(m, n));
      }
    }
  });
});
