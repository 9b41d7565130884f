import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import type { HashStore } from "../../../src/log/merkle/hash-store.js";
import { encodeEntryBundle } from "../../../src/log/tiles/entry-bundle.js";
import { tilesOfTree } from "../../../src/log/tiles/tile-layout.js";
import { tilePath } from "../../../src/log/tiles/tile-path.js";
import { createTileReader } from "../../../src/log/tiles/tile-reader.js";
import { completeNodesOf, mapFetcher, sampleEntries } from "./memory-tree.js";
import { flipBit, publishSample, publishTree } from "./published-tree.js";

const refusedAs = (code: string) => expect.objectContaining({ code });

describe("tile reader", () => {
  it("reads any complete node, matching a naive tree", async () => {
    const sizes = fc.integer({ min: 1, max: 3000 });
    await fc.assert(
      fc.asyncProperty(
        sizes,
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        async (size, picks) => {
          const entries = sampleEntries(size);
          const { head, files } = await publishTree(entries);
          const nodes = completeNodesOf(entries);
          const keys = [...nodes.keys()];
          const ids = picks.map((p) => {
            const [level = 0, index = 0] = (keys[p % keys.length] ?? "").split("/").map(Number);
            return { level, index };
          });
          const reader: Pick<HashStore, "get"> = createTileReader(head, mapFetcher(files));
          const hashes = await reader.get(ids);
          expect(hashes).toEqual(ids.map(({ level, index }) => nodes.get(`${level}/${index}`)));
        },
      ),
      { numRuns: 20 },
    );
  });

  it("reads entries, each checked against its authenticated level-0 tile", async () => {
    const entries = sampleEntries(70_000);
    const { head, files } = await publishSample(70_000);
    const reader = createTileReader(head, mapFetcher(files));
    const indices = [0, 255, 256, 69_999, 65_536, 12_345, 255];
    expect(await reader.readEntries(indices)).toEqual(indices.map((i) => entries[i]));
  });

  it("fetches the tile, the tiles tying it to the root, and the bundle — nothing else", async () => {
    const { head, files } = await publishSample(300);
    const fetcher = mapFetcher(files);
    await createTileReader(head, fetcher).readEntries([3]);
    expect(new Set(fetcher.fetched)).toEqual(
      new Set(["tile/0/000", "tile/1/000.p/1", "tile/0/001.p/44", "tile/entries/000"]),
    );
    expect(fetcher.fetched).toHaveLength(4);
  });

  it("keeps authenticated tiles between calls, unharmed by callers", async () => {
    const entries = sampleEntries(70_000);
    const { head, files } = await publishSample(70_000);
    const fetcher = mapFetcher(files);
    const reader = createTileReader(head, fetcher);
    const [first] = await reader.get([{ level: 0, index: 300 }]);
    const fetchedOnce = fetcher.fetched.length;
    first?.fill(0);
    const [again] = await reader.get([{ level: 0, index: 300 }]);
    expect(fetcher.fetched).toHaveLength(fetchedOnce);
    expect(again).toEqual(completeNodesOf(entries.slice(0, 512)).get("0/300"));

    const uncached = mapFetcher(files);
    const forgetful = createTileReader(head, uncached, { maxCachedTiles: 0 });
    await forgetful.get([{ level: 0, index: 300 }]);
    await forgetful.get([{ level: 0, index: 300 }]);
    expect(uncached.fetched).toHaveLength(2 * fetchedOnce);
  });

  it("refuses a flipped bit in any tile it needs", async () => {
    const { head, files } = await publishSample(70_000);
    const tiles = [...tilesOfTree(head.size)];
    const tileAndBit = fc
      .constantFrom(...tiles)
      .chain((tile) => fc.tuple(fc.constant(tile), fc.nat(tile.width * 256 - 1)));
    await fc.assert(
      fc.asyncProperty(tileAndBit, async ([tile, bit]) => {
        const path = tilePath(tile);
        const tampered = new Map(files).set(
          path,
          flipBit(files.get(path) ?? new Uint8Array(), bit),
        );
        const reader = createTileReader(head, mapFetcher(tampered));
        const node = { level: 8 * tile.level, index: tile.index * 256 + Math.floor(bit / 256) };
        await expect(reader.get([node])).rejects.toThrow(refusedAs("inconsistent"));
      }),
      { numRuns: 60 },
    );
  });

  it("refuses an entry whose level-1 parent tile was tampered with", async () => {
    const { head, files } = await publishSample(70_000);
    const tampered = new Map(files).set(
      "tile/1/000",
      flipBit(files.get("tile/1/000") ?? new Uint8Array(), 77),
    );
    await expect(createTileReader(head, mapFetcher(tampered)).readEntries([5])).rejects.toThrow(
      refusedAs("inconsistent"),
    );
  });

  it("refuses a tile of the wrong length", async () => {
    const { head, files } = await publishSample(600);
    for (const bytes of [
      new Uint8Array(),
      (files.get("tile/0/001") ?? new Uint8Array()).slice(1),
    ]) {
      const tampered = new Map(files).set("tile/0/001", bytes);
      await expect(createTileReader(head, mapFetcher(tampered)).readEntries([300])).rejects.toThrow(
        refusedAs("malformed"),
      );
    }
  });

  it("refuses a tile of another tree of the same size", async () => {
    const { head, files } = await publishSample(600);
    const other = await publishTree(
      sampleEntries(600).map((e, i) => (i === 5 ? new Uint8Array([1]) : e)),
    );
    const mixed = new Map(files).set(
      "tile/0/000",
      other.files.get("tile/0/000") ?? new Uint8Array(),
    );
    await expect(
      createTileReader(head, mapFetcher(mixed)).get([{ level: 0, index: 7 }]),
    ).rejects.toThrow(refusedAs("inconsistent"));
    // The other tree's tiles are all consistent with each other, but not with this checkpoint.
    await expect(
      createTileReader(head, mapFetcher(other.files)).readEntries([599]),
    ).rejects.toThrow(refusedAs("inconsistent"));
  });

  it("refuses a bundle with a changed entry, or with bytes after its entries", async () => {
    const entries = sampleEntries(300);
    const { head, files } = await publishTree(entries);
    const changedEntries = entries
      .slice(256)
      .map((e, i) => (i === 10 ? new Uint8Array([...e, 1]) : e));
    const changed = new Map(files).set("tile/entries/001.p/44", encodeEntryBundle(changedEntries));
    await expect(createTileReader(head, mapFetcher(changed)).readEntries([256])).rejects.toThrow(
      expect.objectContaining({
        code: "inconsistent",
        message: expect.stringContaining("entry 10"),
      }),
    );
    const bundle = files.get("tile/entries/001.p/44") ?? new Uint8Array();
    const trailing = new Map(files).set("tile/entries/001.p/44", new Uint8Array([...bundle, 0]));
    await expect(createTileReader(head, mapFetcher(trailing)).readEntries([299])).rejects.toThrow(
      refusedAs("malformed"),
    );
  });

  it("refuses positions outside the tree, a bad root, and reports absent tiles", async () => {
    const { head, files } = await publishSample(300);
    const reader = createTileReader(head, mapFetcher(files));
    await expect(reader.readEntries([300])).rejects.toThrow(refusedAs("out-of-range"));
    await expect(reader.readEntries([-1])).rejects.toThrow(refusedAs("out-of-range"));
    await expect(reader.get([{ level: 2, index: 75 }])).rejects.toThrow(refusedAs("out-of-range"));
    expect(() =>
      createTileReader({ size: 300, rootHash: new Uint8Array(31) }, mapFetcher(files)),
    ).toThrow(refusedAs("malformed"));
    const absent = new Map(files);
    absent.delete("tile/entries/000");
    await expect(createTileReader(head, mapFetcher(absent)).readEntries([0])).rejects.toThrow(
      refusedAs("missing"),
    );
    await expect(
      createTileReader({ size: 0, rootHash: head.rootHash }, mapFetcher(files)).readEntries([0]),
    ).rejects.toThrow(refusedAs("out-of-range"));
  });

  it("throws nothing but LogError whatever the fetcher serves", async () => {
    const { head } = await publishSample(300);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 9000 }), fc.nat(299), async (junk, leaf) => {
        const reader = createTileReader(head, { fetch: async () => junk.slice() });
        try {
          await reader.readEntries([leaf]);
          expect.unreachable("junk cannot match the root");
        } catch (e) {
          expect(isLogError(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
