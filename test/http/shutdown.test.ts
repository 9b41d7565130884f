/**
 * Graceful shutdown (src/http/server.ts): once stopping begins, no new connection is accepted, a request
 * in flight is still answered in full, and only then are the sealer stopped and the store closed, in that
 * order.
 */
import { expect, it } from "vitest";
import { startServer } from "../../src/http/server.js";
import { startSealer } from "../../src/store/sealer/sealer.js";
import { describeBackends } from "../store/support/backends.js";
import { openTestApp } from "./support/app.js";

describeBackends("graceful shutdown", (backend) => {
  it("finishes the request in flight, refuses new connections, then stops the sealer and the store", async () => {
    const steps: string[] = [];
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => {};
    const t = await openTestApp(backend, {
      routes(app) {
        app.get("/test/slow", async () => {
          entered();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          steps.push("answered");
          return { done: true };
        });
      },
    });
    const sealer = startSealer({
      db: t.db,
      signers: t.signers,
      intervalMs: null,
      logger: { error() {}, info() {} },
    });
    const server = await startServer({
      app: t.app,
      port: 0,
      host: "127.0.0.1",
      sealer: {
        async stop() {
          await sealer.stop();
          steps.push("sealer stopped");
        },
      },
      closeStore: async () => {
        steps.push("store closed");
        await t.database.dispose();
      },
    });
    try {
      const inFlight = fetch(`${server.url}/test/slow`);
      await inHandler;
      const stopped = server.stop();
      // The listener is closed at once: a new connection is refused.
      await new Promise((r) => setTimeout(r, 50));
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      expect(steps).toEqual([]);
      release();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.headers.get("connection")).toBe("close"); // the keep-alive connection ends with it
      expect(await res.json()).toEqual({ done: true });
      await stopped;
      expect(steps).toEqual(["answered", "sealer stopped", "store closed"]);
      expect(sealer.status().running).toBe(false);
      await server.stop(); // idempotent
    } finally {
      release();
      await server.stop();
    }
  });
});
