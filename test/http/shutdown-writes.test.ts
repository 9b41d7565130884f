/**
 * Graceful shutdown with domain writes in flight, on both backends: forty members join a space over
 * real connections while the server stops. Every write answered 201 is in the store once it has closed,
 * nothing was written that was not answered, and no request met a 5xx other than the 503 a draining
 * server answers; the log's state still matches its entries.
 */
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { memberIdFor } from "../../src/domain/ids.js";
import { startServer } from "../../src/http/server.js";
import { describeBackends } from "../store/support/backends.js";
import { setUpSpace } from "./routes/support/space-fixture.js";
import { bearer, openTestApp } from "./support/app.js";

const WRITERS = 40;

describeBackends("graceful shutdown with writes in flight", (backend) => {
  it("answers or refuses each write, and keeps exactly the answered ones", async () => {
    // Stop once a quarter of the writes are being handled, with the others in flight or queued.
    let handled = 0;
    let quarterHandled: () => void = () => {};
    const quarter = new Promise<void>((resolve) => {
      quarterHandled = resolve;
    });
    const t = await openTestApp(backend, {
      routes(app) {
        app.addHook("preHandler", async (request) => {
          if (request.method === "POST" && ++handled === WRITERS / 4) quarterHandled();
        });
      },
    });
    const f = await setUpSpace(t, "market");
    handled = 0; // the set-up's own POSTs do not count
    let storeClosed = false;
    const server = await startServer({
      app: t.app,
      port: 0,
      host: "127.0.0.1",
      closeStore: async () => {
        await t.db.close();
        storeClosed = true;
      },
    });
    try {
      const secret = randomBytes(32);
      const members = Array.from({ length: WRITERS }, (_, i) => memberIdFor(secret, `user-${i}`));
      const writes = members.map((member) =>
        fetch(`${server.url}/v1/spaces/market/members`, {
          method: "POST",
          headers: { ...bearer(f.keys.members), "content-type": "application/json" },
          body: JSON.stringify({ member, displayName: `User ${member}` }),
        }).then(
          async (response) => ({ member, status: response.status, body: await response.text() }),
          (error: unknown) => ({ member, status: 0, body: String(error) }),
        ),
      );
      await Promise.race([quarter, Promise.all(writes)]);
      await server.stop();
      const results = await Promise.all(writes);
      expect(storeClosed).toBe(true);

      const statuses = results.map((r) => r.status);
      expect(
        statuses.filter((s) => s >= 500 && s !== 503),
        JSON.stringify(results),
      ).toEqual([]);
      const answered = results.filter((r) => r.status === 201);
      expect(answered.length).toBeGreaterThan(0);

      const db = await t.database.openSecond();
      const stored = await db.kysely
        .selectFrom("members")
        .select("id")
        .where("space", "=", "market")
        .execute();
      const storedIds = new Set(stored.map((r) => r.id));
      for (const { member, body } of answered) {
        expect(storedIds.has(member), member).toBe(true);
        const { indices } = JSON.parse(body) as { indices: number[] };
        const entry = await db.kysely
          .selectFrom("log_entries")
          .select("idx")
          .where("space", "=", "market")
          .where("idx", "=", indices[0] ?? -1)
          .executeTakeFirst();
        expect(entry, `entry of ${member}`).toBeDefined();
      }
      // The fixture's three members and the answered ones: no write that was not answered.
      expect(storedIds.size).toBe(3 + answered.length);
      const state = await db.kysely
        .selectFrom("log_state")
        .select("size")
        .where("space", "=", "market")
        .executeTakeFirstOrThrow();
      const count = await db.kysely
        .selectFrom("log_entries")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("space", "=", "market")
        .executeTakeFirstOrThrow();
      expect(Number(state.size)).toBe(Number(count.n));
    } finally {
      await server.stop();
      await t.database.dispose();
    }
  }, 60_000);
});
