/**
 * Wires the error mapping (map-error.ts) into fastify: the error handler of every route and hook, the
 * handler of unmatched requests (404, or 405 with Allow when the path exists for another method), and
 * the framework's own early errors (an undecodable URL). All answer problem+json.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { REQUEST_ID_HEADER } from "../plugins/request-id.js";
import { HttpError } from "./http-error.js";
import { type MappedError, problemOf } from "./map-error.js";
import { PROBLEM_MEDIA_TYPE, type ProblemContext } from "./problem.js";

/** Methods probed to tell 405 from 404 (OPTIONS is CORS preflight's, answered for every path). */
const PROBED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Installs the error handler and the not-found handler on the root instance (they are inherited by every
 * plugin that does not set its own; plugins should not).
 *
 * @example registerErrorHandling(app)
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(app, pathOf(request.url));
    const error =
      allowed.length > 0
        ? new HttpError("method-not-allowed", `${request.method} is not allowed here`, {
            headers: { allow: allowed.join(", ") },
          })
        : new HttpError("not-found", `no route for ${request.method} ${pathOf(request.url)}`);
    return sendError(error, request, reply);
  });
}

/**
 * fastify's `frameworkErrors` option: errors raised before routing (FST_ERR_BAD_URL for a path that does
 * not percent-decode), answered like any other.
 *
 * @example Fastify({ frameworkErrors: answerFrameworkError })
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void sendError(error, request, reply);
}

/**
 * Answers `error` as a problem, logging server faults with the request id (the request's logger carries
 * it) and never showing their internals.
 *
 * @example return sendError(new HttpError("forbidden", "…"), request, reply)
 */
export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const mapped = problemOf(error, contextOf(request));
  if (mapped.internal) request.log.error({ err: error }, "request failed");
  // Errors raised before the hooks ran (an undecodable URL) have not echoed the request id yet.
  reply.header(REQUEST_ID_HEADER, request.id);
  return sendProblem(reply, mapped);
}

/**
 * Sends a mapped error; a problem is never cached, whatever the route had set before failing.
 *
 * @example return sendProblem(reply, problemOf(error, { path, requestId }))
 */
export function sendProblem(reply: FastifyReply, mapped: MappedError): FastifyReply {
  reply.removeHeader("content-length");
  return reply
    .code(mapped.problem.status)
    .headers({
      ...mapped.headers,
      "content-type": PROBLEM_MEDIA_TYPE,
      "cache-control": "no-store",
    })
    .send(JSON.stringify(mapped.problem));
}

function contextOf(request: FastifyRequest): ProblemContext {
  return { path: pathOf(request.url), requestId: String(request.id) };
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

function allowedMethods(app: FastifyInstance, path: string): string[] {
  return PROBED_METHODS.filter((method) => {
    try {
      return app.findRoute({ method, url: path }) !== null;
    } catch {
      return false;
    }
  });
}
