/**
 * The root of the tree at any past size, from stored complete subtrees: decompose the size into its
 * complete subtrees, read their roots in one batched get, fold right to left (RFC 9162 §2.1.1).
 */
import type { Digest } from "../crypto.js";
import { frontierRoot, type HashReader, readFrontier } from "./frontier.js";

/**
 * MTH(D[0:size]) from a store holding at least the first `size` leaves' complete subtrees.
 * Throws LogError("out-of-range") for a size that is not an integer in [0, 2^53 − 1], and the store's
 * LogError("missing") if it does not hold the tree that far.
 *
 * @example const root5 = await rootAt(store, 5)
 */
export async function rootAt(store: HashReader, size: number): Promise<Digest> {
  return frontierRoot(await readFrontier(store, size));
}
