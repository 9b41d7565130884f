import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import type { Credential } from "../../src/http/auth/credential.js";
import { registerErrorHandling } from "../../src/http/errors/error-handling.js";
import { installRateLimit, RATE_LIMIT_CACHE } from "../../src/http/plugins/rate-limit.js";

/** An app whose caller is named by the `who` header (anonymous without it), over a settable clock. */
async function limitedApp(limits = { perCredential: 3, anonymous: 2, windowMs: 10_000 }) {
  const time = { now: 1_000_000 };
  const app = Fastify();
  registerErrorHandling(app);
  app.decorateRequest("credential", undefined as never);
  app.addHook("onRequest", (request, _reply, done) => {
    const who = request.headers.who;
    request.credential = (
      typeof who === "string"
        ? { kind: "platform-admin", id: who }
        : { kind: "anonymous", id: "ip:1" }
    ) as Credential;
    done();
  });
  installRateLimit(app, limits, () => time.now);
  app.get("/x", async () => ({}));
  app.get("/free", { config: { rateLimit: false } }, async () => ({}));
  await app.ready();
  return { app, time };
}

describe("rate limits", () => {
  it("count each credential in a fixed window and tell the caller its budget", async () => {
    const { app, time } = await limitedApp();
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: "/x", headers: { who: "key:a" } });
      time.now += 1_500;
      seen.push([
        res.statusCode,
        res.headers["x-ratelimit-limit"],
        res.headers["x-ratelimit-remaining"],
        res.headers["x-ratelimit-reset"],
      ]);
    }
    expect(seen).toEqual([
      [200, "3", "2", "10"],
      [200, "3", "1", "9"], // 8.5 s left, rounded up
      [200, "3", "0", "7"],
    ]);
    const limited = await app.inject({ url: "/x", headers: { who: "key:a" } });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toContain("application/problem+json");
    expect(limited.json()).toMatchObject({ code: "rate-limited" });
    expect(limited.headers["retry-after"]).toBe("6"); // 5.5 s left in the window
    expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
    // Another credential, and the anonymous callers, have budgets of their own.
    expect((await app.inject({ url: "/x", headers: { who: "key:b" } })).statusCode).toBe(200);
    expect((await app.inject({ url: "/x" })).headers["x-ratelimit-limit"]).toBe("2");
    // Exempt routes are not counted and say nothing of budgets.
    const free = await app.inject({ url: "/free", headers: { who: "key:a" } });
    expect(free.statusCode).toBe(200);
    expect(free.headers["x-ratelimit-limit"]).toBeUndefined();
    // When the window ends, the budget is whole again.
    time.now += 5_500;
    const again = await app.inject({ url: "/x", headers: { who: "key:a" } });
    expect([again.statusCode, again.headers["x-ratelimit-remaining"]]).toEqual([200, "2"]);
  });

  it("forget the least recently seen client beyond RATE_LIMIT_CACHE", async () => {
    const { app } = await limitedApp({ perCredential: 1, anonymous: 1, windowMs: 60_000 });
    const call = (who: string) => app.inject({ url: "/x", headers: { who } });
    await call("first");
    await call("kept");
    expect((await call("kept")).statusCode).toBe(429); // seen again: now the most recent
    for (let i = 0; i < RATE_LIMIT_CACHE - 1; i++) await call(`filler-${i}`);
    expect((await call("kept")).statusCode).toBe(429);
    expect((await call("first")).statusCode).toBe(200); // forgotten: a new window
  });
});
