/** Bytes as people compare them: hexadecimal, and base64 as the log's own texts write hashes. */
import { encodeBase64 } from "../../../src/log/encoding/base64.js";

/**
 * Lowercase hexadecimal.
 *
 * @example hex(new Uint8Array([1, 255])) // "01ff"
 */
export function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * Padded standard base64 (as checkpoints write root hashes).
 *
 * @example base64(new Uint8Array([0, 1])) // "AAE="
 */
export function base64(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}
