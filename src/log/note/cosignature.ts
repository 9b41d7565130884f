/**
 * Ed25519 witness cosignatures, type 0x04 (c2sp.org/tlog-cosignature v1). A cosignature is a note signature
 * on a checkpoint whose bytes are a `timestamped_signature`:
 *
 *     u64 timestamp (big-endian POSIX seconds) || Ed25519 signature (64 bytes)
 *
 * and whose Ed25519 message is
 *
 *     "cosignature/v1\n" || "time " || decimal(timestamp) || "\n" || checkpoint note text
 *
 * Key ID: SHA-256(name || "\n" || 0x04 || pub)[:4], so the same Ed25519 key used as a plain note key
 * (0x01) has a different key ID and never verifies a cosignature by accident.
 *
 * Timestamps: the spec allows up to 2^63 - 1; Fabrique handles timestamps as `number`, so it refuses
 * (verifies as false) those above Number.MAX_SAFE_INTEGER, i.e. more than 285 million years ahead, which
 * the spec lets verifiers reject as being in the future.
 */
import { ed25519Sign, ed25519Verify } from "../crypto.js";
import { LogError } from "../errors.js";
import { type KeyOfSigner, type KeyOfVerifier, signerKeyOf, verifierKeyOf } from "./keys.js";
import type { NoteSigner, NoteVerifier } from "./ports.js";
import { utf8 } from "./utf8.js";

/** Bytes of the u64 timestamp that starts every timestamped_signature. */
export const COSIGNATURE_TIMESTAMP_SIZE = 8;

const ED25519_SIGNATURE_SIZE = 64;
const COSIGNATURE_SIZE = COSIGNATURE_TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE;

/** Seconds since the POSIX epoch, as a non-negative safe integer. */
export type Clock = () => number;

/**
 * The message an Ed25519 cosigner signs for `text` (the checkpoint note text) at `timestamp`
 * (c2sp.org/tlog-cosignature §Ed25519 signed message).
 *
 * @example cosignatureSignedMessage(1700000000, "Log\n8\n…=\n") // "cosignature/v1\ntime 1700000000\nLog\n…"
 */
export function cosignatureSignedMessage(timestamp: number, text: string | Uint8Array): Uint8Array {
  assertTimestamp(timestamp);
  const header = utf8(`cosignature/v1\ntime ${timestamp}\n`);
  const body = typeof text === "string" ? utf8(text) : text;
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/**
 * The timestamp of a cosignature: the first eight bytes (big-endian) of the signature bytes that follow
 * the key ID. Works for every timestamped_signature (Ed25519 and ML-DSA-44 alike).
 *
 * @example cosignatureTimestamp(signature.signature) // 1700000000
 */
export function cosignatureTimestamp(signature: Uint8Array): number {
  if (signature.length < COSIGNATURE_TIMESTAMP_SIZE) {
    throw new LogError("malformed", "a cosignature starts with an 8-byte timestamp");
  }
  const view = new DataView(signature.buffer, signature.byteOffset, COSIGNATURE_TIMESTAMP_SIZE);
  const timestamp = view.getBigUint64(0, false);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new LogError("too-large", `cosignature timestamp ${timestamp} is beyond 2^53 - 1`);
  }
  return Number(timestamp);
}

/**
 * A NoteVerifier for an Ed25519 cosigner (type 0x04).
 *
 * @example openNote(cosigned, [logVerifier, cosignatureV1Verifier("witness.example/w1", pub)])
 */
export function cosignatureV1Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return cosignatureV1VerifierOfKey(verifierKeyOf(name, publicKey, "cosignature/v1"));
}

/**
 * A NoteSigner for an Ed25519 cosigner (type 0x04) given by its seed; `clock` gives the timestamp of each
 * cosignature in POSIX seconds.
 *
 * @example cosignatureV1Signer("witness.example/w1", seed, () => Math.floor(Date.now() / 1000))
 */
export function cosignatureV1Signer(name: string, seed: Uint8Array, clock: Clock): NoteSigner {
  return cosignatureV1SignerOfKey(signerKeyOf(name, seed, "cosignature/v1"), clock);
}

/**
 * A cosignature NoteVerifier from an already checked key (its key ID is trusted as given).
 *
 * @example cosignatureV1VerifierOfKey(verifierKeyOf("witness.example/w1", pub, "cosignature/v1"))
 */
export function cosignatureV1VerifierOfKey(key: KeyOfVerifier): NoteVerifier {
  const { name, keyId, publicKey } = key;
  return {
    name,
    keyId,
    verify(message, signature) {
      if (signature.length !== COSIGNATURE_SIZE) return false;
      let timestamp: number;
      try {
        timestamp = cosignatureTimestamp(signature);
      } catch {
        return false;
      }
      const signed = cosignatureSignedMessage(timestamp, message);
      return ed25519Verify(publicKey, signed, signature.subarray(COSIGNATURE_TIMESTAMP_SIZE));
    },
  };
}

/**
 * A cosignature NoteSigner from an already checked key (its key ID is trusted as given).
 *
 * @example cosignatureV1SignerOfKey(parseSignerKey(skey), () => Math.floor(Date.now() / 1000))
 */
export function cosignatureV1SignerOfKey(key: KeyOfSigner, clock: Clock): NoteSigner {
  const { name, keyId, seed } = key;
  return {
    name,
    keyId,
    sign(message) {
      const timestamp = clock();
      const out = new Uint8Array(COSIGNATURE_SIZE);
      new DataView(out.buffer).setBigUint64(0, BigInt(assertTimestamp(timestamp)), false);
      out.set(ed25519Sign(seed, cosignatureSignedMessage(timestamp, message)), 8);
      return out;
    },
  };
}

function assertTimestamp(timestamp: number): number {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new LogError(
      "malformed",
      `cosignature timestamp ${timestamp} is not a non-negative integer`,
    );
  }
  return timestamp;
}
