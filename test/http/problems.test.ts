/**
 * Problem details (RFC 9457) for every class of error, mapped in one place: the mapping's table for each
 * DomainError, StoreError and LogError code, and through the app: validation (400 with the failing
 * paths), unknown routes (404), wrong methods (405 with Allow), bodies too large (413), wrong content
 * types (415), malformed JSON (400), domain refusals (with the rule), store and log errors, and internal
 * errors (500, logged with the request id, nothing of the error shown).
 */
import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { domainError } from "../../src/domain/errors.js";
import { DomainRefusal, okOrThrow } from "../../src/http/errors/domain-refusal.js";
import { HttpError } from "../../src/http/errors/http-error.js";
import { problemOf } from "../../src/http/errors/map-error.js";
import { PROBLEM_CODES } from "../../src/http/errors/problem.js";
import { LogError } from "../../src/log/errors.js";
import { StoreError } from "../../src/store/errors.js";
import { describeBackends } from "../store/support/backends.js";
import { problemOfResponse, testAppPerTest } from "./support/app.js";

const at = { path: "/v1/x", requestId: "req-1" };

describe("problemOf: the one mapping", () => {
  it.each([
    ["invalid-input", 400],
    ["too-large", 400],
    ["malformed", 400],
    ["not-found", 404],
    ["conflict", 409],
    ["rule-violation", 422],
    ["forbidden", 403],
    ["gone", 410],
  ] as const)("maps DomainError %s to %i with its rule", (code, status) => {
    const { problem, internal } = problemOf(
      new DomainRefusal(domainError(code, "review.some-rule", "refused")),
      at,
    );
    expect(problem).toMatchObject({
      type: `urn:fabrique:problem:${code}`,
      status,
      code,
      rule: "review.some-rule",
      detail: "refused",
      instance: "/v1/x",
      requestId: "req-1",
    });
    expect(internal).toBe(false);
  });

  it("accepts a DomainError value and a failure as thrown, not only a DomainRefusal", () => {
    const error = domainError("gone", "member.erased", "erased");
    expect(problemOf(error, at).problem.status).toBe(410);
    expect(problemOf({ ok: false, error }, at).problem.rule).toBe("member.erased");
    expect(() => okOrThrow({ ok: false, error })).toThrow(DomainRefusal);
    expect(okOrThrow({ ok: true, value: 1 } as const).value).toBe(1);
  });

  it.each([
    ["conflict", 409, false],
    ["not-found", 404, false],
    ["unavailable", 503, true],
    ["corrupt", 500, true],
    ["bad-master-key", 500, true],
    ["invalid-config", 500, true],
    ["migration-failed", 500, true],
  ] as const)("maps StoreError %s to %i (logged: %s)", (code, status, logged) => {
    const { problem, internal } = problemOf(new StoreError(code, "secret-host:5432 said no"), at);
    expect(problem.status).toBe(status);
    expect(internal).toBe(logged);
    if (status >= 500) expect(problem.detail).not.toContain("secret-host");
  });

  it.each([
    ["malformed", 400],
    ["too-large", 400],
    ["out-of-range", 400],
    ["missing", 404],
    ["bad-signature", 422],
    ["unverified", 422],
    ["invalid-proof", 422],
    ["inconsistent", 422],
  ] as const)("maps LogError %s to %i", (code, status) => {
    expect(problemOf(new LogError(code, "no"), at).problem.status).toBe(status);
  });

  it("answers anything else as an internal error without its message", () => {
    const { problem, internal } = problemOf(new TypeError("x is undefined at secret.ts:12"), at);
    expect(problem).toMatchObject({ status: 500, code: "internal" });
    expect(problem.detail).not.toContain("secret");
    expect(problem.detail).toContain("req-1");
    expect(internal).toBe(true);
    expect(problemOf("a thrown string", at).problem.status).toBe(500);
  });

  it("gives each code one status and title, and carries HttpError headers", () => {
    for (const [code, { status }] of Object.entries(PROBLEM_CODES)) {
      expect(status).toBeGreaterThanOrEqual(400);
      const mapped = problemOf(new HttpError(code as never, "d", { headers: { "x-a": "1" } }), at);
      expect(mapped.problem.status).toBe(status);
      expect(mapped.headers).toEqual({ "x-a": "1" });
    }
  });
});

