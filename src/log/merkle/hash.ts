/**
 * RFC 9162 §2.1.1 Merkle tree hashing: MTH({}) = SHA-256(), leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r).
 */
import { type Digest, sha256, sha256Prefixed } from "../crypto.js";

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** The size of every hash in the tree. */
export const HASH_SIZE = 32;

/**
 * The hash of a leaf whose data is `entry` (RFC 9162 §2.1.1).
 *
 * @example leafHash(new Uint8Array()) // 6e340b9c…
 */
export function leafHash(entry: Uint8Array): Digest {
  return sha256Prefixed(LEAF_PREFIX, entry);
}

/**
 * The hash of an interior node from its two children (RFC 9162 §2.1.1).
 *
 * @example nodeHash(leafHash(a), leafHash(b))
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Digest {
  return sha256Prefixed(NODE_PREFIX, left, right);
}

/** MTH of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1). */
export function emptyRoot(): Digest {
  return sha256();
}
