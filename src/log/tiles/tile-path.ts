/**
 * Tile and entry-bundle paths (C2SP tlog-tiles, "Merkle Tree" and "Log entries"):
 *
 *   tile/<L>/<N>[.p/<W>]        hashes at tree level 8·L
 *   tile/entries/<N>[.p/<W>]    the entries whose leaf hashes make level-0 tile N
 *
 * <N> is written in zero-padded 3-digit groups, all but the last prefixed with `x` (1234067 →
 * `x001/x234/067`); `.p/<W>` marks a partial tile of W (1..255) hashes. Paths are relative to the log's
 * prefix and have no leading slash.
 */
import { LogError } from "../errors.js";
import { assertValidTile, FULL_TILE_WIDTH, MAX_TILE_LEVEL, type Tile } from "./tile.js";

/** What a tile path names: a tile of hashes, or the entry bundle that goes with level-0 tile `tile`. */
export type TileResource =
  | { readonly kind: "hashes"; readonly tile: Tile }
  | { readonly kind: "entries"; readonly tile: Tile };

/**
 * Longest path the parser reads. The longest valid path with a safe-integer index,
 * `tile/entries/x009/x007/x199/x254/x740/991.p/255`, has 47 characters.
 */
export const MAX_TILE_PATH_LENGTH = 64;

/**
 * The path of a tile of hashes.
 *
 * @example tilePath({ level: 5, index: 123456078, width: 2 }) // "tile/5/x123/x456/078.p/2"
 */
export function tilePath(tile: Tile): string {
  assertValidTile(tile);
  return `tile/${tile.level}/${formatIndexAndWidth(tile.index, tile.width)}`;
}

/**
 * The path of the entry bundle that hashes to level-0 tile `{ index, width }`.
 *
 * @example entryBundlePath({ index: 1, width: 44 }) // "tile/entries/001.p/44"
 */
export function entryBundlePath(bundle: Pick<Tile, "index" | "width">): string {
  assertValidTile({ level: 0, index: bundle.index, width: bundle.width });
  return `tile/entries/${formatIndexAndWidth(bundle.index, bundle.width)}`;
}

/**
 * The path of a resource, the inverse of parseTilePath.
 *
 * @example resourcePath({ kind: "entries", tile: { level: 0, index: 0, width: 256 } }) // "tile/entries/000"
 */
export function resourcePath(resource: TileResource): string {
  switch (resource.kind) {
    case "hashes":
      return tilePath(resource.tile);
    case "entries":
      return entryBundlePath(resource.tile);
  }
}

// Shape of a path; numeric limits and canonical form are checked after the match.
const TILE_PATH =
  /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Parses a tile or entry-bundle path. Parser of untrusted input (HTTP request paths). Limits: at most
 * MAX_TILE_PATH_LENGTH characters; ASCII digits only, no sign, no extra leading zeroes; L in 0..63
 * (`entries` for bundles); N a safe integer (< 2^53) in canonical 3-digit groups (no `x000/` lead
 * group); W in 1..255 after `.p/`. Anything else throws LogError("malformed"), or "too-large" for an
 * over-long path or index.
 *
 * @example parseTilePath("tile/0/x001/234.p/7") // { kind: "hashes", tile: { level: 0, index: 1234, width: 7 } }
 */
export function parseTilePath(path: string): TileResource {
  if (path.length > MAX_TILE_PATH_LENGTH) {
    throw new LogError("too-large", `tile path longer than ${MAX_TILE_PATH_LENGTH} characters`);
  }
  const match = TILE_PATH.exec(path);
  if (match === null) throw new LogError("malformed", "not a tile path");
  const [, levelText = "", groups = "", lastGroup = "", widthText] = match;
  const index = parseIndexGroups(groups, lastGroup);
  const width = parsePartialWidth(widthText);
  const resource =
    levelText === "entries" ? entries(index, width) : hashes(levelText, index, width);
  requireCanonical(path, resource);
  return resource;
}

function hashes(levelText: string, index: number, width: number): TileResource {
  const level = Number(levelText);
  if (level > MAX_TILE_LEVEL) throw new LogError("malformed", `tile level above ${MAX_TILE_LEVEL}`);
  return { kind: "hashes", tile: { level, index, width } };
}

function entries(index: number, width: number): TileResource {
  return { kind: "entries", tile: { level: 0, index, width } };
}

// `x123/x456/` + `078` → 123456078; BigInt so that an over-long index is caught, not rounded.
function parseIndexGroups(groups: string, lastGroup: string): number {
  const digits = groups.replaceAll("x", "").replaceAll("/", "") + lastGroup;
  const value = BigInt(digits);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new LogError("too-large", "tile index above 2^53 - 1");
  }
  return Number(value);
}

// C2SP: W is "a decimal ASCII integer between 1 and 255"; a full tile has no `.p/` suffix.
function parsePartialWidth(widthText: string | undefined): number {
  if (widthText === undefined) return FULL_TILE_WIDTH;
  const width = Number(widthText);
  if (width >= FULL_TILE_WIDTH) throw new LogError("malformed", "partial tile width above 255");
  return width;
}

// Rejects `x000/001`-style leading zero groups: the path must be the one we would have written.
function requireCanonical(path: string, resource: TileResource): void {
  if (resourcePath(resource) !== path) {
    throw new LogError("malformed", "tile path is not in canonical form");
  }
}

function formatIndexAndWidth(index: number, width: number): string {
  const suffix = width === FULL_TILE_WIDTH ? "" : `.p/${width}`;
  return formatIndex(index) + suffix;
}

function formatIndex(index: number): string {
  let rest = index;
  let text = threeDigits(rest % 1000);
  rest = (rest - (rest % 1000)) / 1000; // exact, unlike Math.floor(rest / 1000) near 2^53
  while (rest > 0) {
    text = `x${threeDigits(rest % 1000)}/${text}`;
    rest = (rest - (rest % 1000)) / 1000;
  }
  return text;
}

function threeDigits(n: number): string {
  return String(n).padStart(3, "0");
}
