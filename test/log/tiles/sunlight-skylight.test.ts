/**
 * The real tlog-tiles tree from FiloSottile/sunlight cmd/skylight/testdata (../shared/vectors/tiles):
 * a mirror of 300 entries `record <i>` with full and partial tiles at levels 0 and 1.
 *
 * Its entry bundles (`tile/entries/000`, `tile/entries/001.p/44`) are gzip-compressed stand-in text
 * ("fake mirrored entry bundle"), not uint16 length-prefixed bundles: skylight's tests only serve them
 * back byte for byte. So here the reader must refuse them as malformed, and the bundle path is shown to
 * work on this tree with bundles encoded from the documented entries `record <i>` instead.
 *
 * Signatures on the checkpoints are checked by the checkpoint module's tests, not here: this file reads
 * the three body lines (origin, size, root) with a minimal split.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeBase64Strict } from "../../../src/log/encoding/base64.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { encodeEntryBundle } from "../../../src/log/tiles/entry-bundle.js";
import type { TileFetcher } from "../../../src/log/tiles/tile-fetcher.js";
import { tilesOfTree } from "../../../src/log/tiles/tile-layout.js";
import { entryBundlePath } from "../../../src/log/tiles/tile-path.js";
import { createTileReader } from "../../../src/log/tiles/tile-reader.js";
import { rootFromTiles, type TreeHead, verifyTreeRoot } from "../../../src/log/tiles/tree-root.js";
import { haveVectors, vectorsDir } from "./shared-vectors.js";

const skylight = join(vectorsDir, "tiles/sunlight-skylight");
const origin = "rome2026h1.example.org";
const originHash = createHash("sha256").update(origin).digest("hex");
const mirror = join(skylight, "witness/mirror", originHash);

/** A TileFetcher over a directory, for tests only (src/log does no I/O); records what it reads. */
function directoryFetcher(root: string): TileFetcher & { readonly fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    async fetch(path) {
      if (path.split("/").some((part) => part === ".." || part === "")) {
        throw new Error(`refusing path ${path}`);
      }
      fetched.push(path);
      return new Uint8Array(await readFile(join(root, path)));
    },
  };
}

/** The body of a checkpoint (C2SP tlog-checkpoint): origin, decimal size, base64 root hash. */
async function checkpointBody(path: string): Promise<{ origin: string } & TreeHead> {
  const text = await readFile(path, "utf8");
  const [origin = "", sizeText = "", rootText = ""] = text.split("\n");
  expect(sizeText).toMatch(/^(0|[1-9][0-9]*)$/);
  return { origin, size: Number(sizeText), rootHash: decodeBase64Strict(rootText) };
}

const recordEntry = (i: number) => new TextEncoder().encode(`record ${i}`);

describe.skipIf(!haveVectors)("sunlight skylight tile tree (needs ../shared)", () => {
  it("recomputes the root in the mirror's checkpoint from its two root tiles", async () => {
    const head = await checkpointBody(join(mirror, "checkpoint"));
    expect(head.origin).toBe(origin);
    expect(head.size).toBe(300);
    const fetcher = directoryFetcher(mirror);
    expect(await rootFromTiles(head.size, fetcher)).toEqual(head.rootHash);
    expect(fetcher.fetched.sort()).toEqual(["tile/0/001.p/44", "tile/1/000.p/1"]);
    await verifyTreeRoot(head, fetcher);
  });

  it("authenticates every leaf hash, tile/0/000 through tile/1/000.p/1, as leafHash(`record i`)", async () => {
    const head = await checkpointBody(join(mirror, "checkpoint"));
    const fetcher = directoryFetcher(mirror);
    const reader = createTileReader(head, fetcher);
    const ids = Array.from({ length: head.size }, (_, index) => ({ level: 0, index }));
    const hashes = await reader.get(ids);
    expect(hashes).toEqual(ids.map(({ index }) => leafHash(recordEntry(index))));
    expect(new Set(fetcher.fetched)).toEqual(
      new Set(["tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"]),
    );
  });

  it("refuses the tree's entry bundles: they are not length-prefixed bundles", async () => {
    const head = await checkpointBody(join(mirror, "checkpoint"));
    const reader = createTileReader(head, directoryFetcher(mirror));
    await expect(reader.readEntries([0])).rejects.toThrow(
      expect.objectContaining({
        code: "malformed",
        message: expect.stringContaining("entries/000"),
      }),
    );
    await expect(reader.readEntries([299])).rejects.toThrow(
      expect.objectContaining({ code: "malformed" }),
    );
  });

  it("reads entries from bundles of `record i` against the real authenticated tiles", async () => {
    const head = await checkpointBody(join(mirror, "checkpoint"));
    const tiles = directoryFetcher(mirror);
    const bundles = new Map<string, Uint8Array>();
    for (const tile of tilesOfTree(head.size)) {
      if (tile.level !== 0) continue;
      const entries = Array.from({ length: tile.width }, (_, i) =>
        recordEntry(tile.index * 256 + i),
      );
      bundles.set(entryBundlePath(tile), encodeEntryBundle(entries));
    }
    const fetcher: TileFetcher = {
      fetch: async (path) => bundles.get(path) ?? tiles.fetch(path),
    };
    const entries = await createTileReader(head, fetcher).readEntries([0, 255, 256, 299]);
    expect(entries.map((e) => new TextDecoder().decode(e))).toEqual([
      "record 0",
      "record 255",
      "record 256",
      "record 299",
    ]);
  });

  it("finds that the witness-cosigned checkpoint of the same origin and size has another root", async () => {
    const mirrored = await checkpointBody(join(mirror, "checkpoint"));
    const cosigned = await checkpointBody(join(skylight, "witness", originHash, "checkpoint"));
    expect([cosigned.origin, cosigned.size]).toEqual([mirrored.origin, mirrored.size]);
    expect(cosigned.rootHash).not.toEqual(mirrored.rootHash);
    await expect(verifyTreeRoot(cosigned, directoryFetcher(mirror))).rejects.toThrow(
      expect.objectContaining({ code: "inconsistent" }),
    );
    await expect(
      createTileReader(cosigned, directoryFetcher(mirror)).get([{ level: 0, index: 0 }]),
    ).rejects.toThrow(expect.objectContaining({ code: "inconsistent" }));
  });

  it("refuses the static-ct tree/ directory, whose tiles are short text files", async () => {
    const head = await checkpointBody(join(skylight, "tree/checkpoint"));
    await expect(verifyTreeRoot(head, directoryFetcher(join(skylight, "tree")))).rejects.toThrow(
      expect.objectContaining({ code: "malformed" }),
    );
  });
});
