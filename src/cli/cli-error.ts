/**
 * Errors the CLI raises itself (bad arguments, unreadable files). Library errors keep their own types and
 * are mapped to exit codes in exit-codes.ts.
 */
export type CliErrorCode =
  /** The command line is wrong: a missing or conflicting option. */
  | "usage"
  /** A file or URL could not be read or written. */
  | "io"
  /** An input file's content is not what the command expects. */
  | "input";

/** @example throw new CliError("usage", "--dir or --url is required") */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
