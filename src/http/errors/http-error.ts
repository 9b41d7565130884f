/**
 * Errors the HTTP layer raises itself (authentication, guards, idempotency, unknown routes). Thrown from
 * hooks and handlers and turned into problem details by the one mapping (map-error.ts).
 */
import type { ProblemCode } from "./problem.js";

/**
 * An HTTP-layer failure with its problem code and, optionally, headers to send (Allow, Retry-After,
 * WWW-Authenticate).
 *
 * @example throw new HttpError("forbidden", "this key lacks the scope moderate")
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly code: ProblemCode;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ProblemCode,
    message: string,
    options?: { cause?: unknown; headers?: Readonly<Record<string, string>> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.headers = options?.headers ?? {};
  }
}

/**
 * True when `e` is an HttpError.
 *
 * @example if (isHttpError(e)) reply.headers(e.headers)
 */
export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}
