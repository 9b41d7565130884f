/**
 * pg errors as StoreErrors: server errors by SQLSTATE (https://www.postgresql.org/docs/15/errcodes-appendix.html),
 * network errors by Node's error code, and pg's own connection errors by message (pg gives them no code).
 * Programmer errors (a syntax error, a violated check constraint) are left as they are.
 */
import pg from "pg";
import { StoreError } from "../errors.js";

/**
 * The StoreError for a pg or network error, or undefined.
 *
 * @example throw classifyPostgresError(e) ?? e
 */
export function classifyPostgresError(e: unknown): StoreError | undefined {
  if (e instanceof StoreError) return undefined;
  if (e instanceof pg.DatabaseError) return classifyServerError(e);
  if (isNetworkError(e)) {
    return new StoreError("unavailable", "PostgreSQL is not reachable", { cause: e });
  }
  return undefined;
}

function classifyServerError(e: pg.DatabaseError): StoreError | undefined {
  const state = e.code ?? "";
  if (state === "23505") {
    return new StoreError("conflict", "a row with this key already exists (23505)", { cause: e });
  }
  // Serialization failure and deadlock: the transaction lost to a concurrent one and may be retried.
  if (state === "40001" || state === "40P01") {
    return new StoreError("conflict", `a concurrent transaction won (${state})`, { cause: e });
  }
  if (state === "XX001" || state === "XX002") {
    return new StoreError("corrupt", `PostgreSQL reports damaged data (${state})`, { cause: e });
  }
  if (UNAVAILABLE_STATES.has(state) || UNAVAILABLE_CLASSES.has(state.slice(0, 2))) {
    return new StoreError("unavailable", `PostgreSQL cannot serve this now (${state})`, {
      cause: e,
    });
  }
  return undefined;
}

/** 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown, recovery). */
const UNAVAILABLE_CLASSES = new Set(["08", "53", "58"]);
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "57P04", "25006", "55P03", "57014"]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** pg's connection errors without a code (lib/client.js, pg-pool). */
const NETWORK_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
];

function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  return NETWORK_MESSAGES.some((m) => e.message.startsWith(m));
}
