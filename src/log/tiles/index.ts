/**
 * C2SP tlog-tiles: tile paths, tile contents, entry bundles, and a reader that authenticates fetched
 * tiles against a checkpoint. Pure: the TileFetcher port is where I/O plugs in.
 */
export {
  encodeEntryBundle,
  MAX_ENTRY_SIZE,
  parseEntryBundle,
  verifyEntryBundle,
} from "./entry-bundle.js";
export { locateNode, type NodeInTile, rootSubtrees } from "./node-location.js";
export {
  assertValidTile,
  FULL_TILE_WIDTH,
  isFullTile,
  MAX_TILE_LEVEL,
  nodeLevelOfTile,
  TILE_HEIGHT,
  type Tile,
} from "./tile.js";
export { authenticateTiles, type TileHashes } from "./tile-authentication.js";
export {
  encodeTile,
  hashTileRange,
  parseTile,
  readTileFromStore,
  tileNodeIds,
} from "./tile-contents.js";
export { fetchEntryBundle, fetchTileHashes, type TileFetcher } from "./tile-fetcher.js";
export {
  assertTreeSize,
  completeNodes,
  parentTile,
  tileInTree,
  tilesAddedBetween,
  tilesOfTree,
  tileWidth,
} from "./tile-layout.js";
export {
  entryBundlePath,
  MAX_TILE_PATH_LENGTH,
  parseTilePath,
  resourcePath,
  type TileResource,
  tilePath,
} from "./tile-path.js";
export {
  createTileReader,
  type TileReader,
  type TileReaderOptions,
} from "./tile-reader.js";
export {
  requireRoot,
  rootFromTileHashes,
  rootFromTiles,
  rootTiles,
  type TreeHead,
  verifyTreeRoot,
} from "./tree-root.js";
