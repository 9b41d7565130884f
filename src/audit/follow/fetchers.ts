/**
 * Fetchers a monitor composes over the static-log fetchers of src/audit/fetch/fetchers.ts (bounded
 * reads from a directory or a URL prefix):
 * - `firstOf(mirror, source)`: tiles already mirrored are read locally. Safe because every tile is
 *   authenticated against the checkpoint being read (createTileReader), and a tile path names its
 *   width, so an honest log never changes what a path holds; a tile that no longer authenticates is a
 *   fork, which the caller confirms from the source alone before reporting.
 * - `withTimeout(fetcher, ms)`: a source that stops answering fails the poll instead of hanging it.
 */
import { isLogError, LogError } from "../../log/errors.js";
import type { TileFetcher } from "../../log/tiles/index.js";

/**
 * Reads from `first`, and from `second` what `first` does not have (LogError "missing").
 *
 * @example createTileReader(head, firstOf(directoryFetcher(mirror), urlFetcher(url)))
 */
export function firstOf(first: TileFetcher, second: TileFetcher): TileFetcher {
  return {
    async fetch(path) {
      try {
        return await first.fetch(path);
      } catch (error) {
        if (isLogError(error, "missing")) return second.fetch(path);
        throw error;
      }
    },
  };
}

/**
 * Fails a fetch that takes longer than `ms` with LogError("missing").
 *
 * @example withTimeout(urlFetcher(url), 30_000)
 */
export function withTimeout(fetcher: TileFetcher, ms: number): TileFetcher {
  return {
    fetch(path) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LogError("missing", `${path}: no answer within ${ms} ms`)),
          ms,
        );
      });
      return Promise.race([fetcher.fetch(path), timeout]).finally(() => clearTimeout(timer));
    },
  };
}
