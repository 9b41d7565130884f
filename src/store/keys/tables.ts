/**
 * The space signing keys' row type. The seed is sealed (keys/key-vault.ts); the public key is kept in the
 * clear so verifier keys can be published without the master key, and to check an opened seed against.
 */

/** One Ed25519 signing key of a space. */
export interface SpaceKeysTable {
  space: string;
  key_id: string;
  public_key: Uint8Array;
  /** AES-256-GCM ciphertext ‖ tag of the 32-byte seed. */
  sealed_seed: Uint8Array;
  nonce: Uint8Array;
  created_at: string;
}

/** The key tables, part of StoreSchema (src/store/schema.ts). */
export interface SpaceKeyTables {
  space_keys: SpaceKeysTable;
}
