import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import { HASH_SIZE, leafHash, nodeHash } from "../../../src/log/merkle/hash.js";
import {
  encodeTile,
  hashTileRange,
  parseTile,
  readTileFromStore,
  tileNodeIds,
} from "../../../src/log/tiles/tile-contents.js";
import { completeNodesOf, mapHashStore, referenceRoot, sampleEntries } from "./memory-tree.js";

describe("tile contents", () => {
  it("builds tile (L, N, W) from the W nodes at level 8L, in one batched read", async () => {
    const entries = sampleEntries(70_000);
    const store = mapHashStore(completeNodesOf(entries));
    const tile = { level: 1, index: 1, width: 17 };
    const bytes = await readTileFromStore(store, tile);
    expect(store.batches).toHaveLength(1);
    expect(bytes).toHaveLength(17 * HASH_SIZE);
    for (let i = 0; i < 17; i++) {
      const leaves = entries.slice((256 + i) * 256, (256 + i + 1) * 256).map(leafHash);
      expect(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)).toEqual(referenceRoot(leaves));
    }
  });

  it("reports a tile the store cannot fill yet as missing", async () => {
    const store = mapHashStore(completeNodesOf(sampleEntries(300)));
    await expect(readTileFromStore(store, { level: 0, index: 1, width: 45 })).rejects.toThrow(
      expect.objectContaining({ code: "missing" }),
    );
  });

  it("lists the nodes of a tile and refuses indices beyond 2^53", () => {
    expect(tileNodeIds({ level: 2, index: 3, width: 2 })).toEqual([
      { level: 16, index: 768 },
      { level: 16, index: 769 },
    ]);
    expect(() => tileNodeIds({ level: 0, index: Number.MAX_SAFE_INTEGER, width: 1 })).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });

  it("parses exactly 32·W bytes and refuses any other length", () => {
    const hashes = sampleEntries(44).map(leafHash);
    const tile = { level: 0, index: 1, width: 44 };
    const bytes = encodeTile(hashes);
    expect(parseTile(tile, bytes)).toEqual(hashes);
    for (const length of [0, 31, 44 * 32 - 1, 44 * 32 + 1, 45 * 32, 8192]) {
      const wrong = new Uint8Array(length);
      expect(() => parseTile(tile, wrong)).toThrow(expect.objectContaining({ code: "malformed" }));
    }
  });

  it("throws nothing but LogError when parsing random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 9000 }), fc.integer({ min: 1, max: 256 }), (b, w) => {
        try {
          expect(parseTile({ level: 0, index: 0, width: w }, b)).toHaveLength(w);
        } catch (e) {
          expect(isLogError(e, "malformed")).toBe(true);
        }
      }),
    );
  });

  it("refuses to encode a tile of 0 or 257 hashes, or of a short hash", () => {
    const hash = leafHash(new Uint8Array());
    expect(() => encodeTile([])).toThrow(expect.objectContaining({ code: "out-of-range" }));
    expect(() => encodeTile(Array(257).fill(hash))).toThrow(/1\.\.256/);
    expect(() => encodeTile([hash.subarray(1)])).toThrow(
      expect.objectContaining({ code: "malformed" }),
    );
  });

  it("hashes a power-of-two run of tile hashes into its subtree root", () => {
    const hashes = sampleEntries(256).map(leafHash);
    expect(hashTileRange(hashes, 0, 256)).toEqual(referenceRoot(hashes));
    expect(hashTileRange(hashes, 64, 32)).toEqual(referenceRoot(hashes.slice(64, 96)));
    expect(hashTileRange(hashes, 6, 2)).toEqual(
      nodeHash(hashes[6] as Uint8Array, hashes[7] as Uint8Array),
    );
    expect(hashTileRange(hashes, 5, 1)).toEqual(hashes[5]);
    expect(() => hashTileRange(hashes, 0, 3)).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
    expect(() => hashTileRange(hashes, 250, 8)).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });
});
