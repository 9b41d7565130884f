/**
 * Key IDs (c2sp.org/signed-note §Signatures): a uint32, written big-endian as the first four bytes of every
 * signature and as eight hex digits in encoded keys.
 *
 *     key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]
 *
 * (golang.org/x/mod/sumdb/note keyHash hashes name, "\n", then the type byte followed by the key.)
 */
import { sha256 } from "../crypto.js";
import { LogError } from "../errors.js";
import { utf8 } from "./utf8.js";

const NEWLINE = new Uint8Array([0x0a]);
const KEY_ID_HEX = /^[0-9a-f]{8}$/;

/**
 * The recommended key ID of a key of signature `type` (one byte) with public key bytes `publicKey`.
 *
 * @example computeKeyId("PeterNeumann", 0x01, pub) // 0xc74f20a3
 */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256(utf8(name), NEWLINE, new Uint8Array([type]), publicKey);
  return readKeyId(digest);
}

/**
 * Reads a big-endian uint32 key ID from the first four bytes of `bytes`.
 *
 * @example readKeyId(signatureBytes) // 3343851683
 */
export function readKeyId(bytes: Uint8Array): number {
  if (bytes.length < 4) throw new LogError("malformed", "a key ID is four bytes");
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
}

/**
 * The four big-endian bytes of `keyId`.
 *
 * @example keyIdBytes(0xc74f20a3) // Uint8Array [199, 79, 32, 163]
 */
export function keyIdBytes(keyId: number): Uint8Array {
  assertKeyId(keyId);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, keyId, false);
  return out;
}

/**
 * Eight lowercase hex digits, as in encoded keys.
 *
 * @example formatKeyId(0xc74f20a3) // "c74f20a3"
 */
export function formatKeyId(keyId: number): string {
  assertKeyId(keyId);
  return keyId.toString(16).padStart(8, "0");
}

/**
 * Parses the key ID of an encoded key: exactly eight lowercase hex digits (the form every x/mod key is
 * written in; uppercase is refused so that each key has one spelling).
 *
 * @example parseKeyId("c74f20a3") // 3343851683
 */
export function parseKeyId(text: string): number {
  if (!KEY_ID_HEX.test(text)) {
    throw new LogError("malformed", "a key ID is eight lowercase hex digits");
  }
  return Number.parseInt(text, 16);
}

/**
 * Throws LogError("malformed") unless `keyId` is a uint32.
 *
 * @example assertKeyId(0xc74f20a3) // ok
 */
export function assertKeyId(keyId: number): void {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xffffffff) {
    throw new LogError("malformed", `key ID ${keyId} is not a uint32`);
  }
}
