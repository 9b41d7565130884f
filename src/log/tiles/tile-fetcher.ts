/**
 * The TileFetcher port: how the tile reader gets tiles and entry bundles (over HTTP from a log's prefix,
 * from a directory, from a store). Bytes come back already decoded from any `Content-Encoding` (C2SP
 * tlog-tiles allows gzip for bundles) and unauthenticated: the reader checks them.
 */
import type { Digest } from "../crypto.js";
import { isLogError, LogError } from "../errors.js";
import { parseEntryBundle } from "./entry-bundle.js";
import type { Tile } from "./tile.js";
import { parseTile } from "./tile-contents.js";
import { entryBundlePath, tilePath } from "./tile-path.js";

/**
 * Fetches a resource by its path relative to the log prefix (`tile/0/x001/234.p/7`). Implementations
 * should bound the bytes they read: 8,192 for a tile, 16,777,472 for an entry bundle.
 *
 * @example const fetcher: TileFetcher = { fetch: async (p) => new Uint8Array(await (await fetch(prefix + p)).arrayBuffer()) }
 */
export interface TileFetcher {
  fetch(path: string): Promise<Uint8Array>;
}

/**
 * Fetches `tile` and splits it into hashes, checking only its length (not authenticated).
 *
 * @example const hashes = await fetchTileHashes(fetcher, { level: 1, index: 0, width: 1 })
 */
export async function fetchTileHashes(fetcher: TileFetcher, tile: Tile): Promise<Digest[]> {
  const path = tilePath(tile);
  const bytes = await fetchPath(fetcher, path);
  return naming(path, () => parseTile(tile, bytes));
}

/**
 * Fetches the entry bundle of level-0 tile `tile` and splits it into `tile.width` entries (not
 * authenticated).
 *
 * @example const entries = await fetchEntryBundle(fetcher, { level: 0, index: 1, width: 44 })
 */
export async function fetchEntryBundle(fetcher: TileFetcher, tile: Tile): Promise<Uint8Array[]> {
  const path = entryBundlePath(tile);
  const bytes = await fetchPath(fetcher, path);
  return naming(path, () => parseEntryBundle(bytes, tile.width));
}

// Puts the path in front of a parser's message, so that a refusal says which resource was bad.
function naming<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (!isLogError(e)) throw e;
    throw new LogError(e.code, `${path}: ${e.message}`, { cause: e });
  }
}

// A fetch failure that is not already a LogError becomes "missing", keeping the cause.
async function fetchPath(fetcher: TileFetcher, path: string): Promise<Uint8Array> {
  try {
    return await fetcher.fetch(path);
  } catch (e) {
    if (isLogError(e)) throw e;
    throw new LogError("missing", `cannot fetch ${path}`, { cause: e });
  }
}
