/**
 * The public API end to end, through index.ts: a log publishes the tiles each checkpoint adds, an HTTP
 * layer parses request paths, a client verifies the root and reads authenticated entries.
 */
import { describe, expect, it } from "vitest";
import { leafHash } from "../../../src/log/merkle/hash.js";
import {
  createTileReader,
  encodeEntryBundle,
  parseTilePath,
  readTileFromStore,
  resourcePath,
  type TileFetcher,
  tileInTree,
  tilesAddedBetween,
  verifyTreeRoot,
} from "../../../src/log/tiles/index.js";
import { completeNodesOf, mapHashStore, referenceRoot, sampleEntries } from "./memory-tree.js";

describe("tiles public API", () => {
  it("serves a growing log: each checkpoint's new tiles, older partial tiles kept", async () => {
    const entries = sampleEntries(1300);
    const published = new Map<string, Uint8Array>();
    const sizes = [0, 100, 256, 700, 1300];
    for (let i = 1; i < sizes.length; i++) {
      const [before = 0, size = 0] = [sizes[i - 1], sizes[i]];
      const store = mapHashStore(completeNodesOf(entries.slice(0, size)));
      for (const tile of tilesAddedBetween(before, size)) {
        const hashes = { kind: "hashes", tile } as const;
        published.set(resourcePath(hashes), await readTileFromStore(store, tile));
        if (tile.level === 0) {
          const first = tile.index * 256;
          const bundle = encodeEntryBundle(entries.slice(first, first + tile.width));
          published.set(resourcePath({ kind: "entries", tile }), bundle);
        }
      }
    }
    // What an HTTP handler does with a request path: parse it strictly, check the tree holds it.
    const serve: TileFetcher = {
      async fetch(path) {
        const resource = parseTilePath(path);
        const bytes = published.get(path);
        if (!tileInTree(resource.tile, 1300) || bytes === undefined) throw new Error(`404 ${path}`);
        return bytes;
      },
    };
    expect(published.has("tile/0/000.p/100")).toBe(true); // kept for the checkpoint of size 100
    const head = { size: 1300, rootHash: referenceRoot(entries.map(leafHash)) };
    await verifyTreeRoot(head, serve);
    const reader = createTileReader(head, serve);
    expect(await reader.readEntries([0, 99, 1299])).toEqual([
      entries[0],
      entries[99],
      entries[1299],
    ]);
    const older = { size: 700, rootHash: referenceRoot(entries.slice(0, 700).map(leafHash)) };
    await verifyTreeRoot(older, serve);
    expect(await createTileReader(older, serve).readEntries([699])).toEqual([entries[699]]);
  });
});
