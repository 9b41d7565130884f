/**
 * Which stored nodes a proof needs, computed before any read so that a proof costs one batched get.
 *
 * Every hash of an RFC 9162 proof is MTH of some leaf range [lo, hi). Left of the tree's right edge the
 * range is a complete subtree (one stored node); on the right edge it is not complete, and its hash is the
 * fold of its complete parts (see subtrees.ts). A plan lists, per proof hash, those parts left to right.
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import type { NodeId } from "./hash-store.js";
import { completeSubtrees, foldSubtrees, requireTreeInteger, splitPoint } from "./subtrees.js";

/** Per proof hash, in proof order: the complete subtrees whose fold is that hash. */
export type ProofPlan = readonly (readonly NodeId[])[];

interface Range {
  readonly lo: number;
  readonly hi: number;
}

/**
 * The plan of the inclusion proof PATH(index, D[0:treeSize]) (RFC 9162 §2.1.3.1), leaf level first.
 * Throws LogError("out-of-range") unless 0 ≤ index < treeSize.
 *
 * @example inclusionPlan(2, 3) // [[{ level: 1, index: 0 }]]
 */
export function inclusionPlan(index: number, treeSize: number): ProofPlan {
  requireTreeInteger(index, "leaf index", "out-of-range");
  requireTreeInteger(treeSize, "tree size", "out-of-range");
  if (index >= treeSize) {
    throw new LogError("out-of-range", `leaf index ${index} is not below tree size ${treeSize}`);
  }
  return pathRanges(index, treeSize).map(toParts);
}

/**
 * The plan of the consistency proof PROOF(oldSize, D[0:newSize]) (RFC 9162 §2.1.4.1). Empty when the
 * sizes are equal. Throws LogError("out-of-range") unless 0 < oldSize ≤ newSize: a proof from the empty
 * tree is meaningless (every tree extends it) and verifiers reject it.
 *
 * @example consistencyPlan(6, 8) // 3 hashes: MTH(D[4:6]), MTH(D[6:8]), MTH(D[0:4])
 */
export function consistencyPlan(oldSize: number, newSize: number): ProofPlan {
  requireTreeInteger(oldSize, "old tree size", "out-of-range");
  requireTreeInteger(newSize, "new tree size", "out-of-range");
  if (oldSize === 0 || oldSize > newSize) {
    throw new LogError(
      "out-of-range",
      `no consistency proof from size ${oldSize} to size ${newSize}: need 0 < old ≤ new`,
    );
  }
  return subproofRanges(oldSize, newSize).map(toParts);
}

/**
 * All node ids of a plan, flattened in order: the one batch to read.
 *
 * @example const hashes = store.getSync(planIds(plan))
 */
export function planIds(plan: ProofPlan): NodeId[] {
  return plan.flat();
}

/**
 * The proof hashes of a plan, given the hashes of planIds(plan) in the same order.
 *
 * @example const proof = foldPlan(plan, await store.get(planIds(plan)))
 */
export function foldPlan(plan: ProofPlan, hashes: readonly Digest[]): Digest[] {
  const proof: Digest[] = [];
  let next = 0;
  for (const parts of plan) {
    const end = next + parts.length;
    if (end > hashes.length)
      throw new RangeError("foldPlan: fewer hashes than the plan's node ids");
    proof.push(
      parts.length === 1 ? (hashes[next] as Digest) : foldSubtrees(hashes.slice(next, end)),
    );
    next = end;
  }
  return proof;
}

function toParts(range: Range): NodeId[] {
  return completeSubtrees(range.lo, range.hi);
}

/**
 * PATH(m, D[n]) unrolled: descend from the root towards leaf m, taking the sibling range at each split.
 * The recursion emits the deepest sibling first, so the top-down walk is reversed.
 */
function pathRanges(m: number, n: number): Range[] {
  const ranges: Range[] = [];
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (m < mid) {
      ranges.push({ lo: mid, hi });
      hi = mid;
    } else {
      ranges.push({ lo, hi: mid });
      lo = mid;
    }
  }
  return ranges.reverse();
}

/**
 * SUBPROOF(m, D[n], true) unrolled (RFC 9162 §2.1.4.1): descend while the old tree's right edge lies
 * inside the current range; once it coincides with the range end, the range itself is the proof's first
 * hash, unless it is the whole old tree (b still true: the verifier has that root already).
 */
function subproofRanges(m: number, n: number): Range[] {
  const ranges: Range[] = [];
  let lo = 0;
  let hi = n;
  let isOldRoot = true;
  while (m !== hi) {
    const mid = lo + splitPoint(hi - lo);
    if (m <= mid) {
      ranges.push({ lo: mid, hi });
      hi = mid;
    } else {
      ranges.push({ lo, hi: mid });
      lo = mid;
      isOldRoot = false;
    }
  }
  if (!isOldRoot) ranges.push({ lo, hi });
  return ranges.reverse();
}
