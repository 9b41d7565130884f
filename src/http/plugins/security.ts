/**
 * Security headers and CORS (@fastify/cors).
 *
 * The headers are helmet's defaults (helmetjs.github.io: HSTS, nosniff, X-Frame-Options, the
 * cross-origin policies…) with our own CSP and CORP, written out once as a constant and set by one
 * onRequest hook: @fastify/helmet built its middleware again on every request, about a tenth of the
 * server's busy time under load (bench/http.ts). Set at onRequest, they are on every answer, failures
 * included; a route that needs another policy overrides the header later (the /docs page's in
 * plugins/openapi.ts, the web UI's in plugins/web-ui.ts).
 *
 * The API answers JSON and bytes, never pages, so its Content-Security-Policy forbids everything
 * (`default-src 'none'`, no framing). Cross-Origin-Resource-Policy is `cross-origin`: the log's
 * checkpoint, tiles and proofs are public data that verifiers on any origin must be able to fetch.
 *
 * CORS is off unless origins are configured; browsers on those origins may send the credentials and
 * headers the API reads (Authorization, Idempotency-Key, X-Request-Id) and read the ones it sets.
 */
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import type { HttpConfig } from "../config.js";

/** The policy of every API response. */
export const API_CSP_DIRECTIVES = {
  "default-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
};

/** The CSP header value of API answers, from API_CSP_DIRECTIVES (helmet's serialisation). */
export const API_CSP = Object.entries(API_CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(" ")}`)
  .join(";");

/** Every security header of an API answer (lower-case names, as fastify stores them). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy": API_CSP,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "cross-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
});

/**
 * Sets SECURITY_HEADERS on every answer, and registers CORS when origins are configured.
 *
 * @example await installSecurityHeaders(app, config)
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  config: Pick<HttpConfig, "corsOrigins">,
): Promise<void> {
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
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
