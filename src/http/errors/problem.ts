/**
 * Problem details (RFC 9457): the body of every error response, `application/problem+json`. Beyond the
 * RFC's members (`type`, `title`, `status`, `detail`, `instance`, §3.1) a problem carries extension
 * members (§3.2): a stable `code` clients can switch on, the domain `rule` that was broken, the failing
 * input `errors` of a validation failure, and the `requestId` to quote when reporting a problem.
 */
import { Type } from "typebox";

/** The closed set of problem codes; each has one status and title (PROBLEM_CODES). */
export type ProblemCode =
  | "invalid-input"
  | "malformed"
  | "too-large"
  | "out-of-range"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "method-not-allowed"
  | "conflict"
  | "idempotency-in-progress"
  | "gone"
  | "idempotency-answer-lost"
  | "content-too-large"
  | "unsupported-media-type"
  | "rule-violation"
  | "idempotency-key-reused"
  | "verification-failed"
  | "rate-limited"
  | "internal"
  | "unavailable";

/** Status and title of each code. Titles do not vary between occurrences (RFC 9457 §3.1.4). */
export const PROBLEM_CODES: Readonly<Record<ProblemCode, { status: number; title: string }>> = {
  "invalid-input": { status: 400, title: "Invalid input" },
  malformed: { status: 400, title: "Malformed request" },
  "too-large": { status: 400, title: "Input beyond a size limit" },
  "out-of-range": { status: 400, title: "Out of range" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "idempotency-in-progress": {
    status: 409,
    title: "A request with this Idempotency-Key is running",
  },
  gone: { status: 410, title: "Gone" },
  "idempotency-answer-lost": {
    status: 410,
    title: "The request was applied; its answer, shown once, is lost",
  },
  "content-too-large": { status: 413, title: "Content too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "rule-violation": { status: 422, title: "Rule violation" },
  "idempotency-key-reused": {
    status: 422,
    title: "Idempotency-Key reused for a different request",
  },
  "verification-failed": { status: 422, title: "Verification failed" },
  "rate-limited": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Service unavailable" },
};

/** One failing input of a validation problem. */
export interface InvalidParam {
  /** Where: body, querystring, params or headers. */
  readonly in: string;
  /** JSON Pointer (RFC 6901) into that input, "" for the input itself. */
  readonly path: string;
  readonly message: string;
}

/** A problem details object. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: ProblemCode;
  readonly rule?: string;
  readonly errors?: readonly InvalidParam[];
  readonly requestId?: string;
}

/** The media type of problem details (RFC 9457 §3). */
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

/**
 * The `type` URI of a code. A URN rather than an http URL: it identifies the problem type stably without
 * promising a page to dereference (RFC 9457 §3.1.1 allows both).
 *
 * @example problemType("not-found") // "urn:fabrique:problem:not-found"
 */
export function problemType(code: ProblemCode): string {
  return `urn:fabrique:problem:${code}`;
}

/** The JSON Schema of a problem, registered once under $id "Problem" (OpenAPI components). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: "urn:fabrique:problem:<code>" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String({ description: "the request path" }),
    code: Type.String({ enum: Object.keys(PROBLEM_CODES) }),
    rule: Type.Optional(
      Type.String({ description: "the domain rule broken, e.g. review.one-per-party" }),
    ),
    errors: Type.Optional(
      Type.Array(Type.Object({ in: Type.String(), path: Type.String(), message: Type.String() })),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { $id: "Problem", description: "RFC 9457 problem details" },
);

/** Where a problem happened, for `instance` and `requestId`. */
export interface ProblemContext {
  readonly path: string;
  readonly requestId: string;
}

/** What varies between problems of one code. */
export interface ProblemFacts {
  readonly detail: string;
  readonly rule?: string | undefined;
  readonly errors?: readonly InvalidParam[] | undefined;
}

/**
 * A problem of `code`.
 *
 * @example problem("not-found", { detail: "no such key" }, { path: "/v1/…", requestId })
 */
export function problem(code: ProblemCode, facts: ProblemFacts, at: ProblemContext): Problem {
  const { status, title } = PROBLEM_CODES[code];
  return {
    type: problemType(code),
    title,
    status,
    detail: facts.detail,
    instance: at.path,
    code,
    ...(facts.rule === undefined ? {} : { rule: facts.rule }),
    ...(facts.errors === undefined ? {} : { errors: facts.errors }),
    requestId: at.requestId,
  };
}
