/**
 * The one place where errors become exit codes. Scripts can act on these:
 *   0  success (for `verify`: the log holds)
 *   1  verification failed: bad signature, inconsistent trees, invalid proof, mismatching data
 *   2  usage error (wrong or missing options)
 *   3  malformed or oversized input
 *   4  input or output unavailable (missing file, tile or network error)
 *   70 internal error (a bug: please report it)
 */
import { CredentialError } from "../credential/errors.js";
import { LogError } from "../log/errors.js";
import { CliError } from "./cli-error.js";

export const EXIT = {
  ok: 0,
  verifyFailed: 1,
  usage: 2,
  malformed: 3,
  unavailable: 4,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Maps any thrown value to the exit code scripts see. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof LogError) {
    switch (error.code) {
      case "bad-signature":
      case "unverified":
      case "invalid-proof":
      case "inconsistent":
        return EXIT.verifyFailed;
      case "malformed":
      case "too-large":
      case "out-of-range":
        return EXIT.malformed;
      case "missing":
        return EXIT.unavailable;
    }
  }
  if (error instanceof CliError) {
    switch (error.code) {
      case "usage":
        return EXIT.usage;
      case "input":
        return EXIT.malformed;
      case "io":
        return EXIT.unavailable;
    }
  }
  // A credential that does not verify is a failed verification; text that is none is malformed.
  if (error instanceof CredentialError) {
    return error.code === "malformed" ? EXIT.malformed : EXIT.verifyFailed;
  }
  if (isSystemError(error)) return EXIT.unavailable;
  return EXIT.internal;
}

/** A one-line reason for people, without a stack trace (except for internal errors). */
export function describeError(error: unknown): string {
  if (error instanceof LogError || error instanceof CliError) return error.message;
  if (error instanceof CredentialError) return `refused (${error.code}): ${error.message}`;
  if (isSystemError(error)) return `${error.code}: ${error.message}`;
  const e = error instanceof Error ? error : new Error(String(error));
  return `internal error: ${e.stack ?? e.message}`;
}

function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}
