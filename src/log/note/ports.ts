/**
 * The two ports of signed notes (c2sp.org/signed-note §Signatures): a key is identified by the tuple
 * (name, key ID), and signs or verifies the note text. Ed25519 keys (type 0x01) and tlog-cosignature
 * keys (type 0x04) both implement these, and so can any other signature type.
 */

/** Verifies signatures made by one key. */
export interface NoteVerifier {
  /** The key name, as on signature lines. */
  readonly name: string;
  /** The uint32 key ID, as in the first four bytes of a signature. */
  readonly keyId: number;
  /**
   * True when `signature` (the bytes after the key ID) is a valid signature of `message` (the note text,
   * final newline included). Must not throw.
   */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Signs notes with one key. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature of `message` (the note text), without the key ID prefix. */
  sign(message: Uint8Array): Uint8Array;
}
