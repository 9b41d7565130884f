/**
 * Tiles and entry bundles (c2sp.org/tlog-tiles) from the store, for the published tree only
 * (published-tree.ts): a tile is served when the latest signed checkpoint's tree holds all its hashes
 * (full tiles, the partial tiles of the checkpoint's size, and narrower partial tiles of older sizes, which
 * are prefixes of them); anything beyond is StoreError("not-found"), as if the file did not exist yet.
 * Tiles are read from log_nodes, bundles from log_entries (the exact entry bytes that were hashed).
 *
 * These back `/v1/spaces/{space}/log/tile/…` and `…/tile/entries/…`; readLogResource takes the path
 * as it comes after the log prefix.
 */
import { isLogError } from "../../log/errors.js";
import {
  encodeEntryBundle,
  entryBundlePath,
  FULL_TILE_WIDTH,
  parseTilePath,
  readTileFromStore,
  type Tile,
  tileInTree,
  tilePath,
} from "../../log/tiles/index.js";
import { assertValidTile } from "../../log/tiles/tile.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import { readEntries } from "./entries.js";
import { latestSignedCheckpoint } from "./published-tree.js";
import { createSqlHashStore } from "./sql-hash-store.js";

/**
 * The bytes of tile `tile` (32·width bytes). Throws LogError("out-of-range") for an invalid tile and
 * StoreError("not-found") for a tile the latest checkpoint does not cover.
 *
 * @example const bytes = await readTile(db.kysely, "market", { level: 0, index: 1, width: 44 })
 */
export async function readTile(db: Executor, space: string, tile: Tile): Promise<Uint8Array> {
  assertValidTile(tile);
  await requirePublishedTile(db, space, tile, tilePath(tile));
  try {
    return await readTileFromStore(createSqlHashStore(db, space), tile);
  } catch (e) {
    if (!isLogError(e, "missing")) throw e;
    throw new StoreError(
      "corrupt",
      `space ${space}: published ${tilePath(tile)} is missing from log_nodes`,
      { cause: e },
    );
  }
}

/**
 * The entry bundle of level-0 tile `{ index, width }`: its entries, each prefixed by its uint16 length.
 * Throws as readTile does, and StoreError("corrupt") when an entry of the published tree is absent.
 *
 * @example const bundle = await readEntryBundle(db.kysely, "market", { index: 1, width: 44 })
 */
export async function readEntryBundle(
  db: Executor,
  space: string,
  bundle: Pick<Tile, "index" | "width">,
): Promise<Uint8Array> {
  const tile: Tile = { level: 0, index: bundle.index, width: bundle.width };
  assertValidTile(tile);
  await requirePublishedTile(db, space, tile, entryBundlePath(tile));
  const start = tile.index * FULL_TILE_WIDTH;
  try {
    const rows = await readEntries(db, space, start, start + tile.width);
    return encodeEntryBundle(rows.map((r) => r.entry));
  } catch (e) {
    if (!(e instanceof StoreError && e.code === "not-found")) throw e;
    throw new StoreError("corrupt", `space ${space}: published entries are missing`, { cause: e });
  }
}

/**
 * The resource at tile path `path` (`tile/0/x001/234.p/7`, `tile/entries/001.p/44`). Parses the path as
 * untrusted input (parseTilePath: LogError "malformed" or "too-large"), then reads as readTile or
 * readEntryBundle. Also a TileFetcher over the store: `{ fetch: (p) => readLogResource(db, space, p) }`.
 *
 * @example const bytes = await readLogResource(db.kysely, "market", "tile/entries/000")
 */
export async function readLogResource(
  db: Executor,
  space: string,
  path: string,
): Promise<Uint8Array> {
  const resource = parseTilePath(path);
  switch (resource.kind) {
    case "hashes":
      return readTile(db, space, resource.tile);
    case "entries":
      return readEntryBundle(db, space, resource.tile);
  }
}

async function requirePublishedTile(
  db: Executor,
  space: string,
  tile: Tile,
  path: string,
): Promise<void> {
  const checkpoint = await latestSignedCheckpoint(db, space);
  if (!tileInTree(tile, checkpoint.size)) {
    throw new StoreError(
      "not-found",
      `space ${space}: ${path} is beyond the latest checkpoint (size ${checkpoint.size})`,
    );
  }
}
