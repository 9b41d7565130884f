/**
 * Commitment salts for one transaction's events (src/domain/entry.ts: SHA-256(salt ‖ JCS(private))),
 * cut from blocks of fresh CSPRNG output instead of one randomBytes copy each: a batch of 500 writes
 * about 250 private parts, and each copy was an ArrayBuffer and a view.
 *
 * Each salt is a view of its own bytes in a block: blocks are filled once by randomBytes (the
 * operating system's CSPRNG, src/log/crypto.ts) and never refilled or reused, and no two salts
 * overlap, so every salt is fresh random output that no other salt shares. Blocks grow from one salt
 * to MAX_SALTS_PER_BLOCK, so a transaction of one event draws only the salt it needs.
 */
import { randomBytes } from "../../log/crypto.js";

/** The largest block, in salts: 2 KiB of 32-byte salts. */
const MAX_SALTS_PER_BLOCK = 64;

/**
 * A source of `saltBytes`-byte salts. Use one per transaction; a salt is not to be written into.
 *
 * @example const nextSalt = createSaltSource(SALT_BYTES); encodeEntry(event, nextSalt())
 */
export function createSaltSource(saltBytes: number): () => Uint8Array {
  let block: Uint8Array = new Uint8Array(0);
  let at = 0;
  let saltsPerBlock = 1;
  return () => {
    if (at + saltBytes > block.byteLength) {
      block = randomBytes(saltBytes * saltsPerBlock);
      at = 0;
      saltsPerBlock = Math.min(saltsPerBlock * 2, MAX_SALTS_PER_BLOCK);
    }
    const salt = block.subarray(at, at + saltBytes);
    at += saltBytes;
    return salt;
  };
}
