import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyRoot } from "../../../src/log/merkle/hash.js";
import { tilePath } from "../../../src/log/tiles/tile-path.js";
import { rootFromTiles, rootTiles, verifyTreeRoot } from "../../../src/log/tiles/tree-root.js";
import { mapFetcher } from "./memory-tree.js";
import { flipBit, publishSample } from "./published-tree.js";

describe("root from tiles", () => {
  it("needs only the right-edge tiles that hold the root's subtrees", () => {
    expect(rootTiles(300).map(tilePath)).toEqual(["tile/1/000.p/1", "tile/0/001.p/44"]);
    expect(rootTiles(256).map(tilePath)).toEqual(["tile/1/000.p/1"]);
    expect(rootTiles(0)).toEqual([]);
  });

  it.each([1, 2, 255, 256, 257, 511, 512, 513, 65_536, 65_537])(
    "recomputes the RFC 9162 root of a tree of %i entries",
    async (size) => {
      const { head, files } = await publishSample(size);
      const fetcher = mapFetcher(files);
      expect(await rootFromTiles(size, fetcher)).toEqual(head.rootHash);
      expect(new Set(fetcher.fetched)).toEqual(new Set(rootTiles(size).map(tilePath)));
      await verifyTreeRoot(head, fetcher);
    },
  );

  it("recomputes the root of trees of random sizes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), async (size) => {
        const { head, files } = await publishSample(size);
        expect(await rootFromTiles(size, mapFetcher(files))).toEqual(head.rootHash);
      }),
      { numRuns: 25 },
    );
  });

  it("gives the empty tree the hash of the empty string without fetching", async () => {
    const fetcher = mapFetcher(new Map());
    expect(await rootFromTiles(0, fetcher)).toEqual(emptyRoot());
    await verifyTreeRoot({ size: 0, rootHash: emptyRoot() }, fetcher);
    expect(fetcher.fetched).toEqual([]);
  });

  it("refuses a checkpoint whose root the tiles do not give", async () => {
    const { head, files } = await publishSample(300);
    const wrong = { size: 300, rootHash: flipBit(head.rootHash, 0) };
    await expect(verifyTreeRoot(wrong, mapFetcher(files))).rejects.toThrow(
      expect.objectContaining({ code: "inconsistent" }),
    );
    const shorter = { size: 299, rootHash: head.rootHash };
    const older = await publishSample(299);
    await expect(verifyTreeRoot(shorter, mapFetcher(older.files))).rejects.toThrow(
      expect.objectContaining({ code: "inconsistent" }),
    );
  });

  it("refuses a flipped bit in any root tile", async () => {
    const { head, files } = await publishSample(70_000);
    for (const path of rootTiles(head.size).map(tilePath)) {
      const bytes = files.get(path) ?? new Uint8Array();
      for (const bit of [0, bytes.length * 8 - 1, 1234 % (bytes.length * 8)]) {
        const tampered = new Map(files).set(path, flipBit(bytes, bit));
        await expect(verifyTreeRoot(head, mapFetcher(tampered))).rejects.toThrow(
          expect.objectContaining({ code: "inconsistent" }),
        );
      }
    }
  });

  it("reports a tile of the wrong length as malformed and an absent one as missing", async () => {
    const { head, files } = await publishSample(300);
    const longer = new Map(files).set("tile/0/001.p/44", new Uint8Array(45 * 32));
    await expect(verifyTreeRoot(head, mapFetcher(longer))).rejects.toThrow(
      expect.objectContaining({ code: "malformed", message: expect.stringContaining("001.p/44") }),
    );
    const absent = new Map(files);
    absent.delete("tile/1/000.p/1");
    await expect(verifyTreeRoot(head, mapFetcher(absent))).rejects.toThrow(
      expect.objectContaining({ code: "missing" }),
    );
  });
});
