/**
 * The browser's src/log/encoding/base64.ts (swapped in by web/vite.config.ts): the same strict, padded
 * standard base64 (RFC 4648 §4) without Node's Buffer. Parser of untrusted text; the caller bounds the
 * input length.
 */
import { LogError } from "../../../src/log/errors.js";

const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical padded base64, or throws LogError("malformed").
 *
 * @example decodeBase64Strict("AAE=") // Uint8Array [0, 1]
 */
export function decodeBase64Strict(text: string, what = "base64"): Uint8Array {
  if (!STRICT.test(text)) throw new LogError("malformed", `${what} is not canonical padded base64`);
  const bytes = bytesOfBinary(atob(text));
  // Re-encoding rejects non-zero padding bits, the one non-canonical form the regex admits.
  if (encodeBase64(bytes) !== text) {
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
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function bytesOfBinary(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
