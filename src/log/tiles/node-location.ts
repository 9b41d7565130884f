/**
 * Where a tree node lives among the tiles. Node (level ℓ, index i) — the root of the complete subtree
 * over leaves [i·2^ℓ, (i+1)·2^ℓ), as in the HashStore port — is tile hash i when ℓ = 8·L, and otherwise
 * the Merkle Tree Hash of 2^(ℓ−8L) consecutive hashes of one tile at L = floor(ℓ/8) (C2SP tlog-tiles:
 * "The Merkle Tree levels between those expressed by the tile hashes are reconstructed by hashing").
 */
import { LogError } from "../errors.js";
import type { NodeId } from "../merkle/hash-store.js";
import { FULL_TILE_WIDTH, TILE_HEIGHT, type Tile } from "./tile.js";
import { assertTreeSize, tileWidth } from "./tile-layout.js";

/** A node as a run of tile hashes: its hash is the MTH of tile hashes [offset, offset + span). */
export interface NodeInTile {
  /** The tile at its width in the tree the node was located in. */
  readonly tile: Tile;
  readonly offset: number;
  /** 2^(ℓ − 8L): a power of two in 1..128. */
  readonly span: number;
}

// Tree sizes are below 2^53, so no complete subtree is higher than this.
const MAX_NODE_LEVEL = 52;

/**
 * The tile that holds node `node` of a tree of `size` leaves, and where in it. Throws
 * LogError("out-of-range") unless the node is a complete subtree of that tree.
 *
 * @example locateNode({ level: 5, index: 8 }, 300) // { tile: { level: 0, index: 1, width: 44 }, offset: 0, span: 32 }
 */
export function locateNode(node: NodeId, size: number): NodeInTile {
  assertCompleteNode(node, size);
  const level = Math.floor(node.level / TILE_HEIGHT);
  const span = 2 ** (node.level % TILE_HEIGHT);
  const first = node.index * span;
  const index = Math.floor(first / FULL_TILE_WIDTH);
  const tile = { level, index, width: tileWidth(level, index, size) };
  return { tile, offset: first % FULL_TILE_WIDTH, span };
}

/**
 * The complete subtrees whose hashes, folded from the right with nodeHash, give the root of a tree of
 * `size` leaves (RFC 9162 §2.1.1: one per set bit of `size`, largest and leftmost first).
 *
 * @example rootSubtrees(300) // [{ level: 8, index: 0 }, { level: 5, index: 8 }, { level: 3, index: 36 }, { level: 2, index: 74 }]
 */
export function rootSubtrees(size: number): NodeId[] {
  assertTreeSize(size);
  const nodes: NodeId[] = [];
  let start = 0;
  for (let level = MAX_NODE_LEVEL; level >= 0; level--) {
    const width = 2 ** level;
    if (Math.floor(size / width) % 2 === 1) {
      nodes.push({ level, index: start / width });
      start += width;
    }
  }
  return nodes;
}

function assertCompleteNode(node: NodeId, size: number): void {
  assertTreeSize(size);
  const { level, index } = node;
  if (!Number.isInteger(level) || level < 0 || level > MAX_NODE_LEVEL) {
    throw new LogError(
      "out-of-range",
      `node level ${level} is not an integer in 0..${MAX_NODE_LEVEL}`,
    );
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= Math.floor(size / 2 ** level)) {
    throw new LogError(
      "out-of-range",
      `node (${level}, ${index}) is not in a tree of size ${size}`,
    );
  }
}
