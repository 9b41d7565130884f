/**
 * Rate limits per credential: each API key, member, relayed member and the platform admin has its own
 * budget per window; callers without a credential (or with an invalid one) share their address's
 * smaller budget. Counters live in this process: behind several replicas each enforces its own share.
 * Health, readiness and metrics are exempt (`config: { rateLimit: false }` on those routes).
 *
 * The rule and the headers are @fastify/rate-limit's (which this replaced): a fixed window starting at
 * a client's first request, `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds
 * left in the window) on every answer, and beyond the budget a 429 problem with `Retry-After`. The
 * plugin's hook was an async function awaiting three values that are here plain (the credential's key,
 * its budget, an in-memory counter), so a promise and several microtask turns per request; this hook is
 * a callback that answers synchronously (bench/http.ts).
 */
import type { FastifyInstance, onRequestHookHandler } from "fastify";
import type { RateLimitConfig } from "../config.js";
import { HttpError } from "../errors/http-error.js";

/** The most distinct clients tracked at once (the least recently seen is forgotten beyond that). */
export const RATE_LIMIT_CACHE = 10_000;

interface Window {
  /** Requests counted in this window, this one included. */
  count: number;
  /** When the window started (ms since the epoch). */
  start: number;
}

/**
 * Adds the limit to every route registered after this call, in its onRequest hooks after the global
 * ones: authentication has set `request.credential` by then.
 *
 * @example installRateLimit(app, config.rateLimit)
 */
export function installRateLimit(
  app: FastifyInstance,
  limits: RateLimitConfig,
  clock: () => number = Date.now,
): void {
  const hook = rateLimitHook(limits, clock);
  app.addHook("onRoute", (route) => {
    if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit === false) return;
    const own = route.onRequest;
    route.onRequest = own === undefined ? [hook] : [...(Array.isArray(own) ? own : [own]), hook];
  });
}

function rateLimitHook(limits: RateLimitConfig, clock: () => number): onRequestHookHandler {
  // Most recently seen last (a Map keeps insertion order): the first key is the one to forget.
  const windows = new Map<string, Window>();
  const windowS = limits.windowMs / 1000;
  return function rateLimit(request, reply, done) {
    const credential = request.credential;
    const max = credential.kind === "anonymous" ? limits.anonymous : limits.perCredential;
    const now = clock();
    let w = windows.get(credential.id);
    if (w !== undefined) windows.delete(credential.id); // set again below: now the most recent
    if (w === undefined || w.start + limits.windowMs <= now) w = { count: 0, start: now };
    windows.set(credential.id, w);
    if (windows.size > RATE_LIMIT_CACHE) windows.delete(windows.keys().next().value as string);
    w.count += 1;
    const resetS = Math.ceil((w.start + limits.windowMs - now) / 1000);
    reply.header("x-ratelimit-limit", max);
    if (w.count <= max) {
      reply.header("x-ratelimit-remaining", max - w.count);
      reply.header("x-ratelimit-reset", resetS);
      done();
      return;
    }
    reply.header("x-ratelimit-remaining", 0);
    reply.header("x-ratelimit-reset", resetS);
    reply.header("retry-after", resetS);
    done(
      new HttpError(
        "rate-limited",
        `more than ${max} requests in ${windowS} s; retry in ${resetS} s`,
      ),
    );
  };
}
