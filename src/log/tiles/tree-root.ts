/**
 * The root hash of a tree recomputed from its tiles (C2SP tlog-tiles over RFC 9162 §2.1.1): the root of
 * a tree of size s folds, from the right, the hashes of the complete subtrees of s's binary
 * decomposition; each lives in the rightmost tile of its tile level.
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { emptyRoot, nodeHash } from "../merkle/hash.js";
import { bytesEqual } from "./bytes-equal.js";
import { locateNode, rootSubtrees } from "./node-location.js";
import type { Tile } from "./tile.js";
import { hashTileRange } from "./tile-contents.js";
import { fetchTileHashes, type TileFetcher } from "./tile-fetcher.js";
import { tilePath } from "./tile-path.js";

/** The part of a checkpoint the tiles are checked against. */
export interface TreeHead {
  readonly size: number;
  readonly rootHash: Uint8Array;
}

/**
 * The tiles a tree of `size` leaves needs to recompute its root: the rightmost, always partial, tile of
 * each tile level whose hashes enter the root.
 *
 * @example rootTiles(300) // [{ level: 1, index: 0, width: 1 }, { level: 0, index: 1, width: 44 }]
 */
export function rootTiles(size: number): Tile[] {
  const tiles = new Map<string, Tile>();
  for (const node of rootSubtrees(size)) {
    const { tile } = locateNode(node, size);
    tiles.set(tilePath(tile), tile);
  }
  return [...tiles.values()];
}

/**
 * The root of a tree of `size` leaves from the hashes of its root tiles, given by `hashesOf` (keyed by
 * tile path). Pure: the tile reader uses it on tiles it has already fetched.
 *
 * @example rootFromTileHashes(300, (path) => fetched.get(path))
 */
export function rootFromTileHashes(
  size: number,
  hashesOf: (path: string) => readonly Digest[] | undefined,
): Digest {
  const subtreeHashes = rootSubtrees(size).map((node) => {
    const { tile, offset, span } = locateNode(node, size);
    const hashes = hashesOf(tilePath(tile));
    if (hashes === undefined) throw new LogError("missing", `no hashes for ${tilePath(tile)}`);
    return hashTileRange(hashes, offset, span);
  });
  return foldFromRight(subtreeHashes);
}

/**
 * Fetches the root tiles of a tree of `size` leaves and recomputes its root hash. The tiles are not
 * authenticated by this alone: compare the result with a verified checkpoint (verifyTreeRoot does).
 *
 * @example const root = await rootFromTiles(300, fetcher)
 */
export async function rootFromTiles(size: number, fetcher: TileFetcher): Promise<Digest> {
  const tiles = rootTiles(size);
  const fetched = await Promise.all(tiles.map((tile) => fetchTileHashes(fetcher, tile)));
  const byPath = new Map(tiles.map((tile, i) => [tilePath(tile), fetched[i] ?? []]));
  return rootFromTileHashes(size, (path) => byPath.get(path));
}

/**
 * Recomputes the root from the tiles and throws LogError("inconsistent") unless it equals
 * `head.rootHash`. The signature on the checkpoint is checked elsewhere (src/log/checkpoint).
 *
 * @example await verifyTreeRoot({ size: 300, rootHash }, fetcher)
 */
export async function verifyTreeRoot(head: TreeHead, fetcher: TileFetcher): Promise<void> {
  const root = await rootFromTiles(head.size, fetcher);
  requireRoot(head, root);
}

/**
 * Throws LogError("inconsistent") unless `root` is the root hash of `head`.
 *
 * @example requireRoot(head, rootFromTileHashes(head.size, lookup))
 */
export function requireRoot(head: TreeHead, root: Digest): void {
  if (!bytesEqual(root, head.rootHash)) {
    throw new LogError(
      "inconsistent",
      `tiles do not hash to the root of the tree of size ${head.size}`,
    );
  }
}

// RFC 9162 §2.1.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two
// below n; unrolled over the decomposition, that is a fold from the right.
function foldFromRight(subtreeHashes: readonly Digest[]): Digest {
  let root: Digest | undefined;
  for (const hash of [...subtreeHashes].reverse()) {
    root = root === undefined ? hash : nodeHash(hash, root);
  }
  return root ?? emptyRoot();
}
