/**
 * Test helper: publishes a tree of entries the way a log does — every tile and entry bundle of its
 * current size, built with src/log/tiles from a naive Map HashStore — next to the reference root.
 */
import { leafHash } from "../../../src/log/merkle/hash.js";
import { encodeEntryBundle } from "../../../src/log/tiles/entry-bundle.js";
import { readTileFromStore } from "../../../src/log/tiles/tile-contents.js";
import { tilesOfTree } from "../../../src/log/tiles/tile-layout.js";
import { entryBundlePath, tilePath } from "../../../src/log/tiles/tile-path.js";
import type { TreeHead } from "../../../src/log/tiles/tree-root.js";
import { completeNodesOf, mapHashStore, referenceRoot, sampleEntries } from "./memory-tree.js";

export interface PublishedTree {
  readonly head: TreeHead;
  readonly files: Map<string, Uint8Array>;
}

/** Writes the tiles and bundles of `entries` (non-empty) into a Map keyed by path. */
export async function publishTree(entries: readonly Uint8Array[]): Promise<PublishedTree> {
  const store = mapHashStore(completeNodesOf(entries));
  const files = new Map<string, Uint8Array>();
  for (const tile of tilesOfTree(entries.length)) {
    files.set(tilePath(tile), await readTileFromStore(store, tile));
    if (tile.level === 0) {
      const first = tile.index * 256;
      files.set(entryBundlePath(tile), encodeEntryBundle(entries.slice(first, first + tile.width)));
    }
  }
  const rootHash = referenceRoot(entries.map(leafHash));
  return { head: { size: entries.length, rootHash }, files };
}

const samples = new Map<number, Promise<PublishedTree>>();

/**
 * publishTree(sampleEntries(size)), built once per test file: large trees take a second or two. Callers
 * must copy `files` before changing it.
 */
export function publishSample(size: number): Promise<PublishedTree> {
  const cached = samples.get(size) ?? publishTree(sampleEntries(size));
  samples.set(size, cached);
  return cached;
}

/** A copy of `bytes` with bit `bit` (0 = most significant of byte 0) flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  const at = Math.floor(bit / 8);
  copy[at] = (copy[at] ?? 0) ^ (0x80 >> (bit % 8));
  return copy;
}
