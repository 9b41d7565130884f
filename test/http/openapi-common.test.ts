/**
 * /openapi.json tells clients what every route may answer besides its own statuses: each operation has a
 * `default` problem+json answer, a 429 unless exempt from rate limiting, 413/415 when it takes a body;
 * each POST documents the optional Idempotency-Key header and its 409/422. The document only: requests
 * are validated as before (a POST with and without the header still succeeds).
 */
import { expect, it } from "vitest";
import { describeBackends } from "../store/support/backends.js";
import { ADMIN_TOKEN, bearer, testAppPerTest } from "./support/app.js";

interface Operation {
  readonly parameters?: {
    readonly in: string;
    readonly name: string;
    readonly required?: boolean;
  }[];
  readonly requestBody?: unknown;
  readonly responses: Record<string, { readonly content?: Record<string, unknown> }>;
}

describeBackends("OpenAPI: what every route shares", (backend) => {
  const current = testAppPerTest(backend);

  it("documents the common answers and the Idempotency-Key of every POST", async () => {
    const { app } = current();
    const doc = JSON.parse((await app.inject({ url: "/openapi.json" })).body);
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, Operation>>,
    ).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, op } of operations) {
      const label = `${method} ${path}`;
      expect(Object.keys(op.responses.default?.content ?? {}), label).toEqual([
        "application/problem+json",
      ]);
      const exempt = path === "/healthz" || path === "/readyz";
      expect(op.responses["429"] === undefined, label).toBe(exempt);
      if (op.requestBody !== undefined) {
        expect(op.responses["413"], label).toBeDefined();
        expect(op.responses["415"], label).toBeDefined();
      }
      const key = op.parameters?.find((p) => p.in === "header" && p.name === "idempotency-key");
      expect(key !== undefined, label).toBe(method === "post");
      if (key !== undefined) {
        expect(key.required ?? false, label).toBe(false);
        expect(op.responses["409"], label).toBeDefined();
        expect(op.responses["422"], label).toBeDefined();
      }
    }
  });

  it("leaves validation as it was: a POST with or without the key is accepted", async () => {
    const { app } = current();
    const create = (space: string, headers: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: "/v1/spaces",
        headers: { ...bearer(ADMIN_TOKEN), ...headers },
        payload: { space, name: space },
      });
    expect((await create("one", {})).statusCode).toBe(201);
    expect((await create("two", { "idempotency-key": "create-two" })).statusCode).toBe(201);
    const replay = await create("two", { "idempotency-key": "create-two" });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
  });
});
