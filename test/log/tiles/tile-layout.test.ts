import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateNode, rootSubtrees } from "../../../src/log/tiles/node-location.js";
import { FULL_TILE_WIDTH, type Tile } from "../../../src/log/tiles/tile.js";
import {
  parentTile,
  tileInTree,
  tilesAddedBetween,
  tilesOfTree,
  tileWidth,
} from "../../../src/log/tiles/tile-layout.js";
import { tilePath } from "../../../src/log/tiles/tile-path.js";

const paths = (tiles: Iterable<Tile>) => [...tiles].map(tilePath);
const treeSize = fc.oneof(fc.nat(70_000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

describe("tiles of a tree", () => {
  it("matches the C2SP example of a tree of 70,000", () => {
    const tiles = [...tilesOfTree(70_000)];
    const count = (level: number, width: number) =>
      tiles.filter((t) => t.level === level && t.width === width).length;
    expect(count(0, 256)).toBe(273);
    expect(count(0, 112)).toBe(1);
    expect(count(1, 256)).toBe(1);
    expect(count(1, 17)).toBe(1);
    expect(count(2, 1)).toBe(1);
    expect(tiles).toHaveLength(277);
  });

  it("gives a tree of 256 a full level-0 tile and a 1-wide level-1 tile (C2SP)", () => {
    expect(paths(tilesOfTree(256))).toEqual(["tile/0/000", "tile/1/000.p/1"]);
    expect(paths(tilesOfTree(300))).toEqual(["tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"]);
    expect(paths(tilesOfTree(1))).toEqual(["tile/0/000.p/1"]);
    expect(paths(tilesOfTree(0))).toEqual([]);
  });

  it("gives each tile the width floor(s / 256^L) mod 256 at the right edge, 256 elsewhere", () => {
    fc.assert(
      fc.property(fc.nat(200_000), (size) => {
        for (const tile of tilesOfTree(size)) {
          const nodes = Math.floor(size / 256 ** tile.level);
          const last = Math.floor(nodes / 256);
          expect(tile.width).toBe(tile.index < last ? 256 : nodes % 256);
          expect(tileWidth(tile.level, tile.index, size)).toBe(tile.width);
          expect(tileInTree(tile, size)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("lists as added from a to b exactly the tiles of b that a lacks", () => {
    fc.assert(
      fc.property(fc.nat(300_000), fc.nat(300_000), (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const before = new Set(paths(tilesOfTree(a)));
        const expected = paths(tilesOfTree(b)).filter((p) => !before.has(p));
        expect(paths(tilesAddedBetween(a, b))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
    expect(() => [...tilesAddedBetween(5, 4)]).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });

  it("says which tiles a tree can serve", () => {
    expect(tileInTree({ level: 0, index: 1, width: 44 }, 300)).toBe(true);
    expect(tileInTree({ level: 0, index: 1, width: 40 }, 300)).toBe(true);
    expect(tileInTree({ level: 0, index: 1, width: 45 }, 300)).toBe(false);
    expect(tileInTree({ level: 0, index: 1, width: 256 }, 300)).toBe(false);
    expect(tileInTree({ level: 1, index: 0, width: 1 }, 255)).toBe(false);
    expect(tileInTree({ level: 7, index: 0, width: 1 }, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(tileInTree({ level: 6, index: 0, width: 31 }, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it("finds the parent of a full tile and refuses one for a partial tile", () => {
    expect(parentTile({ level: 0, index: 0, width: 256 }, 300)).toEqual({
      level: 1,
      index: 0,
      width: 1,
    });
    expect(parentTile({ level: 0, index: 258, width: 256 }, 70_000)).toEqual({
      level: 1,
      index: 1,
      width: 17,
    });
    expect(() => parentTile({ level: 0, index: 273, width: 256 }, 70_000)).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
    expect(() => parentTile({ level: 0, index: 1, width: 44 }, 300)).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });
});

describe("nodes in tiles", () => {
  it("decomposes 300 into subtrees of 256, 32, 8 and 4 leaves", () => {
    expect(rootSubtrees(300)).toEqual([
      { level: 8, index: 0 },
      { level: 5, index: 8 },
      { level: 3, index: 36 },
      { level: 2, index: 74 },
    ]);
    expect(rootSubtrees(0)).toEqual([]);
  });

  it("decomposes any size into adjacent subtrees covering [0, size)", () => {
    fc.assert(
      fc.property(treeSize, (size) => {
        let next = 0;
        for (const { level, index } of rootSubtrees(size)) {
          expect(index * 2 ** level).toBe(next);
          next += 2 ** level;
        }
        expect(next).toBe(size);
      }),
    );
  });

  it("finds every root subtree in a partial tile at the right edge of its level", () => {
    fc.assert(
      fc.property(treeSize, (size) => {
        for (const node of rootSubtrees(size)) {
          const { tile } = locateNode(node, size);
          expect(tile.width).toBeLessThan(FULL_TILE_WIDTH);
          expect(tileWidth(tile.level, tile.index + 1, size)).toBe(0);
        }
      }),
    );
  });

  it("locates a node among tile hashes that span exactly its leaves", () => {
    const sizeAndNode = treeSize
      .filter((size) => size > 0)
      .chain((size) => {
        const maxLevel = Math.floor(Math.log2(size));
        return fc.integer({ min: 0, max: maxLevel }).chain((level) => {
          const complete = Math.floor(size / 2 ** level);
          return complete === 0
            ? fc.constant({ size, level: 0, index: 0 })
            : fc.record({
                size: fc.constant(size),
                level: fc.constant(level),
                index: fc.integer({ min: 0, max: complete - 1 }),
              });
        });
      });
    fc.assert(
      fc.property(sizeAndNode, ({ size, level, index }) => {
        const { tile, offset, span } = locateNode({ level, index }, size);
        const tileNodeLeaves = 2 ** (8 * tile.level);
        expect((tile.index * 256 + offset) * tileNodeLeaves).toBe(index * 2 ** level);
        expect(span * tileNodeLeaves).toBe(2 ** level);
        expect(offset + span).toBeLessThanOrEqual(tile.width);
        expect(tile.width).toBe(tileWidth(tile.level, tile.index, size));
      }),
    );
  });

  it("refuses a node that is not a complete subtree of the tree", () => {
    for (const node of [
      { level: 0, index: 300 },
      { level: 2, index: 75 },
      { level: 9, index: 0 },
      { level: -1, index: 0 },
      { level: 0, index: -1 },
      { level: 0.5, index: 0 },
      { level: 53, index: 0 },
    ]) {
      expect(() => locateNode(node, 300)).toThrow(
        expect.objectContaining({ code: "out-of-range" }),
      );
    }
    expect(() => locateNode({ level: 0, index: 0 }, -1)).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });
});
