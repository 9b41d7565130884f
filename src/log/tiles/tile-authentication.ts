/**
 * Authenticating fetched tiles against a tree head, as x/mod's TileHashReader does. A partial tile is
 * always a root tile (it holds the right edge of its level), so it is trusted once the root tiles
 * recompute the checkpoint's root; a full tile is trusted once its own hash equals the hash at position
 * N mod 256 of its (trusted) parent tile. Parents are checked before children, so every tile the caller
 * gets back is tied to the root.
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { bytesEqual } from "./bytes-equal.js";
import { FULL_TILE_WIDTH, isFullTile, type Tile } from "./tile.js";
import { hashTileRange } from "./tile-contents.js";
import { fetchTileHashes, type TileFetcher } from "./tile-fetcher.js";
import { parentTile, tileWidth } from "./tile-layout.js";
import { tilePath } from "./tile-path.js";
import { requireRoot, rootFromTileHashes, rootTiles, type TreeHead } from "./tree-root.js";

/** Tile hashes by tile path. */
export type TileHashes = ReadonlyMap<string, readonly Digest[]>;

/**
 * Returns the hashes of every tile in `wanted` (each at its width in a tree of `head.size`), and of every
 * tile fetched to tie them to the root: all checked before returning. Tiles in `known` are not fetched. `known` must hold only tiles already authenticated against the same head. Throws
 * LogError("inconsistent") when a tile does not match the root or its parent, "malformed" for a tile of
 * the wrong length, "missing" when the fetcher fails.
 *
 * @example const tiles = await authenticateTiles(head, fetcher, [{ level: 0, index: 0, width: 256 }], new Map())
 */
export async function authenticateTiles(
  head: TreeHead,
  fetcher: TileFetcher,
  wanted: readonly Tile[],
  known: TileHashes,
): Promise<Map<string, readonly Digest[]>> {
  const plan = planFetches(head.size, wanted, known);
  const fetched = await fetchAll(fetcher, plan);
  const hashesOf = (path: string) => fetched.get(path) ?? known.get(path);
  if ([...plan.values()].some((tile) => !isFullTile(tile))) {
    requireRoot(head, rootFromTileHashes(head.size, hashesOf));
  }
  requireParentsMatch(head.size, plan, hashesOf);
  const wantedHashes = wanted.map(
    (tile) => [tilePath(tile), hashesOf(tilePath(tile)) ?? []] as const,
  );
  return new Map([...fetched, ...wantedHashes]);
}

// Each wanted tile, then its parents until one is known or partial; all root tiles if a partial one
// (a root tile) must be fetched, since the root is recomputed from all of them at once.
function planFetches(size: number, wanted: readonly Tile[], known: TileHashes): Map<string, Tile> {
  const plan = new Map<string, Tile>();
  for (const tile of wanted) {
    requireTileOfTree(tile, size);
    let current = tile;
    while (!known.has(tilePath(current)) && !plan.has(tilePath(current))) {
      plan.set(tilePath(current), current);
      if (!isFullTile(current)) break;
      current = parentTile(current, size);
    }
  }
  if ([...plan.values()].some((tile) => !isFullTile(tile))) {
    for (const tile of rootTiles(size)) {
      if (!known.has(tilePath(tile))) plan.set(tilePath(tile), tile);
    }
  }
  return plan;
}

async function fetchAll(
  fetcher: TileFetcher,
  plan: ReadonlyMap<string, Tile>,
): Promise<Map<string, readonly Digest[]>> {
  const entries = [...plan.entries()];
  const hashes = await Promise.all(entries.map(([, tile]) => fetchTileHashes(fetcher, tile)));
  return new Map(entries.map(([path], i) => [path, hashes[i] ?? []]));
}

// Top-down, so that each parent is trusted (root tile, known, or checked just before) when used.
function requireParentsMatch(
  size: number,
  plan: ReadonlyMap<string, Tile>,
  hashesOf: (path: string) => readonly Digest[] | undefined,
): void {
  const fullTiles = [...plan.values()].filter(isFullTile).sort((a, b) => b.level - a.level);
  for (const tile of fullTiles) {
    const parent = parentTile(tile, size);
    const expected = hashesOf(tilePath(parent))?.[tile.index % FULL_TILE_WIDTH];
    const hashes = hashesOf(tilePath(tile));
    if (expected === undefined || hashes === undefined) {
      throw new LogError("missing", `no parent hash for ${tilePath(tile)}`);
    }
    if (!bytesEqual(hashTileRange(hashes, 0, FULL_TILE_WIDTH), expected)) {
      throw new LogError("inconsistent", `${tilePath(tile)} does not match its parent tile`);
    }
  }
}

function requireTileOfTree(tile: Tile, size: number): void {
  if (tileWidth(tile.level, tile.index, size) !== tile.width) {
    throw new LogError(
      "out-of-range",
      `${tilePath(tile)} is not a tile of the tree of size ${size}`,
    );
  }
}
