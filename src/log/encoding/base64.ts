/**
 * Strict, padded standard base64 (RFC 4648 §4). Parser of untrusted text: signed notes and checkpoints
 * require the canonical encoding, while Buffer.from(s, "base64") silently accepts garbage, missing
 * padding, URL-safe letters and non-zero trailing bits. Limit: the caller bounds the input length.
 */
import { LogError } from "../errors.js";

const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical padded base64, or throws LogError("malformed").
 *
 * @example decodeBase64Strict("AAE=") // Uint8Array [0, 1]
 */
export function decodeBase64Strict(text: string, what = "base64"): Uint8Array {
  if (!STRICT.test(text)) throw new LogError("malformed", `${what} is not canonical padded base64`);
  const bytes = new Uint8Array(Buffer.from(text, "base64"));
  // Re-encoding rejects non-zero padding bits, the one non-canonical form the regex admits.
  if (Buffer.from(bytes).toString("base64") !== text) {
    throw new LogError("malformed", `${what} is not canonical padded base64`);
  }
  return bytes;
}

/**
 * Encodes bytes as padded standard base64.
 *
 * @example encodeBase64(new Uint8Array([0, 1])) // "AAE="
 */
export function encodeBase64(bytes: Uint8Array): string {
  if (bytes.length === HASH_BYTES) return encodeHash(bytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** A SHA-256 hash's length: most of what the log encodes (receipt heads carry ten per entry). */
const HASH_BYTES = 32;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** The 44 character codes of one hash's base64, reused: the encoding is synchronous. */
const HASH_CODES: number[] = new Array(44).fill(0);

/**
 * The base64 of 32 bytes (44 characters, one "=" of padding), without the Buffer view that
 * Buffer.from(…).toString("base64") makes for every call (about a third faster; same text,
 * test/log/base64.test.ts).
 */
function encodeHash(bytes: Uint8Array): string {
  let out = 0;
  for (let i = 0; i < 30; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    HASH_CODES[out++] = CODES[n >> 18] as number;
    HASH_CODES[out++] = CODES[(n >> 12) & 63] as number;
    HASH_CODES[out++] = CODES[(n >> 6) & 63] as number;
    HASH_CODES[out++] = CODES[n & 63] as number;
  }
  const n = ((bytes[30] as number) << 16) | ((bytes[31] as number) << 8);
  HASH_CODES[out++] = CODES[n >> 18] as number;
  HASH_CODES[out++] = CODES[(n >> 12) & 63] as number;
  HASH_CODES[out++] = CODES[(n >> 6) & 63] as number;
  HASH_CODES[out] = 61; // "="
  return String.fromCharCode.apply(null, HASH_CODES);
}
