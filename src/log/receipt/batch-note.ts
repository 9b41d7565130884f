/**
 * Receipt batch note text (Fabrique receipt v2): the log's one signed statement for a whole batch of
 * entries appended together. Instead of one Ed25519 signature per entry (v1, receipt.ts), the log signs
 * the RFC 9162 Merkle tree hash (MTH, §2.1.1) of the batch's leaf hashes once; each entry's receipt is this
 * signed note plus the entry's audit path in that small tree (entry-receipt.ts). Exactly six
 * newline-terminated lines:
 *
 *     fabrique-receipt-batch/v2
 *     <origin>                                the log, as on its checkpoints (and its key name)
 *     <first index, decimal>                  the log index of the batch's first entry
 *     <batch size, decimal, ≥ 1>              how many consecutive entries the batch holds
 *     <base64 MTH of the batch's leaf hashes> RFC 9162 §2.1.1 over leaves first … first + size − 1
 *     <time, Unix milliseconds, decimal>      when the log appended the batch
 *
 * Domain separation: the first line is a fixed header, so this text never parses as a checkpoint (whose
 * second line is a decimal size, where this one has an origin, which must be the signer's key name, and
 * key names are never bare decimals here: they are `host/…`), nor as a v1 receipt or an export note (other
 * headers), and they never parse as this. The per-entry wrapper's header, fabrique-receipt/v2, is never
 * the first line of anything the log signs, so a signature over a batch note cannot be replayed as one
 * over some other statement.
 *
 * Parser of untrusted text. Limits: MAX_RECEIPT_SIZE UTF-8 bytes; first index and time in [0, 2^53 − 1];
 * size in [1, MAX_BATCH_SIZE] and first + size ≤ 2^53 − 1. Rules: valid UTF-8 without control characters,
 * final newline, exactly six lines, the exact header, non-empty origin, canonical decimals, strict padded
 * base64 of exactly 32 bytes.
 */
import { parseTreeSize } from "../checkpoint/checkpoint.js";
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { HASH_SIZE } from "../merkle/hash.js";
import { assertNoControlCharacters, decodeUtf8 } from "../note/utf8.js";
import { MAX_RECEIPT_SIZE } from "./receipt.js";

/** The first line of every receipt batch note. */
export const RECEIPT_BATCH_HEADER = "fabrique-receipt-batch/v2";

/**
 * Most entries one batch note covers: 2^32, so an audit path in the batch tree is at most 32 hashes
 * (MAX_BATCH_PATH). A store's append batches are far smaller (thousands).
 */
export const MAX_BATCH_SIZE = 2 ** 32;

/** Longest audit path in a batch tree of MAX_BATCH_SIZE leaves. */
export const MAX_BATCH_PATH = 32;

const BATCH_LINES = 6;

/** What a log signs once for a batch of consecutive entries. */
export interface ReceiptBatch {
  /** The log's identity; also its key name. */
  readonly origin: string;
  /** The log index of the batch's first entry. */
  readonly first: number;
  /** The number of entries in the batch (≥ 1). */
  readonly size: number;
  /** RFC 9162 MTH of the batch's leaf hashes, in index order (32 bytes). */
  readonly root: Uint8Array;
  /** When the log appended the batch, in Unix milliseconds. */
  readonly time: number;
}

/**
 * Formats a batch note, ready to sign. Throws LogError("malformed") for a field the parser would refuse.
 *
 * @example formatReceiptBatch({ origin, first: 1200, size: 500, root: batchTree(leaves).root, time })
 */
export function formatReceiptBatch(batch: ReceiptBatch): string {
  const { origin, first, size, root, time } = batch;
  requireOrigin(origin);
  assertNoControlCharacters(origin, "receipt batch origin");
  requireSafeNatural(first, "receipt batch first index");
  requireSafeNatural(time, "receipt batch time");
  requireBatchSize(first, size);
  if (root.length !== HASH_SIZE) {
    throw new LogError("malformed", `receipt batch root is ${root.length} bytes, not 32`);
  }
  const lines = [RECEIPT_BATCH_HEADER, origin, String(first), String(size), encodeBase64(root)];
  const text = [...lines, String(time)].map((l) => `${l}\n`).join("");
  decodeUtf8(text, MAX_RECEIPT_SIZE, "receipt batch");
  return text;
}

/**
 * Parses batch note text (an opened note's text, final newline included); checks the shape only.
 *
 * @example parseReceiptBatch(text).size // 500
 */
export function parseReceiptBatch(text: string): ReceiptBatch {
  decodeUtf8(text, MAX_RECEIPT_SIZE, "receipt batch");
  assertNoControlCharacters(text, "receipt batch");
  if (!text.endsWith("\n"))
    throw new LogError("malformed", "receipt batch does not end in a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length !== BATCH_LINES) {
    throw new LogError(
      "malformed",
      `a receipt batch has ${BATCH_LINES} lines, not ${lines.length}`,
    );
  }
  const [header, origin = "", first = "", size = "", root = "", time = ""] = lines;
  if (header !== RECEIPT_BATCH_HEADER) {
    throw new LogError("malformed", `receipt batch does not start with ${RECEIPT_BATCH_HEADER}`);
  }
  const batch = {
    origin: requireOrigin(origin),
    first: parseTreeSize(first, "receipt batch first index"),
    size: parseTreeSize(size, "receipt batch size"),
    root: parseRoot(root),
    time: parseTreeSize(time, "receipt batch time"),
  };
  requireBatchSize(batch.first, batch.size);
  return batch;
}

function requireBatchSize(first: number, size: number): void {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new LogError("malformed", `receipt batch size ${size} is not a positive integer`);
  }
  if (size > MAX_BATCH_SIZE) {
    throw new LogError("too-large", `receipt batch size ${size} is above ${MAX_BATCH_SIZE}`);
  }
  if (!Number.isSafeInteger(first + size)) {
    throw new LogError("too-large", `receipt batch ends past ${Number.MAX_SAFE_INTEGER}`);
  }
}

function requireOrigin(origin: string): string {
  if (origin.length === 0) throw new LogError("malformed", "receipt batch origin is empty");
  if (origin.includes("\n"))
    throw new LogError("malformed", "receipt batch origin holds a newline");
  return origin;
}

function requireSafeNatural(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LogError("malformed", `${what} ${n} is not a non-negative safe integer`);
  }
}

function parseRoot(line: string): Uint8Array {
  const root = decodeBase64Strict(line, "receipt batch root");
  if (root.length !== HASH_SIZE) {
    throw new LogError("malformed", `receipt batch root is ${root.length} bytes, not 32`);
  }
  return root;
}
