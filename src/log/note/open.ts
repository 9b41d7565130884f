/**
 * Opening a signed note (c2sp.org/signed-note): parse it and check its signatures against known keys.
 *
 * Parser of untrusted bytes. Limits: MAX_NOTE_SIZE bytes, MAX_SIGNATURES signature lines,
 * MAX_SIGNATURE_LINE_SIZE bytes per signature line; no signature is verified before all of them parse.
 *
 * Rules (spec §Format, §Signatures):
 * - valid UTF-8, no ASCII control character but newline;
 * - text and signatures split at the LAST blank line; the text keeps its final newline;
 * - signature lines `— name base64`, the block ending in a newline;
 * - a signature whose (name, key ID) is unknown is kept as unverified (identical lines once);
 * - a signature from a known key MUST verify, or the whole note fails (LogError "bad-signature"): every
 *   such signature is checked, including repeats (x/mod skips repeats; the spec says verify);
 * - no verified signature at all fails the note (LogError "unverified").
 */
import { encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { assertKeyId, formatKeyId } from "./key-id.js";
import { assertKeyName } from "./key-name.js";
import { MAX_NOTE_SIZE, MAX_SIGNATURES } from "./limits.js";
import type { NoteVerifier } from "./ports.js";
import { type NoteSignature, parseSignatureLine } from "./signature-line.js";
import { assertNoControlCharacters, decodeUtf8, utf8 } from "./utf8.js";

/** An opened note: its text and its signatures. */
export interface Note {
  /** The note text, final newline included, blank line and signatures excluded. */
  readonly text: string;
  /** Signatures that verified under a known key, one per key, in note order. */
  readonly verified: readonly NoteSignature[];
  /** Signatures from keys not in the verifier list, in note order (identical lines once). */
  readonly unverified: readonly NoteSignature[];
}

/** The text of a note and its signature lines, split but not yet verified. */
export interface SplitNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/**
 * Opens a signed note: checks its format, then verifies every signature from a known key.
 *
 * @example
 * const note = openNote(signed, [verifierFromKey(vkey)])
 * note.text // "If you think cryptography is the answer…\n"
 */
export function openNote(signed: string | Uint8Array, verifiers: readonly NoteVerifier[]): Note {
  const known = indexVerifiers(verifiers);
  const { text, signatures } = splitNote(signed);
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenUnknown = new Set<string>();
  for (const sig of signatures) {
    const verifier = known.get(tupleKey(sig.name, sig.keyId));
    if (verifier === undefined) {
      if (addOnce(seenUnknown, `${tupleKey(sig.name, sig.keyId)} ${encodeBase64(sig.signature)}`)) {
        unverified.push(sig);
      }
      continue;
    }
    requireValidSignature(verifier, message, sig);
    if (!verified.some((v) => v.name === sig.name && v.keyId === sig.keyId)) verified.push(sig);
  }
  if (verified.length === 0) {
    throw new LogError("unverified", "note has no signature from a known key");
  }
  return { text, verified, unverified };
}

/**
 * Parses a signed note without verifying anything: its text and all its signature lines. Use only to
 * inspect or re-sign a note; trust nothing in it until openNote succeeds.
 *
 * @example splitNote(signed).signatures.map((s) => s.name) // ["PeterNeumann", "EnochRoot"]
 */
export function splitNote(signed: string | Uint8Array): SplitNote {
  const { text: whole } = decodeUtf8(signed, MAX_NOTE_SIZE, "signed note");
  assertNoControlCharacters(whole, "signed note");
  const { text, block } = splitAtLastBlankLine(whole);
  const lines = signatureLines(block);
  return { text, signatures: lines.map(parseSignatureLine) };
}

function splitAtLastBlankLine(whole: string): { text: string; block: string } {
  const at = whole.lastIndexOf("\n\n");
  if (at < 0)
    throw new LogError("malformed", "signed note has no blank line before its signatures");
  return { text: whole.slice(0, at + 1), block: whole.slice(at + 2) };
}

function signatureLines(block: string): string[] {
  if (block.length === 0 || !block.endsWith("\n")) {
    throw new LogError("malformed", "signature block is empty or does not end in a newline");
  }
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) {
    throw new LogError("too-large", `note has more than ${MAX_SIGNATURES} signatures`);
  }
  return lines;
}

function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const known = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    assertKeyName(v.name, "verifier name");
    assertKeyId(v.keyId);
    const key = tupleKey(v.name, v.keyId);
    const other = known.get(key);
    // Two different keys with the same (name, key ID) make every signature ambiguous (x/mod refuses too).
    if (other !== undefined && other !== v) {
      throw new LogError(
        "malformed",
        `ambiguous verifiers for key ${v.name}+${formatKeyId(v.keyId)}`,
      );
    }
    known.set(key, v);
  }
  return known;
}

function requireValidSignature(v: NoteVerifier, message: Uint8Array, sig: NoteSignature): void {
  if (!v.verify(message, sig.signature)) {
    throw new LogError(
      "bad-signature",
      `signature by known key ${sig.name}+${formatKeyId(sig.keyId)} does not verify`,
    );
  }
}

// Key names hold no spaces, so "name keyid" is unambiguous.
function tupleKey(name: string, keyId: number): string {
  return `${name} ${keyId}`;
}

function addOnce(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
