/**
 * Entry bundles (C2SP tlog-tiles, "Log entries"): the entries of level-0 tile N, each prefixed by its
 * length as a big-endian uint16. "Each entry in a bundle hashes to the corresponding entry in the
 * corresponding level 0 Merkle Tree tile" (RFC 6962 §2.1 leaf hash).
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { leafHash } from "../merkle/hash.js";
import { bytesEqual } from "./bytes-equal.js";
import { FULL_TILE_WIDTH } from "./tile.js";

/** Largest entry a bundle can carry: the uint16 length prefix bounds it. */
export const MAX_ENTRY_SIZE = 0xffff;

const LENGTH_PREFIX_SIZE = 2;

/**
 * Encodes 1..256 entries of at most 65,535 bytes each as a bundle. Throws LogError("too-large") for a
 * longer entry, LogError("out-of-range") for a count outside 1..256.
 *
 * @example encodeEntryBundle([new TextEncoder().encode("hello")]) // 00 05 68 65 6c 6c 6f
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  assertBundleWidth(entries.length);
  let size = 0;
  for (const [i, entry] of entries.entries()) {
    if (entry.length > MAX_ENTRY_SIZE) {
      throw new LogError(
        "too-large",
        `entry ${i} is ${entry.length} bytes, above ${MAX_ENTRY_SIZE}`,
      );
    }
    size += LENGTH_PREFIX_SIZE + entry.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const entry of entries) {
    bytes[at] = entry.length >>> 8;
    bytes[at + 1] = entry.length & 0xff;
    bytes.set(entry, at + LENGTH_PREFIX_SIZE);
    at += LENGTH_PREFIX_SIZE + entry.length;
  }
  return bytes;
}

/**
 * Splits a bundle into exactly `width` entries. Parser of untrusted bytes: refuses a truncated length
 * prefix or entry, fewer or more than `width` entries, and trailing bytes, with LogError("malformed").
 * Limits: `width` in 1..256, each entry at most 65,535 bytes (so at most 16,777,472 bytes read; the
 * fetcher should bound what it downloads). Entries are copies, not views of `bytes`.
 *
 * @example parseEntryBundle(bytes, 44) // 44 entries
 */
export function parseEntryBundle(bytes: Uint8Array, width: number): Uint8Array[] {
  assertBundleWidth(width);
  const entries: Uint8Array[] = [];
  let at = 0;
  while (entries.length < width) {
    if (at + LENGTH_PREFIX_SIZE > bytes.length) {
      throw new LogError("malformed", `bundle ends after ${entries.length} of ${width} entries`);
    }
    const length = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    const start = at + LENGTH_PREFIX_SIZE;
    if (start + length > bytes.length) {
      throw new LogError("malformed", `bundle entry ${entries.length} is truncated`);
    }
    entries.push(bytes.slice(start, start + length));
    at = start + length;
  }
  if (at !== bytes.length) {
    throw new LogError(
      "malformed",
      `bundle has ${bytes.length - at} bytes after its ${width} entries`,
    );
  }
  return entries;
}

/**
 * Checks that entry i hashes to leaf hash i of the matching level-0 tile, for every i. Throws
 * LogError("inconsistent") on the first mismatch or a count mismatch.
 *
 * @example verifyEntryBundle(parseEntryBundle(bundle, 44), parseTile(tile, tileBytes))
 */
export function verifyEntryBundle(
  entries: readonly Uint8Array[],
  leafHashes: readonly Digest[],
): void {
  if (entries.length !== leafHashes.length) {
    throw new LogError(
      "inconsistent",
      `bundle has ${entries.length} entries but its tile ${leafHashes.length} hashes`,
    );
  }
  entries.forEach((entry, i) => {
    const expected = leafHashes[i];
    if (expected === undefined || !bytesEqual(leafHash(entry), expected)) {
      throw new LogError("inconsistent", `bundle entry ${i} does not hash to its tile's leaf hash`);
    }
  });
}

function assertBundleWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > FULL_TILE_WIDTH) {
    throw new LogError(
      "out-of-range",
      `a bundle holds 1..${FULL_TILE_WIDTH} entries, not ${width}`,
    );
  }
}
