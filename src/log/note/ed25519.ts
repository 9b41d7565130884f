/**
 * Ed25519 note signatures, type 0x01 (c2sp.org/signed-note §Ed25519 signatures): an RFC 8032 signature
 * over the note text, with key ID SHA-256(name || 0x0A || 0x01 || pub)[:4].
 */
import { ed25519Sign, ed25519Verify } from "../crypto.js";
import { type KeyOfSigner, type KeyOfVerifier, signerKeyOf, verifierKeyOf } from "./keys.js";
import type { NoteSigner, NoteVerifier } from "./ports.js";

/**
 * A NoteVerifier for an Ed25519 (type 0x01) key.
 *
 * @example openNote(signed, [ed25519NoteVerifier("example.com/log", pub)])
 */
export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return ed25519VerifierOfKey(verifierKeyOf(name, publicKey, "ed25519"));
}

/**
 * A NoteSigner for an Ed25519 (type 0x01) key given by its 32-byte seed.
 *
 * @example signNote(text, [ed25519NoteSigner("example.com/log", seed)])
 */
export function ed25519NoteSigner(name: string, seed: Uint8Array): NoteSigner {
  return ed25519SignerOfKey(signerKeyOf(name, seed, "ed25519"));
}

/**
 * A NoteVerifier from an already checked key (its key ID is trusted as given).
 *
 * @example ed25519VerifierOfKey(verifierKeyOf("example.com/log", pub))
 */
export function ed25519VerifierOfKey(key: KeyOfVerifier): NoteVerifier {
  const { name, keyId, publicKey } = key;
  return {
    name,
    keyId,
    verify: (message, signature) => ed25519Verify(publicKey, message, signature),
  };
}

/**
 * A NoteSigner from an already checked key (its key ID is trusted as given).
 *
 * @example ed25519SignerOfKey(parseSignerKey(skey))
 */
export function ed25519SignerOfKey(key: KeyOfSigner): NoteSigner {
  const { name, keyId, seed } = key;
  return { name, keyId, sign: (message) => ed25519Sign(seed, message) };
}
