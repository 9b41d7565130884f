/**
 * Rate limits per credential (@fastify/rate-limit): each API key, member, and the platform admin has its
 * own budget per window; callers without a credential (or with an invalid one) share their address's
 * smaller budget. Counters live in this process: behind several replicas each enforces its own share.
 * Health, readiness and metrics are exempt (`config: { rateLimit: false }` on those routes).
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import type { RateLimitConfig } from "../config.js";
import { HttpError } from "../errors/http-error.js";

/** The most distinct clients tracked at once (an LRU beyond that). */
export const RATE_LIMIT_CACHE = 10_000;

/**
 * Registers the limiter for every route registered after it. Runs after authentication, which sets
 * `request.credential` in an earlier onRequest hook.
 *
 * @example await installRateLimit(app, config.rateLimit)
 */
export async function installRateLimit(
  app: FastifyInstance,
  limits: RateLimitConfig,
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    cache: RATE_LIMIT_CACHE,
    timeWindow: limits.windowMs,
    // Plain functions (no promise per request; the plugin awaits whatever they return).
    max: (request) =>
      request.credential.kind === "anonymous" ? limits.anonymous : limits.perCredential,
    keyGenerator: (request) => request.credential.id,
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        "rate-limited",
        `more than ${context.max} requests in ${limits.windowMs / 1000} s; retry in ${context.after}`,
      ),
  });
}
