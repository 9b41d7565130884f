/**
 * Redeeming a receipt: once the log has published a checkpoint of a tree larger than the receipt's index,
 * the promised leaf hash must be at that index, which an inclusion proof (RFC 9162 §2.1.3) shows. A log
 * that issued a receipt and then left the entry out (or put another one there) is caught here, with the
 * receipt as signed evidence.
 */
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { LogError } from "../errors.js";
import { verifyInclusion } from "../merkle/verify-inclusion.js";
import type { Receipt } from "./receipt.js";

/**
 * Checks that the entry `receipt` promises is in the tree of `checkpoint` (one the caller has opened
 * with the log's key), given an inclusion proof for the receipt's index in that tree. Throws
 * LogError("inconsistent") for a checkpoint of another log, ("out-of-range") when the tree is not yet
 * large enough to include the index, and ("invalid-proof") when the proof does not lead to the root.
 *
 * @example verifyReceiptInclusion(verifyReceipt(signed, vkey), opened.checkpoint, proof)
 */
export function verifyReceiptInclusion(
  receipt: Receipt,
  checkpoint: Checkpoint,
  proof: readonly Uint8Array[],
): void {
  if (checkpoint.origin !== receipt.origin) {
    throw new LogError(
      "inconsistent",
      `the receipt is from "${receipt.origin}", the checkpoint from "${checkpoint.origin}"`,
    );
  }
  if (receipt.index >= checkpoint.size) {
    throw new LogError(
      "out-of-range",
      `entry ${receipt.index} is not yet in the tree of size ${checkpoint.size}`,
    );
  }
  verifyInclusion({
    index: receipt.index,
    treeSize: checkpoint.size,
    leafHash: receipt.leafHash,
    proof,
    root: checkpoint.rootHash,
  });
}
