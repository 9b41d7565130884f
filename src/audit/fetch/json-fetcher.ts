/**
 * Reading a space's published numbers (scores, its transparency report) over HTTP: GET below the space's
 * API prefix, JSON answers. The server is what is being audited, so its answers are untrusted bytes:
 * each is bounded (MAX_JSON_ANSWER_SIZE) and timed out, and parsing leaves the shape to the caller's own
 * checks. A status other than 2xx is an answer too (a subject the server says does not exist is a
 * finding, not an error); an unreachable server is LogError("missing").
 */
import { LogError } from "../../log/errors.js";

/** Largest JSON answer read: a reputation with its explanation weighs a few KiB. */
export const MAX_JSON_ANSWER_SIZE = 1024 * 1024;

/** An answer: its status and its body parsed as JSON (undefined when it is not JSON). */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Reads JSON resources below a prefix. */
export interface JsonFetcher {
  /** The prefix, for reports. */
  readonly base: string;
  get(path: string): Promise<JsonAnswer>;
}

/**
 * A fetcher over HTTP(S) below `prefix` (a trailing slash is added when missing).
 *
 * @example await urlJsonFetcher("http://127.0.0.1:8080/v1/spaces/stays/").get("transparency-report")
 */
export function urlJsonFetcher(
  prefix: string,
  options: { readonly timeoutMs?: number } = {},
): JsonFetcher {
  let base: URL;
  try {
    base = new URL(prefix.endsWith("/") ? prefix : `${prefix}/`);
  } catch (cause) {
    throw new LogError("malformed", `${prefix} is not a URL`, { cause });
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new LogError("malformed", `${prefix} is not an http(s) URL`);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    base: base.toString(),
    async get(path) {
      const url = new URL(path, base);
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        throw new LogError("missing", `${url}: ${(cause as Error).message}`, { cause });
      }
      const text = await readBounded(response, url);
      return { status: response.status, body: parseJson(text) };
    },
  };
}

async function readBounded(response: Response, url: URL): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_JSON_ANSWER_SIZE) {
      await reader.cancel();
      throw new LogError("too-large", `${url} answered more than ${MAX_JSON_ANSWER_SIZE} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
