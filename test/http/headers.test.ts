/**
 * Response headers and documents: security headers on API answers and a page-fit policy on /docs,
 * request ids (honoured when plain, replaced when not, echoed on every answer including failures), CORS
 * for configured origins only, and the OpenAPI 3.1 document generated from the routes' schemas.
 */
import { expect, it } from "vitest";
import { describeBackends } from "../store/support/backends.js";
import { problemOfResponse, testAppPerTest } from "./support/app.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describeBackends("headers", (backend) => {
  const current = testAppPerTest(backend, {
    config: { corsOrigins: ["https://app.example.com"] },
  });

  it("sets security headers with a deny-all CSP on API answers", async () => {
    const res = await current().app.inject({ url: "/healthz" });
    expect(res.headers["content-security-policy"]).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["cache-control"]).toBe("no-store");
    const problem = await current().app.inject({ url: "/nowhere" });
    expect(problem.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("serves /docs with a policy that lets the page load its own scripts and styles", async () => {
    const res = await current().app.inject({ url: "/docs" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("honours a plain X-Request-Id, replaces anything else, and echoes it everywhere", async () => {
    const { app } = current();
    const honoured = await app.inject({
      url: "/healthz",
      headers: { "x-request-id": "abc-123.x:y" },
    });
    expect(honoured.headers["x-request-id"]).toBe("abc-123.x:y");
    for (const bad of ["has space", "x".repeat(129), "new\\nline", "é"]) {
      const res = await app.inject({ url: "/healthz", headers: { "x-request-id": bad } });
      expect(String(res.headers["x-request-id"])).toMatch(UUID);
    }
    const minted = await app.inject({ url: "/nowhere" });
    const id = String(minted.headers["x-request-id"]);
    expect(id).toMatch(UUID);
    expect(problemOfResponse(minted).requestId).toBe(id);
    const undecodable = await app.inject({ url: "/%zz", headers: { "x-request-id": "r-1" } });
    expect(undecodable.statusCode).toBe(400);
    expect(undecodable.headers["x-request-id"]).toBe("r-1");
    expect(problemOfResponse(undecodable).requestId).toBe("r-1");
  });

  it("answers CORS preflights for configured origins only", async () => {
    const { app } = current();
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/v1/spaces/market/keys",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, idempotency-key",
        },
      });
    const allowed = await preflight("https://app.example.com");
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(String(allowed.headers["access-control-allow-headers"])).toContain("idempotency-key");
    const other = await preflight("https://evil.example.net");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const simple = await app.inject({
      url: "/healthz",
      headers: { origin: "https://app.example.com" },
    });
    expect(String(simple.headers["access-control-expose-headers"])).toContain("x-request-id");
  });

  it("publishes an OpenAPI 3.1 document of the routes, with the Problem schema", async () => {
    const res = await current().app.inject({ url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/spaces/{space}/log/checkpoint",
        "/v1/spaces/{space}/log/proof/inclusion",
        "/v1/spaces/{space}/keys",
        "/healthz",
      ]),
    );
    expect(Object.keys(doc.paths)).not.toContain("/metrics");
    expect(Object.keys(doc.components.schemas.Problem?.properties ?? {})).toEqual(
      expect.arrayContaining(["type", "title", "status", "detail", "instance", "code", "rule"]),
    );
    const notFound = doc.paths["/v1/spaces/{space}/log/checkpoint"]?.get?.responses["404"];
    expect(JSON.stringify(notFound)).toContain("application/problem+json");
    expect(JSON.stringify(notFound)).toContain("#/components/schemas/Problem");
  });
});

describeBackends("CORS off", (backend) => {
  const current = testAppPerTest(backend);

  it("sends no CORS headers when no origin is configured", async () => {
    const res = await current().app.inject({
      url: "/healthz",
      headers: { origin: "https://app.example.com" },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
