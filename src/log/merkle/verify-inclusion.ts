/**
 * Inclusion proof verification, step by step as RFC 9162 §2.1.3.2. Pure and synchronous.
 *
 * Inputs are untrusted (a proof from a log, a leaf hash and root from a client). Limits: sizes and indices
 * must be integers in [0, 2^53 − 1] (larger ones have already been rounded by the number type); every hash
 * must be exactly 32 bytes; the proof can be no longer than the tree is deep (step 4a stops it).
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { nodeHash } from "./hash.js";
import { sameBytes } from "./same-bytes.js";
import { isTreeInteger, requireHashSize } from "./subtrees.js";

/** What an inclusion proof claims: leaf `leafHash` is at `index` in the tree of `treeSize` with `root`. */
export interface InclusionClaim {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  /** inclusion_path, leaf level first (as produced by inclusionProof). */
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

/**
 * Verifies an inclusion proof; returns nothing on success and throws LogError("invalid-proof") saying
 * why otherwise.
 *
 * @example verifyInclusion({ index: 5, treeSize: 8, leafHash: leafHash(entry), proof, root })
 */
export function verifyInclusion(claim: InclusionClaim): void {
  const computed = rootFromInclusionProof(claim);
  requireHashSize(claim.root, "root", "invalid-proof");
  if (!sameBytes(computed, claim.root)) {
    throw new LogError(
      "invalid-proof",
      `inclusion proof for leaf ${claim.index} in tree of size ${claim.treeSize} leads to a different root`,
    );
  }
}

/**
 * verifyInclusion as a boolean: true when the proof verifies.
 *
 * @example if (!isInclusionValid(claim)) reject()
 */
export function isInclusionValid(claim: InclusionClaim): boolean {
  try {
    verifyInclusion(claim);
    return true;
  } catch (e) {
    if (e instanceof LogError) return false;
    throw e;
  }
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–4, and the sn = 0 check of step 5),
 * for callers that compare it themselves. Throws LogError("invalid-proof") on a malformed claim.
 *
 * @example const root = rootFromInclusionProof({ index, treeSize, leafHash, proof })
 */
export function rootFromInclusionProof(claim: Omit<InclusionClaim, "root">): Digest {
  const { index, treeSize, leafHash, proof } = claim;
  requireSizes(index, treeSize);
  requireHashSize(leafHash, "leaf hash", "invalid-proof");
  proof.forEach((p, i) => {
    requireHashSize(p, `inclusion proof hash ${i}`, "invalid-proof");
  });
  // Step 2: fn walks up the path of the leaf, sn up the path of the last leaf.
  let fn = index;
  let sn = treeSize - 1;
  // Step 3.
  let r: Uint8Array = leafHash;
  // Step 4.
  for (const p of proof) {
    // 4a: the last leaf's path has reached the root, so this hash is one too many.
    if (sn === 0) fail(claim, "has more hashes than the tree is deep");
    if (fn % 2 === 1 || fn === sn) {
      // 4b: p is a left sibling; when fn === sn with fn even, the right edge skips levels without a sibling.
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    // 4c.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5 (first half): a proof that stops before the root is too short.
  if (sn !== 0) fail(claim, `is too short (${proof.length} hashes)`);
  return r;
}

/** Step 1, and the integer limits of this implementation. */
function requireSizes(index: number, treeSize: number): void {
  if (!isTreeInteger(index) || !isTreeInteger(treeSize)) {
    throw new LogError(
      "invalid-proof",
      `leaf index ${index} and tree size ${treeSize} must be integers in [0, 2^53 - 1]`,
    );
  }
  if (index >= treeSize) {
    throw new LogError("invalid-proof", `leaf index ${index} is not below tree size ${treeSize}`);
  }
}

function fail(claim: Omit<InclusionClaim, "root">, why: string): never {
  throw new LogError(
    "invalid-proof",
    `inclusion proof for leaf ${claim.index} in tree of size ${claim.treeSize} ${why}`,
  );
}
