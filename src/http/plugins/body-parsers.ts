/**
 * Request bodies: JSON only (anything else is 415), parsed by fastify's own JSON parser (which refuses
 * `__proto__` and `constructor.prototype` keys), with the exact text kept on the request for the
 * idempotency fingerprint. The size limit is fastify's bodyLimit (413 beyond it).
 */
import type { FastifyInstance } from "fastify";

declare module "fastify" {
  interface FastifyRequest {
    /** The request body as received, for JSON requests. */
    rawBody: string | undefined;
  }
}

/**
 * Replaces the default parsers (JSON and text/plain) with JSON alone.
 *
 * @example installJsonBodyParser(app)
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.decorateRequest("rawBody", undefined);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    request.rawBody = text;
    parseJson(request, text, done);
  });
}
