/**
 * Verifiers and signers from encoded keys: the one place that maps a key's signature type to the code
 * that implements it.
 */
import { LogError } from "../errors.js";
import { type Clock, cosignatureV1SignerOfKey, cosignatureV1VerifierOfKey } from "./cosignature.js";
import { ed25519SignerOfKey, ed25519VerifierOfKey } from "./ed25519.js";
import { parseSignerKey, parseVerifierKey, type VerifierKey } from "./keys.js";
import type { NoteSigner, NoteVerifier } from "./ports.js";

/**
 * A NoteVerifier from an encoded (or parsed) verifier key of type 0x01 (Ed25519) or 0x04 (cosignature/v1).
 * Keys of other types throw LogError("malformed"): leave them out of the verifier list, and their
 * signatures are reported as unverified.
 *
 * @example verifierFromKey("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8")
 */
export function verifierFromKey(key: string | VerifierKey): NoteVerifier {
  const parsed = typeof key === "string" ? parseVerifierKey(key) : key;
  switch (parsed.kind) {
    case "ed25519":
      return ed25519VerifierOfKey(parsed);
    case "cosignature/v1":
      return cosignatureV1VerifierOfKey(parsed);
    case "unknown":
      throw new LogError(
        "malformed",
        `cannot verify with key ${parsed.name}: signature type ${parsed.type} is not supported`,
      );
  }
}

/**
 * A NoteSigner from an encoded Ed25519 (type 0x01) signer key. Cosigner keys need a clock: see
 * cosignerFromKey.
 *
 * @example signNote(text, [signerFromKey("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK…")])
 */
export function signerFromKey(skey: string): NoteSigner {
  const key = parseSignerKey(skey);
  if (key.kind !== "ed25519") {
    throw new LogError(
      "malformed",
      `signer key ${key.name} is a ${key.kind} key: use cosignerFromKey`,
    );
  }
  return ed25519SignerOfKey(key);
}

/**
 * A cosignature/v1 NoteSigner from an encoded type 0x04 signer key, stamping each cosignature with
 * `clock()` (POSIX seconds).
 *
 * @example cosignerFromKey(skey, () => Math.floor(Date.now() / 1000))
 */
export function cosignerFromKey(skey: string, clock: Clock): NoteSigner {
  const key = parseSignerKey(skey);
  if (key.kind !== "cosignature/v1") {
    throw new LogError("malformed", `signer key ${key.name} is not a cosignature/v1 key`);
  }
  return cosignatureV1SignerOfKey(key, clock);
}
