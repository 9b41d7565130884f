import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import { FULL_TILE_WIDTH, MAX_TILE_LEVEL } from "../../../src/log/tiles/tile.js";
import {
  entryBundlePath,
  parseTilePath,
  resourcePath,
  type TileResource,
  tilePath,
} from "../../../src/log/tiles/tile-path.js";
import { haveVectors, vectorsDir } from "./shared-vectors.js";

interface GoldenTilePath {
  readonly path: string;
  readonly H: number;
  readonly L: number | "data";
  readonly N: number;
  readonly W: number;
}

function goldenTilePaths(): { valid: GoldenTilePath[]; invalid: string[] } {
  const notes = JSON.parse(readFileSync(join(vectorsDir, "note/notes.json"), "utf8"));
  return notes.tilePaths;
}

// x/mod writes tile/H/L/N[.p/W] and tile/H/data/N for entries; C2SP drops H and says `entries`.
function toC2sp(xmodPath: string): string {
  const [tile, _height, level, ...rest] = xmodPath.split("/");
  return [tile, level === "data" ? "entries" : level, ...rest].join("/");
}

function expectRefused(path: string, code: "malformed" | "too-large" = "malformed"): void {
  let caught: unknown;
  try {
    parseTilePath(path);
  } catch (e) {
    caught = e;
  }
  expect(isLogError(caught, code), `${JSON.stringify(path)} should be refused as ${code}`).toBe(
    true,
  );
}

describe.skipIf(!haveVectors)("golden x/mod tile paths, H dropped (needs ../shared)", () => {
  it("parses and formats every valid path", () => {
    const { valid } = goldenTilePaths();
    expect(valid.length).toBeGreaterThan(0);
    for (const v of valid) {
      const partial = v.path.includes(".p/");
      // In x/mod a full tile is 2^H wide; with H fixed at 8 it is 256 wide.
      if (!partial) expect(v.W).toBe(2 ** v.H);
      const width = partial ? v.W : FULL_TILE_WIDTH;
      const expected: TileResource =
        v.L === "data"
          ? { kind: "entries", tile: { level: 0, index: v.N, width } }
          : { kind: "hashes", tile: { level: v.L, index: v.N, width } };
      const path = toC2sp(v.path);
      expect(parseTilePath(path)).toEqual(expected);
      expect(resourcePath(expected)).toBe(path);
    }
  });

  it("maps x/mod tile/3/5/x123/x456/078.p/2 to tile/5/x123/x456/078.p/2", () => {
    expect(toC2sp("tile/3/5/x123/x456/078.p/2")).toBe("tile/5/x123/x456/078.p/2");
    expect(tilePath({ level: 5, index: 123456078, width: 2 })).toBe("tile/5/x123/x456/078.p/2");
  });

  it("refuses every invalid path", () => {
    const { invalid } = goldenTilePaths();
    expect(invalid.length).toBeGreaterThan(0);
    for (const path of invalid) expectRefused(toC2sp(path));
  });
});

