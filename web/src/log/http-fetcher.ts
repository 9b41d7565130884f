/**
 * The TileFetcher of src/log/tiles over HTTP from a space's log prefix, for the browser: what it
 * fetches is unauthenticated until the TileReader ties it to a verified checkpoint. Parser of untrusted
 * bytes: an answer is refused past the size tlog-tiles allows (8 KiB for a hash tile, 16 MiB + 256 for an
 * entry bundle).
 */
import { LogError } from "../../../src/log/errors.js";
import type { TileFetcher } from "../../../src/log/tiles/index.js";

const MAX_TILE_BYTES = 8 * 1024;
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024 + 256;

/**
 * A fetcher of `prefix` + path (prefix ends in a slash).
 *
 * @example createTileReader(head, httpTileFetcher("/v1/spaces/stays/log/"))
 */
export function httpTileFetcher(prefix: string): TileFetcher {
  return {
    async fetch(path) {
      const res = await fetch(prefix + path, { credentials: "omit" });
      if (!res.ok) throw new LogError("missing", `${path}: HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const limit = path.startsWith("tile/entries/") ? MAX_BUNDLE_BYTES : MAX_TILE_BYTES;
      if (bytes.length > limit)
        throw new LogError("malformed", `${path}: ${bytes.length} bytes, more than ${limit}`);
      return bytes;
    },
  };
}
