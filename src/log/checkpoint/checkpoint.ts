/**
 * Checkpoint note text (c2sp.org/tlog-checkpoint v1 §Note text): at least three newline-terminated lines,
 *
 *     <origin>
 *     <tree size, decimal, no leading zeros>
 *     <base64 RFC 6962 root hash>
 *     [<extension line>…]
 *
 * Parser of untrusted text. Limits: MAX_CHECKPOINT_SIZE UTF-8 bytes; sizes above
 * Number.MAX_SAFE_INTEGER are refused (LogError "too-large") since Fabrique counts leaves in `number`.
 * Rules: valid UTF-8 without control characters (as in any note), non-empty origin, canonical size, strict
 * padded base64 of exactly 32 bytes, non-empty extension lines, final newline.
 */
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { HASH_SIZE } from "../merkle/hash.js";
import { assertNoControlCharacters, decodeUtf8 } from "../note/utf8.js";

/** Largest checkpoint text accepted or produced, in UTF-8 bytes (a checkpoint is ~100 bytes). */
export const MAX_CHECKPOINT_SIZE = 64 * 1024;

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** A log's signed tree head, as the body of a checkpoint note. */
export interface Checkpoint {
  /** The log's identity, e.g. "example.com/log42". */
  readonly origin: string;
  /** Number of leaves in the tree. */
  readonly size: number;
  /** RFC 6962 Merkle tree hash of the first `size` leaves (32 bytes). */
  readonly rootHash: Uint8Array;
  /** Opaque extension lines (NOT RECOMMENDED by the spec), in order. */
  readonly extensions: readonly string[];
}

/**
 * Parses checkpoint note text (the text of an opened note, final newline included).
 *
 * @example parseCheckpoint("go.sum database tree\n123456789012\nTszz…=\n").size // 123456789012
 */
export function parseCheckpoint(text: string): Checkpoint {
  decodeUtf8(text, MAX_CHECKPOINT_SIZE, "checkpoint");
  assertNoControlCharacters(text, "checkpoint");
  const [origin, sizeLine, rootLine, ...extensions] = checkpointLines(text);
  return {
    origin: requireOrigin(origin ?? ""),
    size: parseTreeSize(sizeLine ?? "", "checkpoint size"),
    rootHash: parseRootHash(rootLine ?? ""),
    extensions: extensions.map(requireExtensionLine),
  };
}

/**
 * Formats a checkpoint as note text, ready to sign.
 *
 * @example formatCheckpoint({ origin: "Log", size: 8, rootHash, extensions: [] }) // "Log\n8\nXcna…=\n"
 */
export function formatCheckpoint(c: Checkpoint): string {
  assertNoControlCharacters(c.origin, "checkpoint origin");
  requireOrigin(c.origin);
  requireSize(c.size);
  if (c.rootHash.length !== HASH_SIZE) {
    throw new LogError("malformed", `checkpoint root hash is ${c.rootHash.length} bytes, not 32`);
  }
  for (const e of c.extensions) assertNoControlCharacters(requireExtensionLine(e), "extension");
  const lines = [c.origin, String(c.size), encodeBase64(c.rootHash), ...c.extensions];
  const text = lines.map((l) => `${l}\n`).join("");
  decodeUtf8(text, MAX_CHECKPOINT_SIZE, "checkpoint");
  return text;
}

/**
 * Parses a tree size: ASCII decimal without leading zeros (tlog-checkpoint, tlog-witness `old N`),
 * refusing values above Number.MAX_SAFE_INTEGER with LogError("too-large").
 *
 * @example parseTreeSize("63096908", "size") // 63096908
 */
export function parseTreeSize(text: string, what: string): number {
  if (!DECIMAL.test(text)) {
    throw new LogError("malformed", `${what} is not a decimal without leading zeros`);
  }
  const size = Number(text);
  if (!Number.isSafeInteger(size)) {
    throw new LogError("too-large", `${what} ${text} is above ${Number.MAX_SAFE_INTEGER}`);
  }
  return size;
}

function checkpointLines(text: string): string[] {
  if (!text.endsWith("\n")) throw new LogError("malformed", "checkpoint does not end in a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) throw new LogError("malformed", "checkpoint has fewer than three lines");
  return lines;
}

function requireOrigin(origin: string): string {
  if (origin.length === 0) throw new LogError("malformed", "checkpoint origin is empty");
  if (origin.includes("\n")) throw new LogError("malformed", "checkpoint origin holds a newline");
  return origin;
}

function requireSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new LogError("malformed", `checkpoint size ${size} is not a non-negative safe integer`);
  }
}

function parseRootHash(line: string): Uint8Array {
  const hash = decodeBase64Strict(line, "checkpoint root hash");
  if (hash.length !== HASH_SIZE) {
    throw new LogError("malformed", `checkpoint root hash is ${hash.length} bytes, not 32`);
  }
  return hash;
}

function requireExtensionLine(line: string): string {
  if (line.length === 0) throw new LogError("malformed", "checkpoint extension line is empty");
  if (line.includes("\n")) throw new LogError("malformed", "checkpoint extension holds a newline");
  return line;
}
