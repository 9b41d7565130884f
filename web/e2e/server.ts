/**
 * A real Fabrique server for the browser tests and the screenshot script, in process: the embedded store
 * in a temporary folder, the sealer signing every 200 ms, the HTTP app serving the built UI, listening
 * on a free port of 127.0.0.1. What `npm start` runs, with test-friendly timings.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { buildApp } from "../../src/http/app.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/config.js";
import { startServer } from "../../src/http/server.js";
import { createSpaceLogSigners } from "../../src/store/log/space-log-signer.js";
import { openStore } from "../../src/store/open-store.js";
import { startSealer } from "../../src/store/sealer/sealer.js";

/** A running test server. */
export interface TestServer {
  readonly url: string;
  readonly adminToken: string;
  stop(): Promise<void>;
}

/**
 * Starts a server serving the UI built in `webDir`.
 *
 * @example const server = await startTestServer(await builtUiDir())
 */
export async function startTestServer(webDir: string): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "fabrique-ui-"));
  const adminToken = `fbp_${randomBytes(32).toString("hex")}`;
  const store = await openStore({
    backend: "sqlite",
    dataDir,
    masterKey: { kind: "env", key: new Uint8Array(randomBytes(32)) },
  });
  const signers = createSpaceLogSigners({ vault: store.vault, host: "trust.example.com" });
  const quiet = { error: () => {}, info: () => {} };
  const sealer = startSealer({ db: store.db, signers, intervalMs: 200, logger: quiet });
  const app = await buildApp({
    db: store.db,
    vault: store.vault,
    signers,
    config: { ...DEFAULT_HTTP_CONFIG, port: 0, logLevel: "silent", adminToken },
    logger: pino({ level: "silent" }),
    processMetrics: false,
    sealer,
    webDir,
  });
  const server = await startServer({
    app,
    port: 0,
    host: "127.0.0.1",
    sealer,
    closeStore: store.close,
  });
  return {
    url: server.url,
    adminToken,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
