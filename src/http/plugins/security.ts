/**
 * Security headers (@fastify/helmet) and CORS (@fastify/cors).
 *
 * The API answers JSON and bytes, never pages, so its Content-Security-Policy forbids everything
 * (`default-src 'none'`, no framing); the /docs page sets its own, looser policy (plugins/openapi.ts).
 * Cross-Origin-Resource-Policy is `cross-origin`: the log's checkpoint, tiles and proofs are public data
 * that verifiers on any origin must be able to fetch.
 *
 * CORS is off unless origins are configured; browsers on those origins may send the credentials and
 * headers the API reads (Authorization, Idempotency-Key, X-Request-Id) and read the ones it sets.
 */
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import type { HttpConfig } from "../config.js";

/** The policy of every API response. */
export const API_CSP_DIRECTIVES = {
  "default-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
};

/**
 * Registers helmet, and CORS when origins are configured.
 *
 * @example await installSecurityHeaders(app, config)
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  config: Pick<HttpConfig, "corsOrigins">,
): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
  const origins = config.corsOrigins;
  if (origins !== "*" && origins.length === 0) return;
  await app.register(cors, {
    origin: origins === "*" ? "*" : [...origins],
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["authorization", "content-type", "idempotency-key", "x-request-id"],
    exposedHeaders: [
      "x-request-id",
      "location",
      "retry-after",
      "idempotent-replayed",
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
    ],
    maxAge: 600,
  });
}
