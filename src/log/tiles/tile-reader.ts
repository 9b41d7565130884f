/**
 * A reader of a tiled log (C2SP tlog-tiles) that trusts nothing it fetches until it is tied to a
 * checkpoint's root: the TypeScript counterpart of x/mod's TileHashReader, plus entries. Its `get` has
 * the shape of HashStore's, so proofs can be computed over a remote log's tiles.
 */
import type { Digest } from "../crypto.js";
import { isLogError, LogError } from "../errors.js";
import { HASH_SIZE } from "../merkle/hash.js";
import type { NodeId } from "../merkle/hash-store.js";
import { verifyEntryBundle } from "./entry-bundle.js";
import { locateNode } from "./node-location.js";
import { FULL_TILE_WIDTH, type Tile } from "./tile.js";
import { authenticateTiles } from "./tile-authentication.js";
import { hashTileRange } from "./tile-contents.js";
import { fetchEntryBundle, type TileFetcher } from "./tile-fetcher.js";
import { assertTreeSize, tileWidth } from "./tile-layout.js";
import { entryBundlePath, tilePath } from "./tile-path.js";
import type { TreeHead } from "./tree-root.js";

/** Reads node hashes and entries of the tree `head` describes, each authenticated against its root. */
export interface TileReader {
  readonly head: TreeHead;
  /**
   * The hashes of complete subtrees (level, index) of the tree, in the order asked. Throws
   * LogError("out-of-range") for a node outside the tree, "inconsistent" when a tile fails to
   * authenticate.
   */
  get(ids: readonly NodeId[]): Promise<readonly Digest[]>;
  /**
   * The entries at leaf indices `indices` (each < head.size), in the order asked, each checked against
   * its authenticated level-0 tile.
   */
  readEntries(indices: readonly number[]): Promise<readonly Uint8Array[]>;
}

/** Options of createTileReader. */
export interface TileReaderOptions {
  /** Authenticated tiles kept between calls (at most 8 KiB each); 1,024 by default, 0 for none. */
  readonly maxCachedTiles?: number;
}

const DEFAULT_MAX_CACHED_TILES = 1024;

/**
 * Creates a reader of the tree of `head` (a checkpoint whose signature the caller has verified).
 *
 * @example
 * const reader = createTileReader({ size: 300, rootHash }, fetcher)
 * const [entry] = await reader.readEntries([299])
 */
export function createTileReader(
  head: TreeHead,
  fetcher: TileFetcher,
  options: TileReaderOptions = {},
): TileReader {
  requireTreeHead(head);
  const cache = boundedCache(options.maxCachedTiles ?? DEFAULT_MAX_CACHED_TILES);

  async function authenticated(tiles: readonly Tile[]): Promise<Map<string, readonly Digest[]>> {
    const hashes = await authenticateTiles(head, fetcher, tiles, cache.entries);
    for (const [path, tileHashes] of hashes) cache.remember(path, tileHashes);
    return hashes;
  }

  return {
    head,
    async get(ids) {
      const locations = ids.map((id) => locateNode(id, head.size));
      const tiles = await authenticated(locations.map((location) => location.tile));
      return locations.map(({ tile, offset, span }) =>
        hashTileRange(tiles.get(tilePath(tile)) ?? [], offset, span).slice(),
      );
    },
    async readEntries(indices) {
      const bundleTiles = levelZeroTilesOf(indices, head.size);
      const [tiles, bundles] = await Promise.all([
        authenticated(bundleTiles),
        Promise.all(bundleTiles.map((tile) => fetchEntryBundle(fetcher, tile))),
      ]);
      bundleTiles.forEach((tile, i) => {
        requireBundleMatchesTile(tile, bundles[i] ?? [], tiles.get(tilePath(tile)) ?? []);
      });
      const byIndex = new Map(bundleTiles.map((tile, i) => [tile.index, bundles[i] ?? []]));
      return indices.map((leaf) => entryAt(byIndex, leaf));
    },
  };
}

function requireTreeHead(head: TreeHead): void {
  assertTreeSize(head.size);
  if (head.rootHash.length !== HASH_SIZE) {
    throw new LogError("malformed", `root hash is ${head.rootHash.length} bytes, not ${HASH_SIZE}`);
  }
}

// The distinct level-0 tiles (at their width in the tree) holding the given leaves.
function levelZeroTilesOf(indices: readonly number[], size: number): Tile[] {
  const tiles = new Map<number, Tile>();
  for (const leaf of indices) {
    if (!Number.isSafeInteger(leaf) || leaf < 0 || leaf >= size) {
      throw new LogError("out-of-range", `entry ${leaf} is not in a tree of size ${size}`);
    }
    const index = Math.floor(leaf / FULL_TILE_WIDTH);
    tiles.set(index, { level: 0, index, width: tileWidth(0, index, size) });
  }
  return [...tiles.values()];
}

function requireBundleMatchesTile(
  tile: Tile,
  entries: readonly Uint8Array[],
  leafHashes: readonly Digest[],
): void {
  try {
    verifyEntryBundle(entries, leafHashes);
  } catch (e) {
    if (!isLogError(e)) throw e;
    throw new LogError(e.code, `${entryBundlePath(tile)}: ${e.message}`, { cause: e });
  }
}

function entryAt(bundles: ReadonlyMap<number, readonly Uint8Array[]>, leaf: number): Uint8Array {
  const entry = bundles.get(Math.floor(leaf / FULL_TILE_WIDTH))?.[leaf % FULL_TILE_WIDTH];
  if (entry === undefined) throw new LogError("missing", `entry ${leaf} was not fetched`);
  return entry.slice();
}

// Keeps up to `limit` authenticated tiles, forgetting the oldest first (Map iteration order).
function boundedCache(limit: number) {
  const entries = new Map<string, readonly Digest[]>();
  return {
    entries: entries as ReadonlyMap<string, readonly Digest[]>,
    remember(path: string, hashes: readonly Digest[]): void {
      if (limit <= 0 || entries.has(path)) return;
      entries.set(path, hashes);
      for (const oldest of entries.keys()) {
        if (entries.size <= limit) break;
        entries.delete(oldest);
      }
    },
  };
}
