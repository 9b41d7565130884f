/**
 * Signature lines (c2sp.org/signed-note §Signatures):
 *
 *     — <key name> base64(32-bit key ID || signature)
 *
 * em dash (U+2014), space, key name, space, strict padded base64 of at least five bytes.
 *
 * Parser of untrusted text. Limits: MAX_SIGNATURE_LINE_SIZE UTF-8 bytes per line.
 */
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { keyIdBytes, readKeyId } from "./key-id.js";
import { assertKeyName } from "./key-name.js";
import { MAX_SIGNATURE_LINE_SIZE } from "./limits.js";
import { utf8 } from "./utf8.js";

const PREFIX = "\u2014 ";

/** One signature of a note, verified or not. */
export interface NoteSignature {
  /** The key name on the signature line. */
  readonly name: string;
  /** The uint32 key ID: the first four bytes of the decoded signature. */
  readonly keyId: number;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
}

/**
 * Parses one signature line, without its final newline.
 *
 * @example parseSignatureLine("— PeterNeumann x08go/ZJkuBS9UG/…=") // { name: "PeterNeumann", keyId, signature }
 */
export function parseSignatureLine(line: string): NoteSignature {
  assertLineSize(line);
  if (!line.startsWith(PREFIX)) {
    throw new LogError("malformed", "signature line does not start with an em dash and a space");
  }
  const rest = line.slice(PREFIX.length);
  const space = rest.indexOf(" ");
  if (space < 0) throw new LogError("malformed", "signature line has no signature");
  const name = rest.slice(0, space);
  assertKeyName(name, "signature key name");
  const bytes = decodeBase64Strict(rest.slice(space + 1), "signature");
  // Four bytes of key ID, then a signature of at least one byte (as golang.org/x/mod/sumdb/note requires).
  if (bytes.length < 5) throw new LogError("malformed", "signature is shorter than five bytes");
  return { name, keyId: readKeyId(bytes), signature: bytes.subarray(4) };
}

/**
 * Formats one signature line, without its final newline.
 *
 * @example formatSignatureLine({ name: "PeterNeumann", keyId: 0xc74f20a3, signature }) // "— PeterNeumann x08g…="
 */
export function formatSignatureLine(sig: NoteSignature): string {
  assertKeyName(sig.name, "signature key name");
  if (sig.signature.length === 0) throw new LogError("malformed", "signature is empty");
  const id = keyIdBytes(sig.keyId);
  const bytes = new Uint8Array(4 + sig.signature.length);
  bytes.set(id, 0);
  bytes.set(sig.signature, 4);
  const line = `${PREFIX}${sig.name} ${encodeBase64(bytes)}`;
  assertLineSize(line);
  return line;
}

function assertLineSize(line: string): void {
  // Check the UTF-16 length first (a lower bound of the UTF-8 size) to avoid encoding huge strings.
  if (line.length > MAX_SIGNATURE_LINE_SIZE || utf8(line).length > MAX_SIGNATURE_LINE_SIZE) {
    throw new LogError("too-large", `signature line exceeds ${MAX_SIGNATURE_LINE_SIZE} bytes`);
  }
}
