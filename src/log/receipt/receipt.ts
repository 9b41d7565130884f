/**
 * Receipt note text (Fabrique receipt v1): the log's signed promise that one entry sits at one index of
 * its tree, in the spirit of Certificate Transparency's SCT (RFC 9162 §4.8), carried as a C2SP signed
 * note so that it verifies with the log's own checkpoint key. Exactly five newline-terminated lines:
 *
 *     fabrique-receipt/v1
 *     <origin>                                      the log, as on its checkpoints
 *     <index, decimal, no leading zeros>            where the entry is (0-based leaf index)
 *     <base64 RFC 9162 leaf hash of the entry>      SHA-256(0x00 ‖ entry), strict padded base64
 *     <time, Unix milliseconds, decimal>            when the log appended the entry
 *
 * Domain separation: the first line is a fixed header, never an origin (origins are key names of the form
 * host/…), so a receipt never parses as a checkpoint (its second line is not a decimal) and a checkpoint
 * never parses as a receipt (its first line is not the header). The key name is the origin, so a signature
 * binds the log too. A receipt is redeemed later with an inclusion proof of the leaf hash at the index,
 * against a checkpoint of a larger tree (receipt-inclusion.ts).
 *
 * Parser of untrusted text. Limits: MAX_RECEIPT_SIZE UTF-8 bytes, index and time in [0, 2^53 − 1].
 * Rules: valid UTF-8 without control characters (as in any note), final newline, exactly five lines, the
 * exact header, non-empty origin, canonical decimals, strict padded base64 of exactly 32 bytes.
 */
import { parseTreeSize } from "../checkpoint/checkpoint.js";
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { HASH_SIZE } from "../merkle/hash.js";
import { assertNoControlCharacters, decodeUtf8 } from "../note/utf8.js";

/** The first line of every v1 receipt. */
export const RECEIPT_HEADER = "fabrique-receipt/v1";

/** Largest receipt text accepted or produced, in UTF-8 bytes (a receipt is ~150 bytes). */
export const MAX_RECEIPT_SIZE = 1024;

const RECEIPT_LINES = 5;

/** What a log promises about one entry. */
export interface Receipt {
  /** The log's identity, e.g. "fabrique.local/spaces/market"; also its key name. */
  readonly origin: string;
  /** The entry's leaf index. */
  readonly index: number;
  /** RFC 9162 §2.1.1 leaf hash of the entry (32 bytes). */
  readonly leafHash: Uint8Array;
  /** When the log appended the entry, in Unix milliseconds. */
  readonly time: number;
}

/**
 * Formats a receipt as note text, ready to sign. Throws LogError("malformed") for a field the parser
 * would refuse.
 *
 * @example formatReceipt({ origin: "fabrique.local/spaces/market", index: 7, leafHash, time: Date.now() })
 */
export function formatReceipt(receipt: Receipt): string {
  const { origin, index, leafHash, time } = receipt;
  requireOrigin(origin);
  assertNoControlCharacters(origin, "receipt origin");
  requireSafeNatural(index, "receipt index");
  requireSafeNatural(time, "receipt time");
  if (leafHash.length !== HASH_SIZE) {
    throw new LogError("malformed", `receipt leaf hash is ${leafHash.length} bytes, not 32`);
  }
  const lines = [RECEIPT_HEADER, origin, String(index), encodeBase64(leafHash), String(time)];
  const text = lines.map((l) => `${l}\n`).join("");
  decodeUtf8(text, MAX_RECEIPT_SIZE, "receipt");
  return text;
}

/**
 * Parses receipt note text (the text of an opened note, final newline included). It checks the shape
 * only: use openReceipt to check the signature too.
 *
 * @example parseReceipt(text).index // 7
 */
export function parseReceipt(text: string): Receipt {
  decodeUtf8(text, MAX_RECEIPT_SIZE, "receipt");
  assertNoControlCharacters(text, "receipt");
  const [header, origin = "", index = "", leafHash = "", time = ""] = receiptLines(text);
  if (header !== RECEIPT_HEADER) {
    throw new LogError("malformed", `receipt does not start with ${RECEIPT_HEADER}`);
  }
  return {
    origin: requireOrigin(origin),
    index: parseTreeSize(index, "receipt index"),
    leafHash: parseLeafHash(leafHash),
    time: parseTreeSize(time, "receipt time"),
  };
}

function receiptLines(text: string): string[] {
  if (!text.endsWith("\n")) throw new LogError("malformed", "receipt does not end in a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length !== RECEIPT_LINES) {
    throw new LogError("malformed", `a receipt has ${RECEIPT_LINES} lines, not ${lines.length}`);
  }
  return lines;
}

function requireOrigin(origin: string): string {
  if (origin.length === 0) throw new LogError("malformed", "receipt origin is empty");
  if (origin.includes("\n")) throw new LogError("malformed", "receipt origin holds a newline");
  return origin;
}

function requireSafeNatural(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LogError("malformed", `${what} ${n} is not a non-negative safe integer`);
  }
}

function parseLeafHash(line: string): Uint8Array {
  const hash = decodeBase64Strict(line, "receipt leaf hash");
  if (hash.length !== HASH_SIZE) {
    throw new LogError("malformed", `receipt leaf hash is ${hash.length} bytes, not 32`);
  }
  return hash;
}
