/**
 * Consistency proof verification, step by step as RFC 9162 §2.1.4.2. Pure and synchronous.
 *
 * The RFC algorithm covers 0 < first < second; the other cases are decided first, as the
 * transparency-dev/merkle reference and its test vectors do:
 * - first > second: rejected (a log never shrinks);
 * - first = 0: rejected, even with second = 0 (every tree extends the empty one, so such a "proof" proves
 *   nothing and a verifier asking for it is confused);
 * - first = second: the proof must be empty and the two roots equal byte for byte. The roots' lengths
 *   are not checked here, as in the reference (its vectors use 12-byte placeholder roots for this case).
 *
 * Inputs are untrusted. Limits: sizes must be integers in [0, 2^53 − 1] (larger ones have already been
 * rounded by the number type); otherwise every hash must be exactly 32 bytes; the proof can be no longer
 * than the tree is deep (step 6 stops it).
 */
import { LogError } from "../errors.js";
import { nodeHash } from "./hash.js";
import { sameBytes } from "./same-bytes.js";
import { isTreeInteger, requireHashSize } from "./subtrees.js";

/** What a consistency proof claims: the tree of `newSize` with `newRoot` extends that of `oldSize`. */
export interface ConsistencyClaim {
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldRoot: Uint8Array;
  readonly newRoot: Uint8Array;
  /** consistency_path, as produced by consistencyProof. */
  readonly proof: readonly Uint8Array[];
}

/**
 * Verifies a consistency proof; returns nothing on success and throws LogError("inconsistent") saying
 * why otherwise.
 *
 * @example verifyConsistency({ oldSize: 6, newSize: 8, oldRoot, newRoot, proof })
 */
export function verifyConsistency(claim: ConsistencyClaim): void {
  requireOrderedSizes(claim);
  if (claim.oldSize === claim.newSize) {
    verifySameTree(claim);
    return;
  }
  verifyExtension(claim);
}

/**
 * verifyConsistency as a boolean: true when the proof verifies.
 *
 * @example if (!isConsistencyValid(claim)) alarm()
 */
export function isConsistencyValid(claim: ConsistencyClaim): boolean {
  try {
    verifyConsistency(claim);
    return true;
  } catch (e) {
    if (e instanceof LogError) return false;
    throw e;
  }
}

function requireOrderedSizes({ oldSize, newSize }: ConsistencyClaim): void {
  if (!isTreeInteger(oldSize) || !isTreeInteger(newSize)) {
    throw new LogError(
      "inconsistent",
      `tree sizes ${oldSize} and ${newSize} must be integers in [0, 2^53 - 1]`,
    );
  }
  if (oldSize > newSize) {
    throw new LogError("inconsistent", `tree size went down from ${oldSize} to ${newSize}`);
  }
  if (oldSize === 0) {
    throw new LogError("inconsistent", "a consistency proof from the empty tree proves nothing");
  }
}

/** Equal sizes: nothing to prove, the roots must simply be the same. */
function verifySameTree({ oldSize, oldRoot, newRoot, proof }: ConsistencyClaim): void {
  if (proof.length !== 0) {
    throw new LogError("inconsistent", `equal tree sizes (${oldSize}) need an empty proof`);
  }
  if (!sameBytes(oldRoot, newRoot)) {
    throw new LogError("inconsistent", `two different roots for the same tree size ${oldSize}`);
  }
}

/** RFC 9162 §2.1.4.2 for 0 < first < second. */
function verifyExtension(claim: ConsistencyClaim): void {
  const { oldSize: first, newSize: second, oldRoot, newRoot, proof } = claim;
  requireHashSize(oldRoot, "old root", "inconsistent");
  requireHashSize(newRoot, "new root", "inconsistent");
  proof.forEach((c, i) => {
    requireHashSize(c, `consistency proof hash ${i}`, "inconsistent");
  });
  // Step 1.
  if (proof.length === 0) fail(claim, "is empty");
  // Step 2: when first is a power of two, the old root is a node of the new tree and starts the path.
  const path = isPowerOfTwo(first) ? [oldRoot, ...proof] : proof;
  // Step 3.
  let fn = first - 1;
  let sn = second - 1;
  // Step 4: skip the levels where the old tree's last leaf is a right child (its left part is complete).
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // Step 6.
  for (let i = 1; i < path.length; i += 1) {
    const c = path[i] as Uint8Array;
    // 6a: the new tree's last leaf has reached the root, so this hash is one too many.
    if (sn === 0) fail(claim, "has more hashes than the tree is deep");
    if (fn % 2 === 1 || fn === sn) {
      // 6b: c is a left sibling common to both trees.
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      // 6c: c is a right sibling that only the new tree has.
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 7.
  if (sn !== 0) fail(claim, `is too short (${proof.length} hashes)`);
  if (!sameBytes(fr, oldRoot)) fail(claim, "does not lead to the old root");
  if (!sameBytes(sr, newRoot)) fail(claim, "does not lead to the new root");
}

function isPowerOfTwo(n: number): boolean {
  let rest = n;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
}

function fail({ oldSize, newSize }: ConsistencyClaim, why: string): never {
  throw new LogError(
    "inconsistent",
    `consistency proof from tree size ${oldSize} to ${newSize} ${why}`,
  );
}
