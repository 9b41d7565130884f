/**
 * Signed notes (c2sp.org/signed-note v1) with Ed25519 keys (type 0x01) and tlog-cosignature v1
 * timestamped Ed25519 cosignatures (type 0x04), in the key encodings of golang.org/x/mod/sumdb/note.
 */
export {
  type Clock,
  COSIGNATURE_TIMESTAMP_SIZE,
  cosignatureSignedMessage,
  cosignatureTimestamp,
  cosignatureV1Signer,
  cosignatureV1SignerOfKey,
  cosignatureV1Verifier,
  cosignatureV1VerifierOfKey,
} from "./cosignature.js";
export {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519SignerOfKey,
  ed25519VerifierOfKey,
} from "./ed25519.js";
export { cosignerFromKey, signerFromKey, verifierFromKey } from "./from-key.js";
export { computeKeyId, formatKeyId, parseKeyId } from "./key-id.js";
export { assertKeyName, isValidKeyName } from "./key-name.js";
export { COSIGNATURE_V1_TYPE, ED25519_TYPE, type KnownKeyKind } from "./key-types.js";
export {
  type EncodedKeyPair,
  formatSignerKey,
  formatVerifierKey,
  generateKeyPair,
  type KeyOfSigner,
  type KeyOfVerifier,
  type KnownVerifierKey,
  parseSignerKey,
  parseVerifierKey,
  type SignerKey,
  signerKeyOf,
  type UnknownVerifierKey,
  type VerifierKey,
  verifierKeyOf,
  verifierKeyOfSigner,
} from "./keys.js";
export { MAX_KEY_SIZE, MAX_NOTE_SIZE, MAX_SIGNATURE_LINE_SIZE, MAX_SIGNATURES } from "./limits.js";
export { type Note, openNote, type SplitNote, splitNote } from "./open.js";
export type { NoteSigner, NoteVerifier } from "./ports.js";
export { signNote, signText } from "./sign.js";
export { formatSignatureLine, type NoteSignature, parseSignatureLine } from "./signature-line.js";
