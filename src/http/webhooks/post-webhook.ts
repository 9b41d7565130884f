/**
 * One webhook POST over node:http/node:https, refusing non-public targets unless allowed
 * (target-address.ts). The host's addresses are checked in the connection's own DNS lookup (the
 * `lookup` option of net.connect): the socket connects to an address that was checked, so a name cannot
 * answer a public address to a check and a private one to the connection (DNS rebinding), which a
 * check before fetch() could not prevent. An IP-literal host is checked before anything is sent.
 *
 * Redirects are never followed (node:http does not follow them; the Standard Webhooks spec counts a 3xx
 * as a failure), so a public receiver cannot bounce a delivery inward. The answer's body is not read.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { addressProblem, urlHostProblem } from "./target-address.js";

/** What to send. */
export interface WebhookPost {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The whole attempt's limit, connection included. */
  readonly timeoutMs: number;
  /** Deliver to private, loopback and link-local addresses too (the operator's opt-in). */
  readonly allowPrivate: boolean;
  /** Resolves the host's name (resolveWithDns, the system resolver, by default). */
  readonly resolveHost?: ResolveHost;
}

/** Every address of a host name, as dns.lookup with `all: true` answers. */
export type ResolveHost = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

/**
 * The system resolver (getaddrinfo, like every connection of Node).
 *
 * @example await resolveWithDns("hooks.example.com", {}) // [{ address: "93.184.215.14", family: 4 }]
 */
export const resolveWithDns: ResolveHost = (hostname, options) =>
  dns.lookup(hostname, { ...options, all: true });

/** What the receiver answered. */
export interface WebhookAnswer {
  readonly status: number;
  /** The Retry-After header, as sent. */
  readonly retryAfter: string | null;
}

/** A delivery refused because its target is not a public address. */
export class WebhookTargetError extends Error {
  override readonly name = "WebhookTargetError";
  readonly code = "target-refused";
}

/**
 * POSTs `post.body` to `target` and resolves with the answer's status once its headers arrive; rejects
 * with WebhookTargetError for a refused target, an AbortError on timeout, or the socket's error.
 *
 * @example const { status } = await postWebhook(url, { headers, body, timeoutMs: 15_000, allowPrivate: false })
 */
export function postWebhook(target: string, post: WebhookPost): Promise<WebhookAnswer> {
  const url = new URL(target);
  const problem = post.allowPrivate ? undefined : urlHostProblem(url);
  if (problem !== undefined) {
    return Promise.reject(new WebhookTargetError(`refused: ${problem}`));
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: "POST",
      headers: { ...post.headers, "content-length": String(Buffer.byteLength(post.body)) },
      signal: AbortSignal.timeout(post.timeoutMs),
      lookup: lookupWith(post.resolveHost ?? resolveWithDns, post.allowPrivate),
    });
    request.on("response", (response) => {
      const retryAfter = response.headers["retry-after"];
      // The answer's body is not ours to read; destroying frees the connection.
      response.destroy();
      resolve({ status: response.statusCode ?? 0, retryAfter: retryAfter ?? null });
    });
    request.on("error", reject);
    request.end(post.body);
  });
}

/** net.connect's lookup over `resolve`, failing (unless `allowPrivate`) when any address is not public. */
function lookupWith(resolve: ResolveHost, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options).then(
      (addresses) => {
        const problem = allowPrivate
          ? undefined
          : addresses.map((a) => addressProblem(a.address)).find((p) => p !== undefined);
        const [first] = addresses;
        if (problem !== undefined) {
          callback(new WebhookTargetError(`refused: ${hostname} resolves to ${problem}`), "", 0);
        } else if (first === undefined) {
          callback(new WebhookTargetError(`${hostname} has no address`), "", 0);
        } else if (options.all === true) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}
