/**
 * The HashStore port: where the tree's node hashes live. The in-memory implementation is in
 * memory-hash-store.ts; the persistent ones come with src/store.
 *
 * Addressing (RFC 9162 §2.1 trees, as in golang.org/x/mod/sumdb/tlog): node (level, index) is the root of the
 * complete subtree over leaves [index·2^level, (index+1)·2^level). Level 0 holds the leaf hashes. Only
 * complete subtrees are ever stored, so a stored hash never changes once written.
 */
import type { Digest } from "../crypto.js";

/** The address of a complete subtree's root. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A node hash with its address, as written by the appender. */
export interface StoredNode {
  readonly id: NodeId;
  readonly hash: Digest;
}

/**
 * Reads and writes node hashes in batches (one round trip per proof or per append batch).
 *
 * @example const [h] = await store.get([{ level: 0, index: 5 }])
 */
export interface HashStore {
  /** Returns the hashes in the order asked; throws LogError("missing") if any is absent. */
  get(ids: readonly NodeId[]): Promise<readonly Digest[]>;
  /** Stores hashes of complete subtrees; writing the same hash again is allowed. */
  put(nodes: readonly StoredNode[]): Promise<void>;
}
