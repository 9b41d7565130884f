/**
 * The right frontier of a tree: the roots of its complete subtrees, one per set bit of the size, largest
 * (leftmost) first. It is all an appender needs to continue a log, and its right-to-left fold is the root
 * (RFC 9162 §2.1.1).
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { emptyRoot } from "./hash.js";
import type { HashStore, NodeId } from "./hash-store.js";
import {
  completeSubtrees,
  countSubtrees,
  foldSubtrees,
  requireHashSize,
  requireTreeInteger,
} from "./subtrees.js";

/** A tree size and the roots of its complete subtrees, largest first. */
export interface Frontier {
  readonly size: number;
  readonly hashes: readonly Digest[];
}

/** The smallest reader the tree functions need from a HashStore. */
export type HashReader = Pick<HashStore, "get">;

/**
 * The node ids of the frontier of a tree of `size` leaves, largest subtree first.
 *
 * @example frontierIds(6) // [{ level: 2, index: 0 }, { level: 1, index: 2 }]
 */
export function frontierIds(size: number): NodeId[] {
  requireTreeInteger(size, "tree size", "out-of-range");
  return completeSubtrees(0, size);
}

/**
 * Reads the frontier of a tree of `size` leaves from a store in one batched get, so that a persisted log
 * can resume appending without re-reading its leaves.
 *
 * @example const appender = createAppender(await readFrontier(store, checkpoint.size))
 */
export async function readFrontier(store: HashReader, size: number): Promise<Frontier> {
  const hashes = await store.get(frontierIds(size));
  return { size, hashes };
}

/**
 * The root of the tree a frontier describes; the empty tree's root for size 0.
 *
 * @example frontierRoot({ size: 0, hashes: [] }) // emptyRoot()
 */
export function frontierRoot(frontier: Frontier): Digest {
  requireValidFrontier(frontier);
  return frontier.size === 0 ? emptyRoot() : foldSubtrees(frontier.hashes);
}

/** Throws LogError("malformed") unless the frontier has one 32-byte hash per set bit of its size. */
export function requireValidFrontier(frontier: Frontier): void {
  requireTreeInteger(frontier.size, "frontier size", "malformed");
  const want = countSubtrees(frontier.size);
  if (frontier.hashes.length !== want) {
    throw new LogError(
      "malformed",
      `a tree of size ${frontier.size} has ${want} complete subtrees, got ${frontier.hashes.length} hashes`,
    );
  }
  frontier.hashes.forEach((h, i) => {
    requireHashSize(h, `frontier hash ${i}`, "malformed");
  });
}
