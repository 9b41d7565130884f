/**
 * Liveness and readiness: /healthz answers while the process serves; /readyz answers 200 only with the
 * database reachable, every migration applied and the sealer (when run) running, and 503 problems
 * otherwise.
 */
import { expect, it } from "vitest";
import { describeBackends } from "../store/support/backends.js";
import { openTestApp, problemOfResponse } from "./support/app.js";

describeBackends("health and readiness", (backend) => {
  it("is ready on a migrated database, with or without a running sealer", async () => {
    let running = true;
    const sealer = {
      status: () => ({
        running,
        passes: 0,
        lastPassAt: undefined,
        lastPassFailure: undefined,
        maxLag: 0,
        maxLagAgeMs: 0,
        spaces: [],
      }),
    };
    const t = await openTestApp(backend, { sealer });
    try {
      expect((await t.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
      const ready = await t.app.inject({ url: "/readyz" });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({
        status: "ready",
        checks: { database: "ok", migrations: "ok", sealer: "running" },
      });
      running = false;
      const stopped = await t.app.inject({ url: "/readyz" });
      expect(stopped.statusCode).toBe(503);
      expect(problemOfResponse(stopped).detail).toContain("sealer");
    } finally {
      await t.app.close();
      await t.database.dispose();
    }
  });

  it("is not ready before migrations, or once the database is closed, but still alive", async () => {
    const t = await openTestApp(backend, { migrate: false });
    try {
      const unmigrated = await t.app.inject({ url: "/readyz" });
      expect(unmigrated.statusCode).toBe(503);
      expect(problemOfResponse(unmigrated)).toMatchObject({ code: "unavailable" });
      expect(unmigrated.headers["retry-after"]).toBe("5");
      await t.db.close();
      const closed = await t.app.inject({ url: "/readyz" });
      expect(closed.statusCode).toBe(503);
      expect((await t.app.inject({ url: "/healthz" })).statusCode).toBe(200);
    } finally {
      await t.app.close();
      await t.database.dispose();
    }
  });
});
