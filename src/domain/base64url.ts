/**
 * Unpadded base64url (RFC 4648 §5), the compact encoding of commitments, salts and member ids.
 * The decoder is strict (parser of untrusted text): only the URL-safe alphabet, no padding, no
 * whitespace, and the unused low bits of the last character must be zero, so every byte string has
 * exactly one encoding. Limit: the caller bounds the input length.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as unpadded base64url.
 *
 * @example encodeBase64Url(new Uint8Array([251, 255])) // "-_8"
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/**
 * Decodes canonical unpadded base64url, or returns null.
 *
 * @example decodeBase64Url("-_8") // Uint8Array [251, 255]
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Buffer.from(text, "base64url"));
  // Re-encoding rejects non-zero trailing bits, the one non-canonical form the regex admits.
  return encodeBase64Url(bytes) === text ? bytes : null;
}
