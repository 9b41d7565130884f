/**
 * The incremental appender: keeps only the right frontier (one complete-subtree root per set bit of the
 * size), so an append costs one node hash amortized (n appends complete n − popcount(n) parents) and
 * O(log n) memory, and a persisted log resumes from its frontier instead of re-reading every leaf.
 *
 * A small object of closures rather than a class: the state (size, frontier by level, cached root) stays
 * private without `#fields`, and the methods can be passed around unbound.
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { type Frontier, requireValidFrontier } from "./frontier.js";
import { emptyRoot, nodeHash } from "./hash.js";
import type { StoredNode } from "./hash-store.js";
import { requireHashSize } from "./subtrees.js";

/** A growing tree that knows its size, root and right frontier. */
export interface Appender {
  /** The number of leaves appended so far (including those restored from a frontier). */
  readonly size: number;
  /**
   * Appends one leaf hash (see leafHash) and returns the nodes it completes, bottom up: the leaf at level 0,
   * then each parent that became a complete subtree. Put them in a HashStore to serve proofs.
   */
  append(leafHash: Digest): StoredNode[];
  /** MTH of the leaves so far (RFC 9162 §2.1.1); SHA-256 of nothing for the empty tree. */
  root(): Digest;
  /** The current frontier, to persist next to the size so that createAppender can resume. */
  frontier(): Frontier;
}

/**
 * Creates an appender, empty or resumed from a persisted frontier (see readFrontier). Throws
 * LogError("malformed") for a frontier whose hash count does not match its size.
 *
 * @example
 * const log = createAppender()
 * await store.put(log.append(leafHash(entry)))
 * const resumed = createAppender(log.frontier())
 */
export function createAppender(from: Frontier = { size: 0, hashes: [] }): Appender {
  requireValidFrontier(from);
  let size = from.size;
  // byLevel[l] is the root of the complete subtree of 2^l leaves when bit l of size is set.
  const byLevel: (Digest | undefined)[] = levelsOfFrontier(from);
  // The appender's own array per level, rewritten in place: a level's subtree root is always used
  // (hashed into its parent) before the next one is kept there, so no copy per append is needed.
  const owned: Digest[] = [];
  let cachedRoot: Digest | undefined;

  function append(leaf: Digest): StoredNode[] {
    requireHashSize(leaf, "leaf hash", "malformed");
    if (size >= Number.MAX_SAFE_INTEGER) {
      throw new LogError("too-large", "a tree cannot grow beyond 2^53 - 1 leaves");
    }
    let hash = leaf;
    const completed: StoredNode[] = [{ id: { level: 0, index: size }, hash }];
    // Carry like a binary counter: each set low bit of size is a left sibling that now has a partner.
    let level = 0;
    let index = size;
    while (index % 2 === 1) {
      hash = nodeHash(byLevel[level] as Digest, hash);
      byLevel[level] = undefined;
      level += 1;
      index = (index - 1) / 2;
      completed.push({ id: { level, index }, hash });
    }
    // A private copy: the returned nodes belong to the caller, who may reuse their arrays.
    byLevel[level] = keepAt(owned, level, hash);
    size += 1;
    cachedRoot = undefined;
    return completed;
  }

  function root(): Digest {
    cachedRoot ??= foldByLevel(byLevel);
    return cachedRoot.slice();
  }

  function frontier(): Frontier {
    const hashes: Digest[] = [];
    for (let level = byLevel.length - 1; level >= 0; level -= 1) {
      const h = byLevel[level];
      if (h !== undefined) hashes.push(h.slice());
    }
    return { size, hashes };
  }

  return {
    get size() {
      return size;
    },
    append,
    root,
    frontier,
  };
}

/**
 * Copies `hash` into the appender's own array for `level` (made on the level's first use) and returns
 * that array, so that keeping a subtree root allocates nothing after the first append at each level.
 */
function keepAt(owned: Digest[], level: number, hash: Digest): Digest {
  let kept = owned[level];
  if (kept === undefined) {
    kept = new Uint8Array(hash.byteLength);
    owned[level] = kept;
  }
  kept.set(hash);
  return kept;
}

/** Places the frontier's hashes (largest first) at the levels of the size's set bits. */
function levelsOfFrontier({ size, hashes }: Frontier): (Digest | undefined)[] {
  const byLevel: (Digest | undefined)[] = [];
  let next = hashes.length - 1;
  for (let rest = size, level = 0; rest > 0; rest = Math.floor(rest / 2), level += 1) {
    byLevel[level] = rest % 2 === 1 ? (hashes[next--] as Digest).slice() : undefined;
  }
  return byLevel;
}

/** Folds the frontier from the smallest subtree up: the right part is always the smaller one. */
function foldByLevel(byLevel: readonly (Digest | undefined)[]): Digest {
  let acc: Digest | undefined;
  for (const h of byLevel) {
    if (h !== undefined) acc = acc === undefined ? h : nodeHash(h, acc);
  }
  return acc ?? emptyRoot();
}
