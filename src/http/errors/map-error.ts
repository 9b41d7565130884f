/**
 * The one place where errors become HTTP answers. Every error a route, hook or plugin throws is mapped
 * here to a problem (problem.ts): domain refusals by their DomainError code (with the `rule`), store
 * errors by StoreError code, log errors by LogError code, the framework's own errors (validation, body
 * size, content type, JSON syntax) by their code or status, and HttpErrors by theirs. Anything else is an
 * internal error: logged by the caller with the request id, answered without internals.
 */
import { CredentialError } from "../../credential/errors.js";
import type { DomainErrorCode } from "../../domain/errors.js";
import { LogError, type LogErrorCode } from "../../log/errors.js";
import { StoreError, type StoreErrorCode } from "../../store/errors.js";
import { domainErrorOf } from "./domain-refusal.js";
import { isHttpError } from "./http-error.js";
import {
  type InvalidParam,
  type Problem,
  type ProblemCode,
  type ProblemContext,
  problem,
} from "./problem.js";

/** An error as answered. */
export interface MappedError {
  readonly problem: Problem;
  /** Headers to send with it (Allow, Retry-After, WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;
  /** True for a server fault: log it with its stack, show nothing of it. */
  readonly internal: boolean;
}

/** Validation errors listed at most (the rest are summarized by the count in `detail`). */
export const MAX_LISTED_ERRORS = 20;

/**
 * The problem answering `e`.
 *
 * @example const { problem, headers, internal } = problemOf(error, { path, requestId: request.id })
 */
export function problemOf(e: unknown, at: ProblemContext): MappedError {
  const refusal = domainErrorOf(e);
  if (refusal !== undefined) {
    return answer(
      problemCodeOfDomain(refusal.code),
      { detail: refusal.message, rule: refusal.rule },
      at,
    );
  }
  if (isHttpError(e)) return answer(e.code, { detail: e.message }, at, e.headers);
  if (e instanceof StoreError) return fromStoreError(e, at);
  if (e instanceof LogError) return answer(problemCodeOfLog(e.code), { detail: e.message }, at);
  if (e instanceof CredentialError) return fromCredentialError(e, at);
  const framework = frameworkErrorOf(e);
  if (framework !== undefined) return fromFrameworkError(framework, at);
  return internal(at);
}

/** Domain codes name problem codes one to one. */
function problemCodeOfDomain(code: DomainErrorCode): ProblemCode {
  switch (code) {
    case "invalid-input":
    case "too-large":
    case "malformed":
    case "not-found":
    case "conflict":
    case "rule-violation":
    case "forbidden":
    case "gone":
      return code;
  }
}

function fromStoreError(e: StoreError, at: ProblemContext): MappedError {
  const code = problemCodeOfStore(e.code);
  if (code === "internal") return internal(at);
  const headers: Record<string, string> = code === "unavailable" ? { "retry-after": "1" } : {};
  // An unavailable database is not the client's fault, but its message may name hosts: say less.
  const detail = code === "unavailable" ? "the database is unavailable; retry later" : e.message;
  return { ...answer(code, { detail }, at, headers), internal: code === "unavailable" };
}

function problemCodeOfStore(code: StoreErrorCode): ProblemCode {
  switch (code) {
    case "conflict":
      return "conflict"; // a concurrent transaction won: retrying may succeed
    case "not-found":
      return "not-found";
    case "unavailable":
      return "unavailable";
    case "corrupt":
    case "bad-master-key":
    case "invalid-config":
    case "migration-failed":
      return "internal";
  }
}

/**
 * Log errors that reach a route come from parsing what the client sent (a tile path, proof sizes) or
 * verifying what it submitted (signatures, proofs); "missing" means the client asked for what is not
 * there.
 */
