/**
 * What a failed API call says: the RFC 9457 problem+json the server answers (src/http/errors), or a
 * network failure. Pages show `detail` (the server's own words, which name the rule that was broken)
 * and localize by `code`.
 */

/** A problem answered by the server, or a request that never got an answer. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    /** HTTP status; 0 when the request failed before any answer. */
    readonly status: number,
    /** The problem's stable `code` (src/http/errors/problem.ts), or "network". */
    readonly code: string,
    message: string,
    /** The domain rule refused, when the server names one (`rule`). */
    readonly rule?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The ApiError of a non-2xx answer. Parser of untrusted bytes: reads at most 16 KiB of the body, and only
 * string members of a JSON object; anything else becomes a generic message with the status.
 *
 * @example if (!res.ok) throw await problemOf(res)
 */
export async function problemOf(res: Response): Promise<ApiError> {
  const text = (await res.text().catch(() => "")).slice(0, 16 * 1024);
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON (a proxy's error page): the status speaks.
  }
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const code = str(body.code) ?? `http-${res.status}`;
  const message = str(body.detail) ?? str(body.title) ?? `${res.status} ${res.statusText}`;
  return new ApiError(res.status, code, message, str(body.rule));
}
