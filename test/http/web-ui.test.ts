/**
 * The web UI's files as the server serves them (src/http/plugins/web-ui.ts): index.html at `/`
 * revalidated, hashed assets immutable, the pages' own Content-Security-Policy (the API keeps
 * `default-src 'none'`), API paths untouched, and a clear 503 problem when the UI was never built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type FabriqueApp } from "../../src/http/app.js";
import { WEB_UI_CSP } from "../../src/http/plugins/web-ui.js";
import { randomBytes } from "../../src/log/crypto.js";
import { createKeyVault } from "../../src/store/keys/key-vault.js";
import { createSpaceLogSigners } from "../../src/store/log/space-log-signer.js";
import { type TestDatabase, testBackends } from "../store/support/backends.js";
import { TEST_CONFIG } from "./support/app.js";

interface TestApp {
  readonly app: FabriqueApp;
  readonly database: TestDatabase;
}

/** An app over a fresh SQLite database, serving the UI from `webDir`. */
async function appServing(webDir: string): Promise<TestApp> {
  const database = await (testBackends[0] as (typeof testBackends)[number]).open({ migrate: true });
  const vault = createKeyVault(randomBytes(32));
  const app = await buildApp({
    db: database.db,
    vault,
    signers: createSpaceLogSigners({ vault, host: "trust.example.com" }),
    config: TEST_CONFIG,
    logger: pino({ level: "silent" }),
    processMetrics: false,
    webDir,
  });
  await app.ready();
  return { app, database };
}

describe("web UI files", () => {
  let dir: string;
  let built: TestApp;
  let unbuilt: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fabrique-web-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Fabrique</title>");
    writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
    built = await appServing(dir);
    unbuilt = await appServing(join(dir, "missing"));
  });

  afterAll(async () => {
    for (const t of [built, unbuilt]) {
      await t.app.close();
      await t.database.dispose();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves index.html at / with the pages' policy, revalidated on every load", async () => {
    const res = await built.app.inject({ url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("<title>Fabrique</title>");
    expect(res.headers["content-security-policy"]).toBe(WEB_UI_CSP);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(WEB_UI_CSP).toContain("script-src 'self'");
    expect(WEB_UI_CSP).not.toContain("unsafe");
  });

  it("serves hashed assets as immutable", async () => {
    const res = await built.app.inject({ url: "/assets/index-abc123.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("leaves the API alone: its policy, and problem+json for unknown paths", async () => {
    const health = await built.app.inject({ url: "/healthz" });
    expect(health.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(health.headers["content-security-policy"]).not.toBe(WEB_UI_CSP);
    const missing = await built.app.inject({ url: "/assets/nothing.js" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const api = await built.app.inject({ url: "/v1/nothing" });
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("says how to build the UI when it was never built", async () => {
    const res = await unbuilt.app.inject({ url: "/" });
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toContain("npm run build");
  });
});
