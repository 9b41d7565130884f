/**
 * An inclusion proof worked through step by step for people (RFC 9162 §2.1.3.2): from the entry's leaf
 * hash, each proof hash is combined on the left or the right, and the last result must be the root the
 * checkpoint signs. The verdict is src/log's own (verifyInclusion via rootFromInclusionProof); the steps
 * replay the same walk to show each hash, and must end on the same root.
 */
import { nodeHash } from "../../../src/log/merkle/hash.js";
import { sameBytes } from "../../../src/log/merkle/same-bytes.js";
import { rootFromInclusionProof } from "../../../src/log/merkle/verify-inclusion.js";

/** One combination of the walk. */
export interface InclusionStep {
  /** The proof hash used. */
  readonly sibling: Uint8Array;
  /** Where the proof hash goes: left of the running hash, or right. */
  readonly side: "left" | "right";
  /** The running hash after this step. */
  readonly result: Uint8Array;
}

/** The whole working. */
export interface InclusionWorking {
  readonly steps: readonly InclusionStep[];
  /** The root the walk ends on (src/log's). */
  readonly computedRoot: Uint8Array;
  /** Whether it is the checkpoint's root. */
  readonly matches: boolean;
}

/**
 * Works the proof; throws LogError("invalid-proof") when src/log refuses its shape (too long, too short).
 *
 * @example workInclusion({ index: 5, treeSize: 8, leafHash, proof, root }).matches
 */
export function workInclusion(claim: {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}): InclusionWorking {
  const computedRoot = rootFromInclusionProof(claim);
  const steps: InclusionStep[] = [];
  let fn = claim.index;
  let sn = claim.treeSize - 1;
  let r = claim.leafHash;
  for (const p of claim.proof) {
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      steps.push({ sibling: p, side: "left", result: r });
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
      steps.push({ sibling: p, side: "right", result: r });
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (!sameBytes(r, computedRoot)) throw new Error("the worked steps disagree with src/log's walk");
  return { steps, computedRoot, matches: sameBytes(computedRoot, claim.root) };
}
