/**
 * `fabrique serve` in process on the embedded store: it opens the data folder (migrations, master key),
 * generates the platform admin token once (mode 0600) and prints it, listens, seals new log entries
 * within about a second, answers with the admin token, and stops when told to. Configuration errors
 * are usage errors (exit code 2). PostgreSQL is covered by the other suites through buildApp; serve
 * itself would need the shared database's public schema, so it runs on SQLite only.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serve } from "../../src/cli/commands/serve.js";
import { main } from "../../src/cli/main.js";
import { createKeyVault } from "../../src/store/keys/key-vault.js";
import { loadOrCreateMasterKeyFile } from "../../src/store/keys/master-key.js";
import { createSpaceKey } from "../../src/store/keys/space-keys.js";
import { appendEntries } from "../../src/store/log/append-entries.js";
import { openSqlite } from "../../src/store/sqlite/open-sqlite.js";
import { captureIo } from "../support/capture-io.js";
import { until } from "../support/until.js";
import { entries } from "./support/app.js";

describe("fabrique serve", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fabrique-serve-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(env: Record<string, string> = {}) {
    const io = captureIo();
    let stop: () => void = () => {};
    const stopWhen = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const dataDir = join(dir, "data");
    const done = serve(
      { port: "0", dataDir },
      io,
      { FABRIQUE_LOG_LEVEL: "silent", ...env },
      stopWhen,
    );
    const url = await until(() => /listening on (http:\/\/\S+)/.exec(io.text())?.[1]);
    return { io, url, dataDir, stop, done };
  }

  it("serves, seals within a second, answers the admin token, and stops on request", async () => {
    const server = await run();
    const tokenFile = join(server.dataDir, "admin-token");
    const token = (await readFile(tokenFile, "utf8")).trim();
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect(server.io.text()).toContain(token);

    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const created = await fetch(`${server.url}/v1/spaces/market/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ scopes: ["admin"] }),
    });
    expect(created.status).toBe(201);

    // Another process appends to a space's log; the server's sealer publishes it.
    const db = await openSqlite({ dataDir: server.dataDir });
    try {
      const vault = createKeyVault(
        await loadOrCreateMasterKeyFile(join(server.dataDir, "master.key")),
      );
      await db.spaceTransaction("market", (w) => createSpaceKey(w, vault));
      await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 0, 5)));
    } finally {
      await db.close();
    }
    const note = await until(async () => {
      const res = await fetch(`${server.url}/v1/spaces/market/log/checkpoint`);
      return res.status === 200 ? res.text() : undefined;
    }, 5_000);
    expect(note.split("\n")[1]).toBe("5");

    server.stop();
    await server.done;
    expect(server.io.text()).toContain("fabrique: stopped");
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    // A second start keeps the token it generated.
    const again = await run();
    expect(again.io.text()).not.toContain(token);
    expect(again.io.text()).toContain(`platform admin token: in ${tokenFile}`);
    again.stop();
    await again.done;
  });

  it("takes the admin token from FABRIQUE_ADMIN_TOKEN and writes no file", async () => {
    const server = await run({ FABRIQUE_ADMIN_TOKEN: "e".repeat(48) });
    expect(server.io.text()).toContain("from FABRIQUE_ADMIN_TOKEN");
    expect(server.io.text()).not.toContain("e".repeat(48));
    const res = await fetch(`${server.url}/v1/spaces/market/keys`, {
      headers: { authorization: `Bearer ${"e".repeat(48)}` },
    });
    expect(res.status).toBe(200);
    server.stop();
    await server.done;
    await expect(stat(join(server.dataDir, "admin-token"))).rejects.toThrow();
  });

  it("answers configuration errors with exit code 2 and the variable's name", async () => {
    const io = captureIo();
    expect(await main(["node", "fabrique", "serve", "--port", "http"], io)).toBe(2);
    expect(io.text()).toContain("--port");
    const previous = process.env.FABRIQUE_CORS_ORIGINS;
    process.env.FABRIQUE_CORS_ORIGINS = "not an origin";
    try {
      const io2 = captureIo();
      expect(await main(["node", "fabrique", "serve", "--data-dir", dir], io2)).toBe(2);
      expect(io2.text()).toContain("FABRIQUE_CORS_ORIGINS");
    } finally {
      if (previous === undefined) delete process.env.FABRIQUE_CORS_ORIGINS;
      else process.env.FABRIQUE_CORS_ORIGINS = previous;
    }
  });
});
