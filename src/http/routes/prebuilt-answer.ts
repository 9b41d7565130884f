/**
 * Prebuilt answers for the cached public reads (the checkpoint, full tiles and bundles, reputation
 * summaries): the body as bytes, its strong ETag and its headers, built once when the value is cached and
 * sent as they are to every request that finds it (bench/http.ts: no serialization, no header work per
 * request). A request whose If-None-Match names the ETag is answered 304 with no body (RFC 9110 §13.1.2,
 * §15.4.5: the 304 repeats ETag and Cache-Control).
 *
 * `fromCache` answers from a route's cache in its preParsing hook, before validation and the handler: it
 * runs after every onRequest hook (authentication, rate limits: plugins/rate-limit.ts adds its hook to the
 * route's onRequest) and after the global preParsing hook that refuses an invalid credential, so what the
 * request is allowed to see and how it is counted are unchanged. Only what a validated request put in
 * the cache is found there, so a malformed request never hits and is refused by validation as before.
 */
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest, preParsingHookHandler } from "fastify";

/** A cached answer, ready to send. */
export interface PrebuiltAnswer {
  readonly body: Buffer;
  /** The body's size (the immutable cache's bound reads it). */
  readonly byteLength: number;
  /** A strong entity tag of the body: `"` base64url SHA-256 `"`. */
  readonly etag: string;
  /** content-type, cache-control and etag of a 200. */
  readonly headers: Readonly<Record<string, string>>;
  /** cache-control and etag of a 304. */
  readonly notModified: Readonly<Record<string, string>>;
}

/**
 * Builds the answer of `body` with its content type and Cache-Control.
 *
 * @example const answer = prebuiltAnswer(note, "text/plain; charset=utf-8", "no-cache")
 */
export function prebuiltAnswer(
  body: Buffer | Uint8Array | ArrayBuffer | string,
  contentType: string,
  cacheControl: string,
): PrebuiltAnswer {
  const bytes =
    typeof body === "string"
      ? Buffer.from(body, "utf8")
      : Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : body);
  const etag = `"${createHash("sha256").update(bytes).digest("base64url")}"`;
  return {
    body: bytes,
    byteLength: bytes.byteLength,
    etag,
    headers: Object.freeze({
      "content-type": contentType,
      "cache-control": cacheControl,
      etag,
    }),
    notModified: Object.freeze({ "cache-control": cacheControl, etag }),
  };
}

/**
 * True when an If-None-Match header value matches `etag` (RFC 9110 §13.1.2: `*`, or a list of entity
 * tags compared weakly, so `W/"x"` matches `"x"`). Absent or unparsable: false (the 200 is sent).
 *
 * @example noneMatch('W/"a", "b"', '"b"') // true
 */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value.trim() === "*") return true;
  for (const part of value.split(",")) {
    const tag = part.trim();
    if ((tag.startsWith("W/") ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/**
 * Sends `answer`, or a 304 when the request's If-None-Match matches it.
 *
 * @example return sendPrebuilt(request, reply, answer)
 */
export function sendPrebuilt(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: PrebuiltAnswer,
): FastifyReply {
  if (noneMatch(request.headers["if-none-match"], answer.etag)) {
    return reply.code(304).headers(answer.notModified).send();
  }
  return reply.headers(answer.headers).send(answer.body);
}

/**
 * A preParsing hook answering from a cache: `lookup` gives the request's cached answer, if any; without
 * one the request goes on to validation and its handler.
 *
 * @example app.get(url, { preParsing: fromCache((r) => cache.peek(spaceOf(r))) }, handler)
 */
export function fromCache(
  lookup: (request: FastifyRequest) => PrebuiltAnswer | undefined,
): preParsingHookHandler {
  return function answerFromCache(request, reply, payload, done) {
    const answer = lookup(request);
    if (answer === undefined) {
      done(null, payload);
      return;
    }
    // Answered here: the lifecycle stops (preParsing's runner checks reply.sent, the handler never runs).
    sendPrebuilt(request, reply, answer);
  } as preParsingHookHandler;
}