describe("tile paths", () => {
  it("formats indices in x-prefixed 3-digit groups (C2SP example 1234067)", () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe("tile/0/x001/x234/067");
    expect(tilePath({ level: 0, index: 0, width: 256 })).toBe("tile/0/000");
    expect(tilePath({ level: 63, index: 999, width: 255 })).toBe("tile/63/999.p/255");
    expect(tilePath({ level: 2, index: 1000, width: 1 })).toBe("tile/2/x001/000.p/1");
    expect(entryBundlePath({ index: 1, width: 44 })).toBe("tile/entries/001.p/44");
    expect(entryBundlePath({ index: 256, width: 256 })).toBe("tile/entries/256");
  });

  it("formats and parses the largest safe index exactly", () => {
    const tile = { level: 0, index: Number.MAX_SAFE_INTEGER, width: 255 };
    const path = tilePath(tile);
    expect(path).toBe("tile/0/x009/x007/x199/x254/x740/991.p/255");
    expect(parseTilePath(path)).toEqual({ kind: "hashes", tile });
  });

  it("refuses to format a tile outside the limits", () => {
    for (const tile of [
      { level: 64, index: 0, width: 1 },
      { level: -1, index: 0, width: 1 },
      { level: 0, index: -1, width: 1 },
      { level: 0, index: 0.5, width: 1 },
      { level: 0, index: 2 ** 53, width: 1 },
      { level: 0, index: 0, width: 0 },
      { level: 0, index: 0, width: 257 },
    ]) {
      expect(() => tilePath(tile)).toThrow(expect.objectContaining({ code: "out-of-range" }));
    }
  });

  it.each([
    "",
    "tile",
    "tile/0",
    "tile/0/",
    "/tile/0/000",
    "tile/0/000/",
    "./tile/0/000",
    "tile/+0/000",
    "tile/-0/000",
    "tile/00/000",
    "tile/01/000",
    "tile/64/000",
    "tile/99/000",
    "tile/100/000",
    "tile/0/00",
    "tile/0/0000",
    "tile/0/+00",
    "tile/0/-01",
    "tile/0/ 01",
    "tile/0/x001",
    "tile/0/x000/001",
    "tile/0/x000/x001/002",
    "tile/0/001/002",
    "tile/0/y001/002",
    "tile/0/X001/002",
    "tile/0/000.p/0",
    "tile/0/000.p/00",
    "tile/0/000.p/01",
    "tile/0/000.p/+5",
    "tile/0/000.p/256",
    "tile/0/000.p/1000",
    "tile/0/000.p/",
    "tile/0/000.p",
    "tile/0/000.P/5",
    "tile/0/000.p/5/",
    "tile/0/000.p/5\n",
    "tile/0/000\n",
    "tile/entries/000.p/256",
    "tile/entries/000.p/0",
    "tile/Entries/000",
    "tile/data/000",
    "tile/8/0/000",
    "tile/0/\u0660\u0660\u0660",
    "tile/\u0660/000",
    "tile/0/000.p/\uff15",
    "TILE/0/000",
    "tile\\0\\000",
  ])("refuses %j", (path) => {
    expectRefused(path);
  });

  it("refuses an index above 2^53 - 1 and over-long paths as too-large", () => {
    expectRefused("tile/0/x009/x007/x199/x254/x740/992", "too-large");
    expectRefused("tile/0/x999/x999/x999/x999/x999/x999/999", "too-large");
    expectRefused(`tile/0/${"x000/".repeat(20)}000`, "too-large");
  });

  it("round-trips random tiles and bundles", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_TILE_LEVEL }),
        fc.oneof(fc.nat(1_000_000), fc.maxSafeNat()),
        fc.integer({ min: 1, max: FULL_TILE_WIDTH }),
        fc.boolean(),
        (level, index, width, isBundle) => {
          const resource: TileResource = isBundle
            ? { kind: "entries", tile: { level: 0, index, width } }
            : { kind: "hashes", tile: { level, index, width } };
          const path = resourcePath(resource);
          expect(path.length).toBeLessThanOrEqual(47);
          expect(parseTilePath(path)).toEqual(resource);
        },
      ),
    );
  });

  it("throws nothing but LogError on random strings", () => {
    const pathLike = fc.string({
      unit: fc.constantFrom(..."tile/entries0123456789x.p+- \u0660"),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), pathLike), (text) => {
        try {
          const parsed = parseTilePath(text);
          expect(resourcePath(parsed)).toBe(text); // whatever parses is canonical
        } catch (e) {
          expect(isLogError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("throws nothing but LogError on mutations of valid paths", () => {
    const mutated = fc
      .tuple(fc.constantFrom("tile/5/x123/x456/078.p/2", "tile/entries/001.p/44", "tile/0/000"))
      .chain(([path]) =>
        fc.tuple(fc.constant(path), fc.nat(path.length), fc.string({ maxLength: 2 }), fc.nat(2)),
      )
      .map(([path, at, insert, cut]) => path.slice(0, at) + insert + path.slice(at + cut));
    fc.assert(
      fc.property(mutated, (text) => {
        try {
          expect(resourcePath(parseTilePath(text))).toBe(text);
        } catch (e) {
          expect(isLogError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
