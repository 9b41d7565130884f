/**
 * Tile coordinates (C2SP tlog-tiles, "Merkle Tree"). A tile is a run of up to 256 consecutive Merkle Tree
 * Hashes at tree level 8·L: the golang.org/x/mod/sumdb/tlog tile with its height H fixed at 8.
 */
import { LogError } from "../errors.js";

/** Tree levels covered by one tile (x/mod's H; fixed at 8 by C2SP tlog-tiles). */
export const TILE_HEIGHT = 8;

/** Hashes in a full tile: 2^TILE_HEIGHT (C2SP: "exactly 256 hashes wide, or 8,192 bytes"). */
export const FULL_TILE_WIDTH = 256;

/** Highest tile level a path may name (C2SP: "between 0 and 63"). */
export const MAX_TILE_LEVEL = 63;

/**
 * Tile `index` at tile `level`, `width` hashes wide (1..256; 256 is a full tile, less a partial one).
 * Its hashes are the tree nodes at level 8·level with indices index·256 … index·256 + width − 1.
 */
export interface Tile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/**
 * True when `tile` holds all 256 hashes.
 *
 * @example isFullTile({ level: 0, index: 0, width: 256 }) // true
 */
export function isFullTile(tile: Pick<Tile, "width">): boolean {
  return tile.width === FULL_TILE_WIDTH;
}

/**
 * Throws LogError("out-of-range") unless `tile` has an integer level in 0..63, a non-negative safe
 * integer index and an integer width in 1..256.
 *
 * @example assertValidTile({ level: 0, index: 3, width: 17 })
 */
export function assertValidTile(tile: Tile): void {
  const { level, index, width } = tile;
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) {
    throw new LogError(
      "out-of-range",
      `tile level ${level} is not an integer in 0..${MAX_TILE_LEVEL}`,
    );
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new LogError("out-of-range", `tile index ${index} is not a non-negative safe integer`);
  }
  if (!Number.isInteger(width) || width < 1 || width > FULL_TILE_WIDTH) {
    throw new LogError(
      "out-of-range",
      `tile width ${width} is not an integer in 1..${FULL_TILE_WIDTH}`,
    );
  }
}

/**
 * The tree level of the hashes a tile at `tileLevel` holds (8·L).
 *
 * @example nodeLevelOfTile(1) // 8
 */
export function nodeLevelOfTile(tileLevel: number): number {
  return tileLevel * TILE_HEIGHT;
}
