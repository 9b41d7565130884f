/**
 * Fabrique receipts: a log's signed promise that an entry is at an index. v1 (receipt.ts) signs each entry
 * alone; v2 (entry-receipt.ts) signs a batch of entries once (batch-note.ts) and gives each entry its
 * audit path in the batch tree (batch-tree.ts). Both open with openReceipt and the log's key.
 */
export {
  formatReceiptBatch,
  MAX_BATCH_PATH,
  MAX_BATCH_SIZE,
  parseReceiptBatch,
  RECEIPT_BATCH_HEADER,
  type ReceiptBatch,
} from "./batch-note.js";
export { type BatchTree, batchPath, batchTree } from "./batch-tree.js";
export {
  type EntryProof,
  formatEntryReceipt,
  formatEntryReceiptHead,
  MAX_RECEIPT_HEAD_SIZE,
  RECEIPT_V2_HEADER,
  type SplitEntryReceipt,
  splitEntryReceipt,
} from "./entry-receipt.js";
export {
  formatReceipt,
  MAX_RECEIPT_SIZE,
  parseReceipt,
  RECEIPT_HEADER,
  type Receipt,
} from "./receipt.js";
export { verifyReceiptInclusion } from "./receipt-inclusion.js";
export {
  MAX_SIGNED_RECEIPT_SIZE,
  type OpenedReceipt,
  openReceipt,
  type ReceiptVerifier,
  signReceipt,
  signReceiptBatch,
  verifyReceipt,
} from "./signed-receipt.js";
