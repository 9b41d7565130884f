/**
 * Request ids: a client's `X-Request-Id` is honoured when it is a plain token (so a caller or a proxy can
 * follow one request through its logs and ours), otherwise a UUID is minted. Every log line of the
 * request carries it (`reqId`), every response echoes it, every problem quotes it.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

/** The header read and echoed. */
export const REQUEST_ID_HEADER = "x-request-id";

// Untrusted input that ends up in logs and headers: a short token, nothing that could forge a log line.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * fastify's `genReqId`: the client's id when acceptable, else a fresh UUID.
 *
 * @example Fastify({ genReqId: requestIdOf, requestIdHeader: false })
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/**
 * Echoes the request id on every response, set first thing so that failures carry it too.
 *
 * @example installRequestIdEcho(app)
 */
export function installRequestIdEcho(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
