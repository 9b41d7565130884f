/**
 * An in-process cache of immutable log resources: full tiles and full entry bundles never change once
 * published (c2sp.org/tlog-tiles: "full tiles are immutable"), so the server keeps the most recently read
 * ones in memory and serves them without touching the database. Partial tiles and the checkpoint change as
 * the log grows and are never cached here.
 */

/** A bounded least-recently-used map from `space/path` to bytes (or an answer built of them). */
export interface ImmutableCache<T extends { readonly byteLength: number } = Buffer> {
  get(space: string, path: string): T | undefined;
  /** Remembers `bytes` when `path` names an immutable resource; ignores anything else. */
  remember(space: string, path: string, bytes: T): void;
}

/** Full tiles weigh 8 KiB; 4,096 of them (32 MiB) cover a 1M-entry log's level-0 tiles four times over. */
export const DEFAULT_IMMUTABLE_CACHE_ENTRIES = 4096;
const MAX_CACHED_BYTES = 64 * 1024;

/**
 * True for a full tile or full entry bundle path (no `.p/` partial suffix).
 *
 * @example isImmutablePath("tile/0/001") // true; isImmutablePath("tile/0/001.p/7") // false
 */
export function isImmutablePath(path: string): boolean {
  return path.startsWith("tile/") && !path.includes(".p/");
}

/**
 * @example const cache = createImmutableCache(); cache.remember("stays", "tile/0/000", bytes)
 */
export function createImmutableCache<T extends { readonly byteLength: number } = Buffer>(
  maxEntries: number = DEFAULT_IMMUTABLE_CACHE_ENTRIES,
): ImmutableCache<T> {
  const entries = new Map<string, T>();
  return {
    get(space, path) {
      const key = `${space}/${path}`;
      const bytes = entries.get(key);
      if (bytes !== undefined) {
        // Re-insert to mark as recently used (Map iteration order is insertion order).
        entries.delete(key);
        entries.set(key, bytes);
      }
      return bytes;
    },
    remember(space, path, bytes) {
      if (maxEntries <= 0 || !isImmutablePath(path) || bytes.byteLength > MAX_CACHED_BYTES) return;
      entries.set(`${space}/${path}`, bytes);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
