/**
 * How a client reaches a witness: one POST of an add-checkpoint body to `<submission prefix>/
 * add-checkpoint` (c2sp.org/tlog-witness). A port, so that the client logic runs against an in-process
 * app as well as over the network.
 */
import { LogError } from "../../log/errors.js";
import { MAX_NOTE_SIZE } from "../../log/note/index.js";

/** A witness's answer, as bytes. */
export interface TransportResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
}

/** Posts an add-checkpoint body to a witness. */
export interface WitnessTransport {
  post(url: string, body: string): Promise<TransportResponse>;
}

/** Most bytes read from a witness's answer: a 200 body is at most a signed note's worth of lines. */
export const MAX_WITNESS_RESPONSE_SIZE = MAX_NOTE_SIZE;

/**
 * The transport over HTTP(S) with fetch, with a timeout per request and a bounded read (a witness is
 * a peer, not trusted to answer briefly or at all).
 *
 * @example await httpTransport({ timeoutMs: 5000 }).post("https://w.example/add-checkpoint", body)
 */
export function httpTransport(options: { readonly timeoutMs?: number } = {}): WitnessTransport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async post(url, body) {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "text/plain; charset=utf-8" },
        redirect: "error",
        signal: AbortSignal.timeout(timeoutMs),
      });
      return {
        status: response.status,
        contentType: response.headers.get("content-type") ?? undefined,
        body: await readBounded(response, MAX_WITNESS_RESPONSE_SIZE, url),
      };
    },
  };
}

async function readBounded(response: Response, limit: number, url: string): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new LogError("too-large", `${url} answered more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The URL of the add-checkpoint endpoint under a submission prefix.
 *
 * @example addCheckpointUrl("https://w.example/sub/") // "https://w.example/sub/add-checkpoint"
 */
export function addCheckpointUrl(prefix: string): string {
  return `${prefix.replace(/\/+$/, "")}/add-checkpoint`;
}
