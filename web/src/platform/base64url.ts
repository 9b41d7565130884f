/**
 * The browser's src/domain/base64url.ts (swapped in by web/vite.config.ts): the same unpadded, strict
 * base64url (RFC 4648 §5) without Node's Buffer. Parser of untrusted text; the caller bounds the input
 * length.
 */
import { encodeBase64 } from "./base64.js";

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as unpadded base64url.
 *
 * @example encodeBase64Url(new Uint8Array([251, 255])) // "-_8"
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/**
 * Decodes canonical unpadded base64url, or returns null.
 *
 * @example decodeBase64Url("-_8") // Uint8Array [251, 255]
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(standard + "=".repeat((4 - (standard.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Re-encoding rejects non-zero trailing bits, the one non-canonical form the regex admits.
  return encodeBase64Url(bytes) === text ? bytes : null;
}
