/**
 * Typed errors of the transparency-log library. The set of codes is closed: callers (HTTP, CLI) map each
 * code to a status or exit code in exactly one place.
 */
export type LogErrorCode =
  /** Bytes or text that do not follow the spec they claim to (a parser refused them). */
  | "malformed"
  /** Input larger than a limit the spec or this library sets. */
  | "too-large"
  /** A signature that does not verify under a known key. */
  | "bad-signature"
  /** No signature from any key the verifier trusts. */
  | "unverified"
  /** An inclusion proof that does not prove inclusion. */
  | "invalid-proof"
  /** Two tree states that cannot both be honest (different roots, failed consistency proof). */
  | "inconsistent"
  /** A request for something the tree does not (yet) hold, e.g. a proof beyond the tree size. */
  | "out-of-range"
  /** A node hash or tile that the store should hold but does not. */
  | "missing";

/**
 * An error raised by src/log. `code` is stable; `message` is for people.
 *
 * @example throw new LogError("malformed", "checkpoint size has a leading zero")
 */
export class LogError extends Error {
  override readonly name = "LogError";
  readonly code: LogErrorCode;

  constructor(code: LogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `e` is a LogError, optionally of the given code. */
export function isLogError(e: unknown, code?: LogErrorCode): e is LogError {
  return e instanceof LogError && (code === undefined || e.code === code);
}
