/**
 * Receipt v2 text: one entry's receipt under a batch signature. The entry's own lines come first, then a
 * blank line, then the signed batch note (batch-note.ts) exactly as the log signed it:
 *
 *     fabrique-receipt/v2
 *     <index, decimal>                         the entry's log index
 *     <base64 RFC 9162 leaf hash of the entry> SHA-256(0x00 ‖ entry)
 *     <base64 hash>                            the entry's audit path in the batch tree, leaf level
 *     …                                        first, 0 to MAX_BATCH_PATH lines (none for a batch of 1)
 *
 *     fabrique-receipt-batch/v2
 *     <origin>
 *     …                                        (the batch note and its signature lines)
 *
 * The head is not signed: it is checked. Opening (signed-receipt.ts) recomputes the batch root from the
 * leaf hash and the path (RFC 9162 §2.1.3.2 with the index relative to the batch's first) and compares it
 * with the signed root, so a changed index, leaf hash or path fails like a forged signature would. What
 * a v2 receipt promises is what a v1 receipt does (origin, index, leaf hash, time), so redeeming it
 * against a checkpoint (receipt-inclusion.ts) is the same.
 *
 * Parser of untrusted text. Limits: the whole receipt is at most MAX_SIGNED_RECEIPT_SIZE bytes (checked
 * by the caller before this); the head at most MAX_RECEIPT_HEAD_SIZE bytes and 3 + MAX_BATCH_PATH lines.
 * Rules: the head is split from the note at its first blank line; exact header; canonical decimal index;
 * strict padded base64 of exactly 32 bytes for every hash; the note is then opened as any signed note.
 */
import { parseTreeSize } from "../checkpoint/checkpoint.js";
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { HASH_SIZE } from "../merkle/hash.js";
import { assertNoControlCharacters, decodeUtf8 } from "../note/utf8.js";
import { MAX_BATCH_PATH, RECEIPT_BATCH_HEADER } from "./batch-note.js";

/** The first line of every v2 receipt. */
export const RECEIPT_V2_HEADER = "fabrique-receipt/v2";

/** Largest head (header, index, leaf hash, path) in UTF-8 bytes: 35 lines of at most 45 bytes fit. */
export const MAX_RECEIPT_HEAD_SIZE = 2048;

/** How the signed batch note of a receipt starts; a constant, not a string made per receipt written. */
const BATCH_NOTE_START = `${RECEIPT_BATCH_HEADER}\n`;

/** The entry's part of a v2 receipt: where it is, its leaf hash, and its path in the batch tree. */
export interface EntryProof {
  readonly index: number;
  readonly leafHash: Uint8Array;
  /** Audit path in the batch tree, leaf level first. */
  readonly path: readonly Uint8Array[];
}

/** A v2 receipt split into its unsigned head and the signed batch note (not yet opened). */
export interface SplitEntryReceipt extends EntryProof {
  /** The signed batch note, as the log signed it. */
  readonly signedBatch: string;
}

/**
 * Formats a v2 receipt from the entry's proof and the signed batch note. Throws LogError("malformed")
 * for a field the parser would refuse. `encode` is standard padded base64 (encodeBase64), possibly
 * remembering the hashes a batch's receipts share (src/store/log/receipts-at.ts).
 *
 * @example formatEntryReceipt({ index: 1203, leafHash, path: batchPath(tree, 3) }, signedBatch)
 */
export function formatEntryReceipt(
  entry: EntryProof,
  signedBatch: string,
  encode: (hash: Uint8Array) => string = encodeBase64,
): string {
  const head = formatEntryReceiptHead(entry, encode);
  if (!signedBatch.startsWith(BATCH_NOTE_START)) {
    throw new LogError("malformed", "a v2 receipt carries a signed receipt batch note");
  }
  return `${head}\n${signedBatch}`;
}

/**
 * The entry's lines of a v2 receipt (header, index, leaf hash, path), each ending in "\n": the receipt
 * is this head, a blank line's "\n" and the signed batch note. For a writer that sends the note, shared
 * by a batch's receipts, once per batch (the member export). Throws as formatEntryReceipt does.
 *
 * @example formatEntryReceiptHead({ index: 1203, leafHash, path }) // "fabrique-receipt/v2\n1203\n…\n"
 */
export function formatEntryReceiptHead(
  entry: EntryProof,
  encode: (hash: Uint8Array) => string = encodeBase64,
): string {
  const { index, leafHash, path } = entry;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new LogError("malformed", `receipt index ${index} is not a non-negative safe integer`);
  }
  if (path.length > MAX_BATCH_PATH) {
    throw new LogError("malformed", `a receipt path has at most ${MAX_BATCH_PATH} hashes`);
  }
  requireHashSize(leafHash);
  for (const h of path) requireHashSize(h);
  // Concatenated, not joined from an array of lines: the store formats one head per event written.
  let head = `${RECEIPT_V2_HEADER}\n${index}\n${encode(leafHash)}\n`;
  for (const h of path) head += `${encode(h)}\n`;
  return head;
}

function requireHashSize(hash: Uint8Array): void {
  if (hash.length !== HASH_SIZE) {
    throw new LogError("malformed", `a receipt hash is ${hash.length} bytes, not 32`);
  }
}

/**
 * Splits a v2 receipt into its head, parsed, and its signed batch note (checked by openReceipt). The
 * caller has bounded the text's size.
 *
 * @example splitEntryReceipt(text).path.length // 9 in a batch of 500
 */
export function splitEntryReceipt(text: string): SplitEntryReceipt {
  const at = text.indexOf("\n\n");
  if (at < 0) throw new LogError("malformed", "a v2 receipt has no blank line after its head");
  const head = text.slice(0, at + 1);
  decodeUtf8(head, MAX_RECEIPT_HEAD_SIZE, "receipt head");
  assertNoControlCharacters(head, "receipt head");
  const lines = head.slice(0, -1).split("\n");
  if (lines.length < 3 || lines.length > 3 + MAX_BATCH_PATH) {
    throw new LogError(
      "malformed",
      `a v2 receipt head has 3 to ${3 + MAX_BATCH_PATH} lines, not ${lines.length}`,
    );
  }
  const [header, index = "", leaf = "", ...path] = lines;
  if (header !== RECEIPT_V2_HEADER) {
    throw new LogError("malformed", `receipt does not start with ${RECEIPT_V2_HEADER}`);
  }
  return {
    index: parseTreeSize(index, "receipt index"),
    leafHash: parseHash(leaf, "receipt leaf hash"),
    path: path.map((p, i) => parseHash(p, `receipt path hash ${i}`)),
    signedBatch: text.slice(at + 2),
  };
}

function parseHash(line: string, what: string): Uint8Array {
  const hash = decodeBase64Strict(line, what);
  if (hash.length !== HASH_SIZE) {
    throw new LogError("malformed", `${what} is ${hash.length} bytes, not 32`);
  }
  return hash;
}
