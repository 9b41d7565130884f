/**
 * The server's configuration: defaults (loopback, 8080), flags over the environment, and clear errors
 * that name the variable and never echo a secret.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_HTTP_CONFIG, httpConfigFromEnv } from "../../src/http/config.js";

describe("httpConfigFromEnv", () => {
  it("defaults to loopback on 8080, CORS off, 64 KiB bodies, no admin token", () => {
    expect(httpConfigFromEnv({})).toEqual(DEFAULT_HTTP_CONFIG);
    expect(DEFAULT_HTTP_CONFIG).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      corsOrigins: [],
      bodyLimit: 65536,
      adminToken: undefined,
      publicUrl: undefined,
      allowPrivateWebhookTargets: false,
    });
  });

  it("reads every variable, and lets flags win", () => {
    const config = httpConfigFromEnv(
      {
        PORT: "9000",
        HOST: "0.0.0.0",
        FABRIQUE_PUBLIC_URL: "https://trust.example.com/",
        FABRIQUE_CORS_ORIGINS: "https://a.example.com, http://localhost:3000",
        FABRIQUE_RATE_LIMIT: "1000",
        FABRIQUE_RATE_LIMIT_ANONYMOUS: "50",
        FABRIQUE_BODY_LIMIT: "1048576",
        FABRIQUE_TRUST_PROXY: "2",
        FABRIQUE_LOG_LEVEL: "warn",
        FABRIQUE_LOG_HOST: "trust.example.com",
        FABRIQUE_IDEMPOTENCY_TTL: "3600",
        FABRIQUE_MEMBER_TOKEN_MAX_AGE: "300",
        FABRIQUE_ADMIN_TOKEN: "t".repeat(40),
        FABRIQUE_WEBHOOK_ALLOW_PRIVATE: "true",
      },
      { port: "9100", host: "::1" },
    );
    expect(config).toEqual({
      port: 9100,
      host: "::1",
      publicUrl: "https://trust.example.com",
      corsOrigins: ["https://a.example.com", "http://localhost:3000"],
      rateLimit: { perCredential: 1000, anonymous: 50, windowMs: 60_000 },
      bodyLimit: 1048576,
      trustProxy: 2,
      logLevel: "warn",
      logHost: "trust.example.com",
      idempotencyTtlMs: 3_600_000,
      memberTokenMaxAgeSeconds: 300,
      adminToken: "t".repeat(40),
      allowPrivateWebhookTargets: true,
    });
    expect(httpConfigFromEnv({ FABRIQUE_CORS_ORIGINS: "*", PORT: " " }).corsOrigins).toBe("*");
    expect(httpConfigFromEnv({ FABRIQUE_TRUST_PROXY: "true" }).trustProxy).toBe(true);
  });

  it("takes a rate limit up to 10^9 a window (a limiter in front, or a load benchmark)", () => {
    const config = httpConfigFromEnv({
      FABRIQUE_RATE_LIMIT: "1000000000",
      FABRIQUE_RATE_LIMIT_ANONYMOUS: "2000000",
    });
    expect(config.rateLimit.perCredential).toBe(1_000_000_000);
    expect(config.rateLimit.anonymous).toBe(2_000_000);
  });

  it.each([
    [{ PORT: "80a" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ HOST: "a host" }, "HOST"],
    [{ FABRIQUE_PUBLIC_URL: "trust.example.com" }, "FABRIQUE_PUBLIC_URL"],
    [{ FABRIQUE_PUBLIC_URL: "ftp://x" }, "FABRIQUE_PUBLIC_URL"],
    [{ FABRIQUE_PUBLIC_URL: "https://u:p@x" }, "FABRIQUE_PUBLIC_URL"],
    [{ FABRIQUE_CORS_ORIGINS: "https://a.example.com/app" }, "FABRIQUE_CORS_ORIGINS"],
    [{ FABRIQUE_RATE_LIMIT: "0" }, "FABRIQUE_RATE_LIMIT"],
    [{ FABRIQUE_RATE_LIMIT_ANONYMOUS: "1000000001" }, "FABRIQUE_RATE_LIMIT_ANONYMOUS"],
    [{ FABRIQUE_BODY_LIMIT: "10" }, "FABRIQUE_BODY_LIMIT"],
    [{ FABRIQUE_TRUST_PROXY: "yes" }, "FABRIQUE_TRUST_PROXY"],
    [{ FABRIQUE_LOG_LEVEL: "loud" }, "FABRIQUE_LOG_LEVEL"],
    [{ FABRIQUE_LOG_HOST: "has space" }, "FABRIQUE_LOG_HOST"],
    [{ FABRIQUE_MEMBER_TOKEN_MAX_AGE: "999999" }, "FABRIQUE_MEMBER_TOKEN_MAX_AGE"],
    [{ FABRIQUE_ADMIN_TOKEN: "short-secret" }, "FABRIQUE_ADMIN_TOKEN"],
    [{ FABRIQUE_ADMIN_TOKEN: `${"a".repeat(40)}!` }, "FABRIQUE_ADMIN_TOKEN"],
    [{ FABRIQUE_WEBHOOK_ALLOW_PRIVATE: "yes" }, "FABRIQUE_WEBHOOK_ALLOW_PRIVATE"],
  ] as const)("refuses %j naming %s", (env, name) => {
    let error: unknown;
    try {
      httpConfigFromEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    if ("FABRIQUE_ADMIN_TOKEN" in env)
      expect((error as Error).message).not.toContain("short-secret");
  });

  it("names the flag when a flag is wrong", () => {
    expect(() => httpConfigFromEnv({}, { port: "x" })).toThrow("--port");
    expect(() => httpConfigFromEnv({}, { host: "a/b" })).toThrow("--host");
  });
});
