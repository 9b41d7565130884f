/**
 * Which tiles a tree of a given size has (C2SP tlog-tiles, "Partial Tiles"): at level L there are
 * floor(s / 256^L) complete nodes of tree level 8·L; they fill floor(·/256) full tiles, and the rest,
 * if any, one partial tile. Tree sizes are safe integers (< 2^53).
 */
import { LogError } from "../errors.js";
import { FULL_TILE_WIDTH, nodeLevelOfTile, type Tile } from "./tile.js";

/**
 * Throws LogError("out-of-range") unless `size` is a safe non-negative integer.
 *
 * @example assertTreeSize(300)
 */
export function assertTreeSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new LogError("out-of-range", `tree size ${size} is not a non-negative safe integer`);
  }
}

/**
 * The number of complete subtrees of tree level `nodeLevel` in a tree of `size` leaves.
 *
 * @example completeNodes(8, 300) // 1
 */
export function completeNodes(nodeLevel: number, size: number): number {
  return Math.floor(size / 2 ** nodeLevel); // division by a power of two is exact
}

/**
 * The width of tile (level, index) in a tree of `size` leaves: 256 for a full tile, 1..255 for the
 * partial tile at the right edge, 0 when the tree has no such tile.
 *
 * @example tileWidth(0, 1, 300) // 44
 */
export function tileWidth(level: number, index: number, size: number): number {
  const nodes = completeNodes(nodeLevelOfTile(level), size);
  const before = index * FULL_TILE_WIDTH;
  if (nodes <= before) return 0;
  return Math.min(FULL_TILE_WIDTH, nodes - before);
}

/**
 * True when a tree of `size` leaves holds every hash of `tile`. A log can serve such a tile (a partial
 * tile of an older size, or a full tile) from its HashStore.
 *
 * @example tileInTree({ level: 0, index: 1, width: 40 }, 300) // true
 */
export function tileInTree(tile: Tile, size: number): boolean {
  return tile.width <= tileWidth(tile.level, tile.index, size);
}

/**
 * Every tile of a tree of `size` leaves, level by level, full tiles first, as C2SP lists them: a tree of
 * 70,000 has 273 full and one 112-wide tile at level 0, one full and one 17-wide at level 1, one 1-wide
 * at level 2.
 *
 * @example [...tilesOfTree(300)] // [{0,0,256}, {0,1,44}, {1,0,1}]
 */
export function* tilesOfTree(size: number): Generator<Tile> {
  yield* tilesAddedBetween(0, size);
}

/**
 * The tiles that a tree growing from `oldSize` to `newSize` leaves gains or widens (x/mod NewTiles):
 * what an appender must publish after the checkpoint of `newSize`.
 *
 * @example [...tilesAddedBetween(256, 300)] // [{ level: 0, index: 1, width: 44 }]
 */
export function* tilesAddedBetween(oldSize: number, newSize: number): Generator<Tile> {
  assertTreeSize(oldSize);
  assertTreeSize(newSize);
  if (oldSize > newSize) {
    throw new LogError("out-of-range", `tree cannot shrink from ${oldSize} to ${newSize}`);
  }
  for (let level = 0; completeNodes(nodeLevelOfTile(level), newSize) > 0; level++) {
    const oldNodes = completeNodes(nodeLevelOfTile(level), oldSize);
    const newNodes = completeNodes(nodeLevelOfTile(level), newSize);
    if (oldNodes === newNodes) continue;
    const fullTiles = Math.floor(newNodes / FULL_TILE_WIDTH);
    for (let index = Math.floor(oldNodes / FULL_TILE_WIDTH); index < fullTiles; index++) {
      yield { level, index, width: FULL_TILE_WIDTH };
    }
    const partialWidth = newNodes % FULL_TILE_WIDTH;
    if (partialWidth > 0) yield { level, index: fullTiles, width: partialWidth };
  }
}

/**
 * The tile one level up whose hash at position `index mod 256` is the Merkle Tree Hash of full `tile`,
 * at its width in a tree of `size` leaves. Only full tiles have parents (C2SP: partial tiles "MUST NOT
 * be hashed into a tile at the level above").
 *
 * @example parentTile({ level: 0, index: 0, width: 256 }, 300) // { level: 1, index: 0, width: 1 }
 */
export function parentTile(tile: Tile, size: number): Tile {
  const level = tile.level + 1;
  const index = Math.floor(tile.index / FULL_TILE_WIDTH);
  const width = tileWidth(level, index, size);
  if (tile.width !== FULL_TILE_WIDTH || width <= tile.index % FULL_TILE_WIDTH) {
    throw new LogError("out-of-range", "only a full tile inside the tree has a parent tile");
  }
  return { level, index, width };
}