function problemCodeOfLog(code: LogErrorCode): ProblemCode {
  switch (code) {
    case "malformed":
      return "malformed";
    case "too-large":
      return "too-large";
    case "out-of-range":
      return "out-of-range";
    case "missing":
      return "not-found";
    case "bad-signature":
    case "unverified":
    case "invalid-proof":
    case "inconsistent":
      return "verification-failed";
  }
}

/**
 * Credential errors reach routes from what the client sent: text that is not a presentation (or a
 * holder key that is not one) is malformed; every other code is a verification that failed, named in
 * the rule (`credential.wrong-nonce`, `credential.revoked`…) so a verifier can tell why.
 */
function fromCredentialError(e: CredentialError, at: ProblemContext): MappedError {
  const code = e.code === "malformed" ? "malformed" : "verification-failed";
  return answer(code, { detail: e.message, rule: `credential.${e.code}` }, at);
}

/** What the framework's errors (fastify, its parsers, its validator) carry. */
interface FrameworkError {
  readonly statusCode: number;
  readonly code: string | undefined;
  readonly message: string;
  readonly validation: readonly AjvIssue[] | undefined;
  readonly validationContext: string | undefined;
}

interface AjvIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function frameworkErrorOf(e: unknown): FrameworkError | undefined {
  if (!(e instanceof Error)) return undefined;
  const { statusCode, code, validation, validationContext } = e as Error & Record<string, unknown>;
  if (typeof statusCode !== "number" || statusCode < 400 || statusCode > 499) return undefined;
  return {
    statusCode,
    code: typeof code === "string" ? code : undefined,
    message: e.message,
    validation: Array.isArray(validation) ? (validation as AjvIssue[]) : undefined,
    validationContext: typeof validationContext === "string" ? validationContext : undefined,
  };
}

function fromFrameworkError(e: FrameworkError, at: ProblemContext): MappedError {
  if (e.validation !== undefined) {
    const where = e.validationContext ?? "request";
    const errors = e.validation.slice(0, MAX_LISTED_ERRORS).map((v) => invalidParam(where, v));
    const count = e.validation.length;
    const detail = `${count} invalid value${count === 1 ? "" : "s"} in ${where}: ${errors
      .map((x) => `${x.path || "(root)"} ${x.message}`)
      .join("; ")}`;
    return answer("invalid-input", { detail, errors }, at);
  }
  return answer(problemCodeOfFramework(e), { detail: e.message }, at);
}

function problemCodeOfFramework(e: FrameworkError): ProblemCode {
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "content-too-large";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "unsupported-media-type";
    default:
      return problemCodeOfStatus(e.statusCode);
  }
}

function problemCodeOfStatus(status: number): ProblemCode {
  switch (status) {
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 409:
      return "conflict";
    case 410:
      return "gone";
    case 413:
      return "content-too-large";
    case 415:
      return "unsupported-media-type";
    case 422:
      return "rule-violation";
    case 429:
      return "rate-limited";
    default:
      return "malformed"; // 400 (JSON syntax, empty body, bad content length) and other 4xx
  }
}

/** A JSON Pointer to the failing value; for a missing property, to where it should be. */
function invalidParam(where: string, issue: AjvIssue): InvalidParam {
  const base = issue.instancePath ?? "";
  const missing = issue.params?.missingProperty;
  const path = typeof missing === "string" ? `${base}/${escapePointer(missing)}` : base;
  return { in: where, path, message: issue.message ?? "is invalid" };
}

/** RFC 6901 §3: "~" and "/" in a member name are escaped. */
function escapePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}

function internal(at: ProblemContext): MappedError {
  return {
    ...answer(
      "internal",
      { detail: `an internal error occurred; quote request id ${at.requestId} when reporting it` },
      at,
    ),
    internal: true,
  };
}

function answer(
  code: ProblemCode,
  facts: Parameters<typeof problem>[1],
  at: ProblemContext,
  headers: Readonly<Record<string, string>> = {},
): MappedError {
  return { problem: problem(code, facts, at), headers, internal: false };
}
