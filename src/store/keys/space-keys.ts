/**
 * Space signing keys: an Ed25519 seed per key (RFC 8032 §5.1.5), generated here, stored sealed under the
 * master key (key-vault.ts) with its public key in the clear. A space may hold several keys (rotation);
 * the newest signs.
 */
import { ed25519PublicKey, randomBytes, sha256 } from "../../log/crypto.js";
import { sameBytes } from "../../log/merkle/same-bytes.js";
import type { SpaceTx } from "../database.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import { type KeyVault, SEED_BYTES } from "./key-vault.js";

/** A space key's public part. */
export interface SpaceKeyInfo {
  readonly space: string;
  /** 16 hex digits of SHA-256(public key): stable, and unique within a space with overwhelming odds. */
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly createdAt: string;
}

/** A space key, opened: with the seed that signs. */
export interface SpaceSigningKey extends SpaceKeyInfo {
  readonly seed: Uint8Array;
}

/**
 * Generates a new signing key for the transaction's space and stores it sealed.
 *
 * @example const { keyId, publicKey } = await db.spaceTransaction(space, (w) => createSpaceKey(w, vault))
 */
export async function createSpaceKey(w: SpaceTx, vault: KeyVault): Promise<SpaceKeyInfo> {
  const seed = randomBytes(SEED_BYTES);
  const publicKey = ed25519PublicKey(seed);
  const keyId = keyIdOf(publicKey);
  const sealed = vault.seal({ space: w.space, keyId }, seed);
  seed.fill(0);
  const createdAt = new Date().toISOString();
  await w.tx
    .insertInto("space_keys")
    .values({
      space: w.space,
      key_id: keyId,
      public_key: toDbBytes(publicKey),
      sealed_seed: toDbBytes(sealed.ciphertext),
      nonce: toDbBytes(sealed.nonce),
      created_at: createdAt,
    })
    .execute();
  return { space: w.space, keyId, publicKey, createdAt };
}

/**
 * The public parts of the space's keys, oldest first (no master key needed).
 *
 * @example const verifierKeys = await listSpaceKeys(db.kysely, "market")
 */
export async function listSpaceKeys(db: Executor, space: string): Promise<SpaceKeyInfo[]> {
  const rows = await db
    .selectFrom("space_keys")
    .select(["key_id", "public_key", "created_at"])
    .where("space", "=", space)
    .orderBy("created_at")
    .orderBy("key_id")
    .execute();
  return rows.map((r) => ({
    space,
    keyId: r.key_id,
    publicKey: fromDbBytes(r.public_key),
    createdAt: r.created_at,
  }));
}

/**
 * Opens a key of the space: `keyId`, or the newest when omitted. Throws StoreError("not-found") when there
 * is no such key, ("bad-master-key") when it does not open under the vault's master key, and ("corrupt")
 * when the opened seed does not belong to the stored public key.
 *
 * @example const { seed } = await loadSpaceKey(db.kysely, vault, "market")
 */
export async function loadSpaceKey(
  db: Executor,
  vault: KeyVault,
  space: string,
  keyId?: string,
): Promise<SpaceSigningKey> {
  let query = db
    .selectFrom("space_keys")
    .select(["key_id", "public_key", "sealed_seed", "nonce", "created_at"])
    .where("space", "=", space);
  if (keyId !== undefined) query = query.where("key_id", "=", keyId);
  const row = await query
    .orderBy("created_at", "desc")
    .orderBy("key_id", "desc")
    .executeTakeFirst();
  if (row === undefined) {
    const which = keyId === undefined ? "no signing key" : `no signing key ${keyId}`;
    throw new StoreError("not-found", `space ${space} has ${which}`);
  }
  const seed = vault.open(
    { space, keyId: row.key_id },
    { ciphertext: fromDbBytes(row.sealed_seed), nonce: fromDbBytes(row.nonce) },
  );
  const publicKey = fromDbBytes(row.public_key);
  if (!sameBytes(ed25519PublicKey(seed), publicKey)) {
    seed.fill(0);
    throw new StoreError(
      "corrupt",
      `space ${space}: key ${row.key_id} does not match its public key`,
    );
  }
  return { space, keyId: row.key_id, publicKey, createdAt: row.created_at, seed };
}

function keyIdOf(publicKey: Uint8Array): string {
  return Buffer.from(sha256(publicKey).subarray(0, 8)).toString("hex");
}
