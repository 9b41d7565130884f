/**
 * The key vault: seals a space's Ed25519 seed under the master key with AES-256-GCM (NIST SP 800-38D), so a
 * copy of the database alone reveals no signing key. The associated data binds each sealed seed to its space
 * and key id: a sealed seed copied to another space's row, or to another key id, does not open.
 *
 * Nonces are 96 random bits per seal. With random nonces GCM stays within its bounds for 2^32 seals under
 * one key (SP 800-38D §8.3); a space key is sealed once, so that bound is far away.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from "node:crypto";
import { randomBytes } from "../../log/crypto.js";
import { StoreError } from "../errors.js";
import { MASTER_KEY_BYTES } from "./master-key.js";

/** GCM's recommended nonce size (SP 800-38D §5.2.1.1). */
export const NONCE_BYTES = 12;
/** The full 128-bit authentication tag, appended to the ciphertext. */
export const TAG_BYTES = 16;
/** An Ed25519 seed (RFC 8032 §5.1.5). */
export const SEED_BYTES = 32;

const AAD_PREFIX = "fabrique/space-key/v1\n";

/** What a sealed seed is bound to (the associated data). */
export interface SeedBinding {
  readonly space: string;
  readonly keyId: string;
}

/** A sealed seed: ciphertext ‖ tag, and its nonce. */
export interface SealedSeed {
  readonly ciphertext: Uint8Array;
  readonly nonce: Uint8Array;
}

/** Seals and opens space seeds under one master key. */
export interface KeyVault {
  seal(binding: SeedBinding, seed: Uint8Array): SealedSeed;
  /** Throws StoreError("bad-master-key") when the seed was sealed under another key or altered. */
  open(binding: SeedBinding, sealed: SealedSeed): Uint8Array;
}

/**
 * A vault over a 32-byte master key. Throws StoreError("invalid-config") for a key of another size.
 *
 * @example
 * const vault = createKeyVault(masterKey)
 * const sealed = vault.seal({ space: "market", keyId }, seed)
 * vault.open({ space: "market", keyId }, sealed) // seed
 */
export function createKeyVault(masterKey: Uint8Array): KeyVault {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new StoreError("invalid-config", `the master key is ${MASTER_KEY_BYTES} bytes`);
  }
  // A KeyObject, so the key does not show up when the vault is logged or inspected.
  const key = createSecretKey(masterKey);
  return {
    seal: (binding, seed) => seal(key, binding, seed),
    open: (binding, sealed) => open(key, binding, sealed),
  };
}

function seal(key: KeyObject, binding: SeedBinding, seed: Uint8Array): SealedSeed {
  if (seed.length !== SEED_BYTES) throw new RangeError(`a seed is ${SEED_BYTES} bytes`);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(binding));
  const body = Buffer.concat([cipher.update(seed), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: new Uint8Array(body), nonce };
}

/** Parser of untrusted bytes (a database row): a 12-byte nonce and exactly 32 + 16 bytes of ciphertext. */
function open(key: KeyObject, binding: SeedBinding, sealed: SealedSeed): Uint8Array {
  if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length !== SEED_BYTES + TAG_BYTES) {
    throw new StoreError(
      "corrupt",
      `sealed key ${binding.keyId} of space ${binding.space} has the wrong size`,
    );
  }
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(binding));
  decipher.setAuthTag(sealed.ciphertext.subarray(SEED_BYTES));
  const body = decipher.update(sealed.ciphertext.subarray(0, SEED_BYTES));
  try {
    // final() authenticates; until it succeeds `body` is unauthenticated and must not escape.
    return new Uint8Array(Buffer.concat([body, decipher.final()]));
  } catch (cause) {
    body.fill(0);
    throw new StoreError(
      "bad-master-key",
      `key ${binding.keyId} of space ${binding.space} does not open under this master key (wrong FABRIQUE_MASTER_KEY or altered data)`,
      { cause },
    );
  }
}

/** JSON keeps the pair unambiguous whatever characters an id holds. */
function associatedData({ space, keyId }: SeedBinding): Uint8Array {
  return new TextEncoder().encode(AAD_PREFIX + JSON.stringify([space, keyId]));
}
