/**
 * The Merkle tree of one receipt batch (batch-note.ts): RFC 9162 §2.1.1 over the batch's leaf hashes, kept
 * level by level so that every entry's audit path (§2.1.3.1 PATH) is read off it without hashing again.
 *
 * Building levels bottom-up, each pairing neighbours and carrying an odd last node up unchanged, gives the
 * same tree as the RFC's split at the largest power of two below n: both are the left-balanced tree whose
 * complete subtrees are those of n's binary expansion. So the path of leaf m is, level by level, the
 * sibling of m's ancestor when it has one (none when the ancestor is a carried last node), the order
 * rootFromInclusionProof (src/log/merkle/verify-inclusion.ts) expects. Cost: n − 1 node hashes for the
 * whole tree, then no hashing per path.
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { HASH_SIZE, nodeHash } from "../merkle/hash.js";
import { MAX_BATCH_SIZE } from "./batch-note.js";

/** A batch tree: its root and every level, leaves first. */
export interface BatchTree {
  /** RFC 9162 MTH of the leaves. */
  readonly root: Digest;
  /** levels[0] are the leaf hashes; the last level holds the root alone. */
  readonly levels: readonly (readonly Digest[])[];
}

/**
 * Builds the tree of `leaves` (RFC 9162 leaf hashes, at least one). Throws LogError("malformed") for no
 * leaf or a hash that is not 32 bytes, ("too-large") for more than MAX_BATCH_SIZE.
 *
 * @example batchTree([leafHash(a), leafHash(b), leafHash(c)]).root
 */
export function batchTree(leaves: readonly Uint8Array[]): BatchTree {
  if (leaves.length === 0)
    throw new LogError("malformed", "a receipt batch has at least one entry");
  if (leaves.length > MAX_BATCH_SIZE) {
    throw new LogError("too-large", `a receipt batch has at most ${MAX_BATCH_SIZE} entries`);
  }
  for (const leaf of leaves) {
    if (leaf.length !== HASH_SIZE) {
      throw new LogError("malformed", `a batch leaf hash is ${leaf.length} bytes, not 32`);
    }
  }
  const levels: Digest[][] = [[...leaves]];
  let level = levels[0] as Digest[];
  while (level.length > 1) {
    const up: Digest[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      up.push(nodeHash(level[i] as Digest, level[i + 1] as Digest));
    }
    if (level.length % 2 === 1) up.push(level[level.length - 1] as Digest);
    levels.push(up);
    level = up;
  }
  return { root: level[0] as Digest, levels };
}

/**
 * The audit path of the batch's leaf `offset` (0-based within the batch), leaf level first; empty for a
 * batch of one. Throws LogError("out-of-range") for an offset outside the batch.
 *
 * @example verifyInclusion({ index: 2, treeSize: 3, leafHash: c, proof: batchPath(tree, 2), root: tree.root })
 */
export function batchPath(tree: BatchTree, offset: number): Digest[] {
  const size = tree.levels[0]?.length ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= size) {
    throw new LogError("out-of-range", `offset ${offset} is not in a batch of ${size}`);
  }
  const path: Digest[] = [];
  let m = offset;
  // By index up to the root's level, not over a slice of the levels: one path per receipt written.
  for (let height = 0; height < tree.levels.length - 1; height++) {
    const level = tree.levels[height] as readonly Digest[];
    // Arithmetic, not bitwise: offsets reach 2^32, past 32-bit integers.
    const sibling = m % 2 === 0 ? m + 1 : m - 1;
    if (sibling < level.length) path.push(level[sibling] as Digest);
    m = Math.floor(m / 2);
  }
  return path;
}
