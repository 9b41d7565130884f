/**
 * Checking a witness's cosignatures (c2sp.org/tlog-witness §add-checkpoint): "the client MAY concatenate
 * [the response] to the checkpoint, and use a note verification function configured with the witness
 * keys it trusts". Unknown keys are ignored; a bad signature from a trusted witness key fails.
 */
import type { Cosignature } from "../checkpoint/signed-checkpoint.js";
import {
  cosignatureTimestamp,
  type NoteSignature,
  type NoteVerifier,
  openNote,
  signNote,
} from "../note/index.js";

/**
 * Verifies cosignatures of `checkpointText` (the checkpoint note text, without signatures) against
 * trusted witness keys, returning the verified ones with their timestamps.
 *
 * @example
 * const response = parseAddCheckpointResponse(res.status, res.headers.get("content-type"), body)
 * if (response.kind === "cosigned") verifyCosignatures(opened.text, response.cosignatures, witnesses)
 */
export function verifyCosignatures(
  checkpointText: string,
  cosignatures: readonly NoteSignature[],
  witnesses: readonly NoteVerifier[],
): Cosignature[] {
  const note = openNote(signNote(checkpointText, [], cosignatures), witnesses);
  return note.verified.map((s) => ({ ...s, timestamp: cosignatureTimestamp(s.signature) }));
}
