/**
 * Tree arithmetic shared by the appender, root-at and the proofs: the integer rules every size and index
 * obeys, and the split of a leaf range into complete (perfect) subtrees.
 *
 * RFC 9162 §2.1.1 defines MTH(D[n]) by splitting at k, the largest power of two smaller than n. Unrolled,
 * the tree over [0, n) is the right-to-left fold of its complete subtrees, one per set bit of n, largest
 * first; every hash a proof needs is such a fold over some range [lo, hi).
 *
 * Sizes and indices are JS numbers, exact only up to 2^53 − 1 (Number.MAX_SAFE_INTEGER); anything larger
 * has already been rounded, so it is refused rather than computed with. Bit operators (>>, &) work on 32
 * bits only, hence the arithmetic (% 2, / 2) below.
 */
import type { Digest } from "../crypto.js";
import { LogError, type LogErrorCode } from "../errors.js";
import { HASH_SIZE, nodeHash } from "./hash.js";
import type { NodeId } from "./hash-store.js";

const TWO_32 = 2 ** 32;

/**
 * True when `n` is a usable tree size or index: an integer in [0, 2^53 − 1].
 *
 * @example isTreeInteger(2 ** 53) // false: already rounded
 */
export function isTreeInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Throws LogError(`code`) unless `n` is a usable tree size or index (see isTreeInteger). */
export function requireTreeInteger(n: number, what: string, code: LogErrorCode): void {
  if (!isTreeInteger(n)) {
    throw new LogError(code, `${what} ${n} is not an integer in [0, 2^53 - 1]`);
  }
}

/** Throws LogError(`code`) unless `hash` is exactly HASH_SIZE bytes. */
export function requireHashSize(hash: Uint8Array, what: string, code: LogErrorCode): void {
  if (hash.length !== HASH_SIZE) {
    throw new LogError(code, `${what} is ${hash.length} bytes, want ${HASH_SIZE}`);
  }
}

/** The largest power of two ≤ x, for an integer 1 ≤ x ≤ 2^53 − 1. */
export function highestPowerOfTwo(x: number): number {
  if (x < TWO_32) return 2 ** (31 - Math.clz32(x));
  return TWO_32 * 2 ** (31 - Math.clz32(Math.floor(x / TWO_32)));
}

/** log2 of a power of two ≤ 2^53. */
function levelOf(powerOfTwo: number): number {
  if (powerOfTwo < TWO_32) return 31 - Math.clz32(powerOfTwo);
  return 32 + levelOf(powerOfTwo / TWO_32);
}

/**
 * k of RFC 9162 §2.1.1: the largest power of two strictly smaller than n (n ≥ 2).
 *
 * @example splitPoint(5) // 4; splitPoint(8) // 4
 */
export function splitPoint(n: number): number {
  return highestPowerOfTwo(n - 1);
}

/**
 * The complete subtrees covering leaves [lo, hi), left to right, each the largest one aligned at its start.
 * For [0, n) these are the n's set bits, largest first: the right frontier of a tree of size n.
 *
 * @example completeSubtrees(0, 6) // [{ level: 2, index: 0 }, { level: 1, index: 2 }]
 */
export function completeSubtrees(lo: number, hi: number): NodeId[] {
  const ids: NodeId[] = [];
  let start = lo;
  while (start < hi) {
    let width = highestPowerOfTwo(hi - start);
    while (start % width !== 0) width /= 2;
    ids.push({ level: levelOf(width), index: start / width });
    start += width;
  }
  return ids;
}

/**
 * The hash of a range from the hashes of its complete subtrees (left to right), folded right to left:
 * the smaller right part is always the right child (RFC 9162 §2.1.1). Needs at least one hash.
 *
 * @example foldSubtrees([h0to4, h4to6]) // nodeHash(h0to4, h4to6)
 */
export function foldSubtrees(hashes: readonly Digest[]): Digest {
  let i = hashes.length - 1;
  let acc = hashes[i];
  if (acc === undefined) throw new RangeError("foldSubtrees needs at least one hash");
  for (i -= 1; i >= 0; i -= 1) acc = nodeHash(hashes[i] as Digest, acc);
  return acc;
}

/** The number of set bits of a tree integer: how many complete subtrees a tree of size n has. */
export function countSubtrees(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}
