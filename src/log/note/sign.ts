/**
 * Signing notes (c2sp.org/signed-note §Format): the text, a blank line, then one `— name base64(keyid ||
 * sig)` line per signature. Existing signatures come first, except those replaced by a signer with the
 * same (name, key ID) (as golang.org/x/mod/sumdb/note Sign does).
 *
 * Limits: the text must open as a note, so MAX_NOTE_SIZE bytes for the result and MAX_SIGNATURES lines.
 */
import { LogError } from "../errors.js";
import { assertKeyId } from "./key-id.js";
import { assertKeyName } from "./key-name.js";
import { MAX_NOTE_SIZE, MAX_SIGNATURES } from "./limits.js";
import type { NoteSigner } from "./ports.js";
import { formatSignatureLine, type NoteSignature } from "./signature-line.js";
import { assertNoControlCharacters, decodeUtf8 } from "./utf8.js";

/**
 * Signs `text` (which must end in a newline) with every signer, keeping `existing` signatures not
 * replaced by a signer, and returns the signed note.
 *
 * @example signNote("hello\n", [signerFromKey(skey)]) // "hello\n\n— name base64…\n"
 */
export function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly NoteSignature[] = [],
): string {
  const fresh = signText(text, signers);
  const kept = existing.filter((e) => !fresh.some((f) => f.name === e.name && f.keyId === e.keyId));
  const all = [...kept, ...fresh];
  if (all.length === 0)
    throw new LogError("malformed", "a signed note needs at least one signature");
  if (all.length > MAX_SIGNATURES) {
    throw new LogError("too-large", `a note carries at most ${MAX_SIGNATURES} signatures`);
  }
  const note = `${text}\n${all.map((s) => `${formatSignatureLine(s)}\n`).join("")}`;
  decodeUtf8(note, MAX_NOTE_SIZE, "signed note");
  return note;
}

/**
 * The signatures of `text` by each signer, without building a note (a witness returns only these).
 *
 * @example formatSignatureLine(signText(checkpointText, [cosigner])[0])
 */
export function signText(text: string, signers: readonly NoteSigner[]): NoteSignature[] {
  const { bytes } = checkNoteText(text);
  return signers.map((signer) => {
    assertKeyName(signer.name, "signer name");
    assertKeyId(signer.keyId);
    return { name: signer.name, keyId: signer.keyId, signature: signer.sign(bytes) };
  });
}

function checkNoteText(text: string): { bytes: Uint8Array } {
  const { bytes } = decodeUtf8(text, MAX_NOTE_SIZE, "note text");
  assertNoControlCharacters(text, "note text");
  if (!text.endsWith("\n")) throw new LogError("malformed", "note text does not end in a newline");
  return { bytes };
}
