/**
 * Strict unpadded base64url (RFC 4648 §5 as profiled by RFC 7515 §2: no padding, no line breaks). Parser
 * of untrusted text: Buffer.from(s, "base64url") silently skips invalid characters and accepts non-zero
 * trailing bits, so two different strings could decode to the same bytes; SD-JWT digests are computed over
 * the encoded text, so only the canonical form is accepted. Limit: the caller bounds the input length.
 */
import { CredentialError } from "./errors.js";

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes canonical unpadded base64url, or throws CredentialError("malformed").
 *
 * @example decodeBase64Url("AAE") // Uint8Array [0, 1]
 */
export function decodeBase64Url(text: string, what = "base64url"): Uint8Array {
  if (!ALPHABET.test(text) || text.length % 4 === 1) {
    throw new CredentialError("malformed", `${what} is not unpadded base64url`);
  }
  const bytes = new Uint8Array(Buffer.from(text, "base64url"));
  // Re-encoding rejects non-zero trailing bits, the one non-canonical form the alphabet check admits.
  if (encodeBase64Url(bytes) !== text) {
    throw new CredentialError("malformed", `${what} is not canonical base64url`);
  }
  return bytes;
}

/**
 * Encodes bytes as unpadded base64url.
 *
 * @example encodeBase64Url(new Uint8Array([0, 1])) // "AAE"
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes canonical base64url holding valid UTF-8 text, or throws CredentialError("malformed").
 *
 * @example decodeBase64UrlText("eyJhIjoxfQ") // '{"a":1}'
 */
export function decodeBase64UrlText(text: string, what = "base64url"): string {
  const bytes = decodeBase64Url(text, what);
  try {
    return STRICT_UTF8.decode(bytes);
  } catch (cause) {
    throw new CredentialError("malformed", `${what} is not valid UTF-8`, { cause });
  }
}
