/**
 * Tile contents (C2SP tlog-tiles, "Merkle Tree"): tile (L, N, W) is the W node hashes at tree level 8·L
 * with indices N·256 … N·256 + W − 1, concatenated: exactly 32·W bytes.
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { HASH_SIZE, nodeHash } from "../merkle/hash.js";
import type { HashStore, NodeId } from "../merkle/hash-store.js";
import { assertValidTile, FULL_TILE_WIDTH, nodeLevelOfTile, type Tile } from "./tile.js";

/**
 * Builds the bytes of `tile` from the log's node hashes, in one batched read. Throws LogError("missing")
 * (from the store) when the tree does not yet hold the whole tile.
 *
 * @example const bytes = await readTileFromStore(store, { level: 0, index: 1, width: 44 })
 */
export async function readTileFromStore(
  store: Pick<HashStore, "get">,
  tile: Tile,
): Promise<Uint8Array> {
  const hashes = await store.get(tileNodeIds(tile));
  return encodeTile(hashes);
}

/**
 * The tree nodes a tile holds, left to right.
 *
 * @example tileNodeIds({ level: 1, index: 0, width: 2 }) // [{ level: 8, index: 0 }, { level: 8, index: 1 }]
 */
export function tileNodeIds(tile: Tile): NodeId[] {
  assertValidTile(tile);
  const level = nodeLevelOfTile(tile.level);
  const first = tile.index * FULL_TILE_WIDTH;
  if (!Number.isSafeInteger(first + tile.width - 1)) {
    throw new LogError("out-of-range", `tile index ${tile.index} is beyond any tree of safe size`);
  }
  return Array.from({ length: tile.width }, (_, i) => ({ level, index: first + i }));
}

/**
 * Concatenates 1..256 hashes of 32 bytes into tile bytes.
 *
 * @example encodeTile([leafHash(a), leafHash(b)]).length // 64
 */
export function encodeTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length < 1 || hashes.length > FULL_TILE_WIDTH) {
    throw new LogError(
      "out-of-range",
      `a tile holds 1..${FULL_TILE_WIDTH} hashes, not ${hashes.length}`,
    );
  }
  const bytes = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((hash, i) => {
    if (hash.length !== HASH_SIZE)
      throw new LogError("malformed", `hash ${i} is not ${HASH_SIZE} bytes`);
    bytes.set(hash, i * HASH_SIZE);
  });
  return bytes;
}

/**
 * Splits fetched tile bytes into its hashes. Parser of untrusted bytes: the length must be exactly
 * 32·W for the width W the tree size implies (at most 8,192 bytes); otherwise LogError("malformed").
 * It checks the shape only: the hashes are authenticated by the tile reader.
 *
 * @example const hashes = parseTile({ level: 0, index: 1, width: 44 }, bytes) // 44 digests
 */
export function parseTile(tile: Tile, bytes: Uint8Array): Digest[] {
  assertValidTile(tile);
  if (bytes.length !== tile.width * HASH_SIZE) {
    throw new LogError(
      "malformed",
      `tile of width ${tile.width} must be ${tile.width * HASH_SIZE} bytes, not ${bytes.length}`,
    );
  }
  return Array.from({ length: tile.width }, (_, i) =>
    bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE),
  );
}

/**
 * The Merkle Tree Hash of tile hashes [offset, offset + span), `span` a power of two: the tree levels
 * between two tile levels, "reconstructed by hashing the leaves" (C2SP tlog-tiles).
 *
 * @example hashTileRange(hashes, 0, 256) // the tile's own hash, stored one tile level up
 */
export function hashTileRange(hashes: readonly Digest[], offset: number, span: number): Digest {
  let level = hashes.slice(offset, offset + span);
  if (level.length !== span || !isPowerOfTwo(span)) {
    throw new LogError("out-of-range", `no complete subtree of ${span} hashes at offset ${offset}`);
  }
  while (level.length > 1) {
    const next: Digest[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(at(level, i), at(level, i + 1)));
    level = next;
  }
  return at(level, 0);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

function at(hashes: readonly Digest[], i: number): Digest {
  const hash = hashes[i];
  if (hash === undefined) throw new LogError("out-of-range", `no hash at position ${i}`);
  return hash;
}
