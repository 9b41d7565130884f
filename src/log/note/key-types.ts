/**
 * Signature type identifier bytes (c2sp.org/signed-note §Signature types) that Fabrique implements.
 * Keys of any other type parse as "unknown": they can be stored and shown, but not used to verify, so
 * their signatures on a note count as unverified (the spec: verifiers MUST ignore unknown keys).
 */

/** 0x01: Ed25519 signatures over the note text (c2sp.org/signed-note §Ed25519 signatures). */
export const ED25519_TYPE = 0x01;

/** 0x04: timestamped Ed25519 witness cosignatures (c2sp.org/tlog-cosignature). */
export const COSIGNATURE_V1_TYPE = 0x04;

/** The key kinds Fabrique can sign and verify with. */
export type KnownKeyKind = "ed25519" | "cosignature/v1";

/**
 * The signature type byte of a known key kind.
 *
 * @example typeByteOf("cosignature/v1") // 0x04
 */
export function typeByteOf(kind: KnownKeyKind): number {
  switch (kind) {
    case "ed25519":
      return ED25519_TYPE;
    case "cosignature/v1":
      return COSIGNATURE_V1_TYPE;
  }
}

/**
 * The known key kind of a type byte, or undefined.
 *
 * @example kindOfTypeByte(0x01) // "ed25519"
 */
export function kindOfTypeByte(type: number): KnownKeyKind | undefined {
  switch (type) {
    case ED25519_TYPE:
      return "ed25519";
    case COSIGNATURE_V1_TYPE:
      return "cosignature/v1";
    default:
      return undefined;
  }
}
