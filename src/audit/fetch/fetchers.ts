/**
 * TileFetchers for a static log: over a directory, or over HTTP(S) from a URL prefix. Both bound what
 * they read (hostile servers and files): a tile is at most 8 KiB, an entry bundle at most 256 entries of
 * 65,537 bytes, a checkpoint at most MAX_NOTE_SIZE. A missing resource is LogError("missing").
 */
import { join, normalize, sep } from "node:path";
import { LogError } from "../../log/errors.js";
import { MAX_NOTE_SIZE } from "../../log/note/index.js";
import type { TileFetcher } from "../../log/tiles/index.js";
import { readFileIfExists } from "./files.js";

const MAX_TILE_BYTES = 8 * 1024;
const MAX_BUNDLE_BYTES = 256 * (2 + 0xffff);

/** The most a resource at `path` may weigh. */
export function byteLimitOf(path: string): number {
  if (path === "checkpoint") return MAX_NOTE_SIZE;
  return path.startsWith("tile/entries/") ? MAX_BUNDLE_BYTES : MAX_TILE_BYTES;
}

/**
 * Reads resources below `dir`.
 *
 * @example const bytes = await directoryFetcher("site").fetch("tile/0/000")
 */
export function directoryFetcher(dir: string): TileFetcher {
  return {
    async fetch(path) {
      const file = normalize(join(dir, path));
      if (!file.startsWith(normalize(dir + sep))) {
        throw new LogError("malformed", `${path} leaves the log directory`);
      }
      const bytes = await readFileIfExists(file, byteLimitOf(path));
      if (bytes === undefined) throw new LogError("missing", `${path} is not in ${dir}`);
      return bytes;
    },
  };
}

/**
 * Fetches resources below a URL prefix (a trailing slash is added when missing).
 *
 * @example const bytes = await urlFetcher("https://example.org/log/").fetch("checkpoint")
 */
export function urlFetcher(prefix: string): TileFetcher {
  const base = new URL(prefix.endsWith("/") ? prefix : `${prefix}/`);
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new LogError("malformed", `${prefix} is not an http(s) URL`);
  }
  return {
    async fetch(path) {
      const url = new URL(path, base);
      const response = await fetch(url, { redirect: "follow" });
      if (response.status === 404) throw new LogError("missing", `${url} answered 404`);
      if (!response.ok) throw new LogError("missing", `${url} answered ${response.status}`);
      return readBounded(response, byteLimitOf(path), url);
    },
  };
}

async function readBounded(response: Response, limit: number, url: URL): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new LogError("too-large", `${url} is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
