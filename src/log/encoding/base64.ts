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
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
