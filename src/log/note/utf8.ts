/**
 * Text rules shared by every signed-note parser (c2sp.org/signed-note §Format): notes MUST be valid UTF-8
 * and MUST NOT contain ASCII control characters (below U+0020) other than newline.
 *
 * Parser of untrusted bytes: the caller passes the byte limit, which is checked before decoding.
 */
import { LogError } from "../errors.js";

const encoder = new TextEncoder();
// fatal: invalid UTF-8 throws instead of turning into U+FFFD; ignoreBOM: a leading U+FEFF stays in the
// text, so the bytes we verify are exactly the bytes we were given.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text and its exact UTF-8 bytes. */
export interface Utf8Text {
  readonly text: string;
  readonly bytes: Uint8Array;
}

/**
 * Decodes `input` as strict UTF-8 (or checks that a string is well-formed), refusing more than
 * `maxBytes` UTF-8 bytes with LogError("too-large") and invalid UTF-8 with LogError("malformed").
 *
 * @example const { text, bytes } = decodeUtf8(body, MAX_NOTE_SIZE, "signed note")
 */
export function decodeUtf8(input: string | Uint8Array, maxBytes: number, what: string): Utf8Text {
  if (typeof input !== "string") {
    assertAtMost(input.length, maxBytes, what);
    try {
      return { text: decoder.decode(input), bytes: input };
    } catch (cause) {
      throw new LogError("malformed", `${what} is not valid UTF-8`, { cause });
    }
  }
  // A string of n UTF-16 code units encodes to at least n UTF-8 bytes: refuse early, before encoding.
  assertAtMost(input.length, maxBytes, what);
  assertWellFormed(input, what);
  const bytes = encoder.encode(input);
  assertAtMost(bytes.length, maxBytes, what);
  return { text: input, bytes };
}

/**
 * Throws LogError("malformed") when `text` holds a lone surrogate (it would not be valid UTF-8).
 *
 * @example assertWellFormed(name, "key name")
 */
export function assertWellFormed(text: string, what: string): void {
  if (LONE_SURROGATE.test(text)) throw new LogError("malformed", `${what} is not valid UTF-8`);
}

/**
 * Throws LogError("malformed") when `text` holds an ASCII control character other than newline
 * (signed-note §Format).
 *
 * @example assertNoControlCharacters(text, "signed note")
 */
export function assertNoControlCharacters(text: string, what: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) {
      throw new LogError("malformed", `${what} contains control character U+${hex4(c)} at ${i}`);
    }
  }
}

/**
 * The UTF-8 encoding of `text`.
 *
 * @example utf8("abc") // Uint8Array [97, 98, 99]
 */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

function assertAtMost(size: number, maxBytes: number, what: string): void {
  if (size > maxBytes) throw new LogError("too-large", `${what} exceeds ${maxBytes} bytes`);
}

function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, "0");
}