describeBackends("problem answers", (backend) => {
  const current = testAppPerTest(backend, {
    captureLogs: true,
    config: { bodyLimit: 2048 },
    routes(app) {
      app.post(
        "/test/echo",
        {
          schema: {
            body: Type.Object(
              {
                name: Type.String({ maxLength: 10 }),
                count: Type.Integer({ minimum: 0 }),
                tags: Type.Optional(Type.Array(Type.String(), { maxItems: 2 })),
              },
              { additionalProperties: false },
            ),
          },
        },
        async (request) => request.body,
      );
      app.get("/test/fail/:kind", async (request) => {
        const { kind } = request.params as { kind: string };
        switch (kind) {
          case "domain":
            return okOrThrow({
              ok: false,
              error: domainError("conflict", "review.one-per-party", "already reviewed"),
            });
          case "store":
            throw new StoreError("unavailable", "connect ECONNREFUSED 10.0.0.7:5432");
          case "log":
            throw new LogError("invalid-proof", "the proof leads to another root");
          default:
            throw new Error("password=hunter2 leaked in a stack");
        }
      });
    },
  });

  it("answers a validation failure with 400 and every failing path", async () => {
    const { app } = current();
    const res = await app.inject({
      method: "POST",
      url: "/test/echo",
      payload: { name: "far too long a name", count: -1, extra: true },
    });
    expect(res.statusCode).toBe(400);
    const problem = problemOfResponse(res);
    expect(problem).toMatchObject({
      type: "urn:fabrique:problem:invalid-input",
      title: "Invalid input",
      status: 400,
      code: "invalid-input",
      instance: "/test/echo",
      requestId: res.headers["x-request-id"],
    });
    const paths = (problem.errors as { in: string; path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(["", "/count", "/name"]);
    expect((problem.errors as { in: string }[]).every((e) => e.in === "body")).toBe(true);
  });

  it("points at a missing member", async () => {
    const res = await current().app.inject({
      method: "POST",
      url: "/test/echo",
      payload: { name: "a" },
    });
    expect(problemOfResponse(res).errors).toEqual([
      { in: "body", path: "/count", message: "must have required property 'count'" },
    ]);
  });

  it("answers 404 for an unknown route and 405 with Allow for a known path", async () => {
    const { app } = current();
    const missing = await app.inject({ method: "GET", url: "/v2/nothing?x=1" });
    expect(missing.statusCode).toBe(404);
    expect(problemOfResponse(missing)).toMatchObject({
      code: "not-found",
      instance: "/v2/nothing",
    });
    const wrong = await app.inject({ method: "DELETE", url: "/v1/spaces/market/log/checkpoint" });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe("GET, HEAD");
    expect(problemOfResponse(wrong).code).toBe("method-not-allowed");
  });

  it("answers 413 beyond the body limit, 415 for another content type, 400 for bad JSON", async () => {
    const { app } = current();
    const big = await app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ name: "a", count: 1, pad: "x".repeat(4096) }),
    });
    expect(big.statusCode).toBe(413);
    expect(problemOfResponse(big).code).toBe("content-too-large");
    const text = await app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "text/plain" },
      payload: "name=a",
    });
    expect(text.statusCode).toBe(415);
    expect(problemOfResponse(text).code).toBe("unsupported-media-type");
    const broken = await app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "application/json" },
      payload: '{"name": "a",',
    });
    expect(broken.statusCode).toBe(400);
    expect(problemOfResponse(broken).code).toBe("malformed");
    const poisoned = await app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "application/json" },
      payload: '{"name":"a","count":1,"__proto__":{"admin":true}}',
    });
    expect(poisoned.statusCode).toBe(400);
    problemOfResponse(poisoned);
  });

  it("answers a domain refusal with its code and rule", async () => {
    const res = await current().app.inject({ url: "/test/fail/domain" });
    expect(res.statusCode).toBe(409);
    expect(problemOfResponse(res)).toMatchObject({
      code: "conflict",
      rule: "review.one-per-party",
      detail: "already reviewed",
    });
  });

  it("answers store and log errors by their codes", async () => {
    const { app } = current();
    const store = await app.inject({ url: "/test/fail/store" });
    expect(store.statusCode).toBe(503);
    expect(store.headers["retry-after"]).toBe("1");
    expect(store.body).not.toContain("10.0.0.7");
    const log = await app.inject({ url: "/test/fail/log" });
    expect(log.statusCode).toBe(422);
    expect(problemOfResponse(log).code).toBe("verification-failed");
  });

  it("answers an internal error with 500, no internals, and logs it with the request id", async () => {
    const { app, logs } = current();
    const res = await app.inject({
      url: "/test/fail/bug",
      headers: { "x-request-id": "trace-42" },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("hunter2");
    expect(problemOfResponse(res)).toMatchObject({ code: "internal", requestId: "trace-42" });
    expect(res.headers["cache-control"]).toBe("no-store");
    const logged = logs.find((l) => l.msg === "request failed");
    expect(logged).toMatchObject({ level: 50, reqId: "trace-42" });
    expect(JSON.stringify(logged)).toContain("hunter2"); // the log has it, the client does not
  });
});
