/**
 * The one way the page talks to the Fabrique API: same origin, JSON in and out, a bearer credential
 * when the page has one, an Idempotency-Key on every POST (a form keeps its key while it is retried, so
 * a submission the network lost and the person sends again is written once), and problem+json failures
 * as ApiError.
 */
import { ApiError, problemOf } from "./problem.js";

/** A request to the API. */
export interface ApiRequest {
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path and query from the origin, e.g. `/v1/spaces/stays/subjects`. */
  readonly path: string;
  /** A member token or an API key. */
  readonly credential?: string | undefined;
  readonly body?: unknown;
  /** The Idempotency-Key of a POST; a fresh one when absent. */
  readonly idempotencyKey?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Sends `request` and returns the parsed JSON answer (undefined for an empty body).
 *
 * @example const space = await api<SpaceJson>({ path: `/v1/spaces/${id}` })
 */
export async function api<T>(request: ApiRequest): Promise<T> {
  const res = await send(request);
  if (!res.ok) throw await problemOf(res);
  const text = await res.text();
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/**
 * Sends `request` and returns the raw bytes of a 2xx answer (tiles, bundles).
 *
 * @example const bytes = await apiBytes({ path: `${log}/tile/0/000` })
 */
export async function apiBytes(request: ApiRequest): Promise<Uint8Array> {
  const res = await send(request);
  if (!res.ok) throw await problemOf(res);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Sends `request` and returns the text of a 2xx answer (checkpoints, keys).
 *
 * @example const note = await apiText({ path: `${log}/checkpoint` })
 */
export async function apiText(request: ApiRequest): Promise<string> {
  const res = await send(request);
  if (!res.ok) throw await problemOf(res);
  return res.text();
}

async function send(request: ApiRequest): Promise<Response> {
  const method = request.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json, */*;q=0.5" };
  if (request.credential !== undefined) headers.authorization = `Bearer ${request.credential}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (method === "POST") headers["idempotency-key"] = request.idempotencyKey ?? newIdempotencyKey();
  try {
    return await fetch(request.path, {
      method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      credentials: "omit",
      cache: "no-cache",
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the server could not be reached", undefined, { cause: e });
  }
}

/**
 * A fresh Idempotency-Key (128 random bits, hex).
 *
 * @example const key = newIdempotencyKey()
 */
export function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
