/**
 * Mirroring a log (C2SP tlog-tiles layout): every tile and entry bundle a tree gained between two sizes
 * is read through a TileReader, which authenticates each tile against the checkpoint (its parents up to
 * the root) and each bundle against its level-0 tile, then written under the mirror directory at the
 * same path. Re-encoding an authenticated tile or bundle gives back exactly the bytes served (a tile is
 * its hashes, a bundle its length-prefixed entries, and parsing refuses any other byte), so the mirror
 * is itself a static log that `fabrique log verify --dir` accepts. The checkpoint is written last.
 *
 * Level-0 tiles go in windows fetched concurrently; memory is bounded by the window, whatever the size.
 */
import { join } from "node:path";
import type { Digest } from "../../log/crypto.js";
import {
  encodeEntryBundle,
  encodeTile,
  entryBundlePath,
  FULL_TILE_WIDTH,
  type Tile,
  type TileReader,
  tileNodeIds,
  tilePath,
  tilesAddedBetween,
} from "../../log/tiles/index.js";
import { writeFileDurably } from "../durable-file.js";
import { writeFileAtomic } from "../fetch/files.js";

/** Where progress goes (the CLI's progress line); `done` and `total` count entries. */
export interface ProgressSink {
  update(done: number, total?: number): void;
}

/** What one mirroring step wrote. */
export interface MirrorStats {
  /** Tiles of hashes written (all levels). */
  readonly tiles: number;
  /** Entry bundles written. */
  readonly bundles: number;
  /** Entries those bundles hold that the mirror did not have. */
  readonly entries: number;
}

/** Level-0 tiles (and their bundles) fetched at once. */
const WINDOW = 32;

/**
 * Writes into `mirrorDir` every tile and bundle the tree of `reader.head` gained since `fromSize`, then
 * `checkpoint` (the signed note of reader.head) durably.
 *
 * @example await mirrorTree(createTileReader(head, fetcher), 300, "state/mirror", signedNote)
 */
export async function mirrorTree(
  reader: TileReader,
  fromSize: number,
  mirrorDir: string,
  checkpoint: string,
  report?: ProgressSink,
): Promise<MirrorStats> {
  const size = reader.head.size;
  const tiles = [...tilesAddedBetween(fromSize, size)];
  const leafTiles = tiles.filter((tile) => tile.level === 0);
  const upperTiles = tiles.filter((tile) => tile.level > 0);
  // Window i is written while window i + 1 is fetched and checked: disk and network overlap.
  let writing: Promise<void> = Promise.resolve();
  for (let start = 0; start < leafTiles.length; start += WINDOW) {
    const window = leafTiles.slice(start, start + WINDOW);
    const files = await readLeafTiles(reader, window);
    await writing;
    writing = writeAll(mirrorDir, files);
    writing.catch(() => undefined); // awaited on the next turn; never an unhandled rejection
    const last = window[window.length - 1] as Tile;
    report?.update(last.index * FULL_TILE_WIDTH + last.width - fromSize, size - fromSize);
  }
  await writing;
  for (const tile of upperTiles) {
    await writeFileAtomic(
      join(mirrorDir, tilePath(tile)),
      encodeTile(await reader.get(tileNodeIds(tile))),
    );
  }
  await writeFileDurably(join(mirrorDir, "checkpoint"), checkpoint);
  return { tiles: tiles.length, bundles: leafTiles.length, entries: size - fromSize };
}

/** A window of level-0 tiles: authenticated hashes and bundles checked against them, as files. */
async function readLeafTiles(
  reader: TileReader,
  window: readonly Tile[],
): Promise<Array<readonly [string, Uint8Array]>> {
  const hashes = await reader.get(window.flatMap((tile) => tileNodeIds(tile)));
  const entries = await reader.readEntries(window.flatMap(leafIndices));
  const files: Array<readonly [string, Uint8Array]> = [];
  let at = 0;
  for (const tile of window) {
    files.push([tilePath(tile), encodeTile(hashes.slice(at, at + tile.width) as Digest[])]);
    files.push([entryBundlePath(tile), encodeEntryBundle(entries.slice(at, at + tile.width))]);
    at += tile.width;
  }
  return files;
}

async function writeAll(
  mirrorDir: string,
  files: ReadonlyArray<readonly [string, Uint8Array]>,
): Promise<void> {
  await Promise.all(files.map(([path, bytes]) => writeFileAtomic(join(mirrorDir, path), bytes)));
}

function leafIndices(tile: Tile): number[] {
  const first = tile.index * FULL_TILE_WIDTH;
  return Array.from({ length: tile.width }, (_, i) => first + i);
}
