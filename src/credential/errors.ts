/**
 * Typed errors of the credential library (SD-JWT VC issuance, presentation and verification). The set of
 * codes is closed: a caller (HTTP, CLI) maps each code to a status or message in exactly one place, and a
 * verifier can tell a tampered presentation from a stale or replayed one.
 */
export type CredentialErrorCode =
  /** Text that does not follow the format it claims (SD-JWT, disclosure, JWT, status list). */
  | "malformed"
  /** A signature that does not verify under the key it must verify under, or an algorithm not allowed. */
  | "bad-signature"
  /** No key is known for the credential's issuer (and key id). */
  | "unknown-issuer"
  /**
   * A disclosure that does not belong: its digest is not in the signed payload, it is presented twice, it
   * is not referenced, its shape does not fit its place, or its claim already exists; or a digest that the
   * issuer embedded twice (RFC 9901 §7.1 steps 3–5).
   */
  | "disclosure-mismatch"
  /** The Key Binding JWT is missing, not signed by the holder key (cnf.jwk), mistyped or has a wrong sd_hash. */
  | "bad-key-binding"
  /** The Key Binding JWT was made for another verifier (aud). */
  | "wrong-audience"
  /** The Key Binding JWT answers another challenge (nonce). */
  | "wrong-nonce"
  /** The credential (exp) or the key binding (iat + maxKbAge) or a status list token is past its time. */
  | "expired"
  /** The credential (nbf, iat) or the key binding (iat) is from the future. */
  | "not-yet-valid"
  /** The credential's status list entry says it is not valid (revoked or suspended). */
  | "revoked"
  /** The nonce of this presentation was seen before. */
  | "replay"
  /**
   * The credential names a status list the verifier cannot read: an issuer of another server whose
   * status list token the holder did not present with it (the verifier fetches nothing).
   */
  | "status-unavailable";

/**
 * An error raised by src/credential. `code` is stable; `message` is for people.
 *
 * @example throw new CredentialError("wrong-nonce", "the key binding answers another nonce")
 */
export class CredentialError extends Error {
  override readonly name = "CredentialError";
  readonly code: CredentialErrorCode;

  constructor(code: CredentialErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `e` is a CredentialError, optionally of the given code.
 *
 * @example if (isCredentialError(e, "replay")) reply(409)
 */
export function isCredentialError(e: unknown, code?: CredentialErrorCode): e is CredentialError {
  return e instanceof CredentialError && (code === undefined || e.code === code);
}
