/** Fabrique receipts: a log's signed promise that an entry is at an index (a signed note, see receipt.ts). */
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
  verifyReceipt,
} from "./signed-receipt.js";
