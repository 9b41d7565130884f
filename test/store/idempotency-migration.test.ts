/**
 * Migration 0106 on both backends: a database holding idempotency records from before it keeps them
 * (SQLite rebuilds the table), the new state "applied" and column `applied` are accepted, any other state
 * is still refused, and the expiry index is there again.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { migrateToLatest, STORE_MIGRATIONS } from "../../src/store/migrations.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";

describeBackends("migration 0106-idempotency-applied", (backend) => {
  const current = freshDatabasePerTest(backend, { migrate: false });

  it("keeps the records of before, accepts applied claims and refuses unknown states", async () => {
    const { db } = current();
    const upTo = STORE_MIGRATIONS.findIndex((m) => m.name === "0106-idempotency-applied");
    expect(upTo).toBeGreaterThan(0);
    await migrateToLatest(db, STORE_MIGRATIONS.slice(0, upTo));
    const fingerprint = new Uint8Array(32).fill(1);
    const row = (key: string, state: string) => ({
      space: "m",
      credential: "c",
      idem_key: key,
      fingerprint,
      state,
      status: state === "done" ? 201 : null,
      headers: state === "done" ? "{}" : null,
      body: state === "done" ? new Uint8Array([123, 125]) : null,
      created_at: "2030-01-01T00:00:00.000Z",
      expires_at: "2030-01-02T00:00:00.000Z",
    });
    await sql`insert into idempotency_keys
      (space, credential, idem_key, fingerprint, state, status, headers, body, created_at, expires_at)
      values ${sql.join(
        [row("old-pending", "pending"), row("old-done", "done")].map(
          (r) => sql`(${sql.join(Object.values(r))})`,
        ),
      )}`.execute(db.kysely);

    expect(await migrateToLatest(db)).toContain("0106-idempotency-applied");
    const kept = await db.kysely
      .selectFrom("idempotency_keys")
      .select(["idem_key", "state", "status", "applied"])
      .orderBy("idem_key")
      .execute();
    expect(kept).toEqual([
      { idem_key: "old-done", state: "done", status: 201, applied: null },
      { idem_key: "old-pending", state: "pending", status: null, applied: null },
    ]);
    await db.kysely
      .insertInto("idempotency_keys")
      .values({ ...row("new", "applied"), applied: "[4,5]" })
      .execute();
    await expect(
      db.kysely
        .insertInto("idempotency_keys")
        .values({ ...row("bad", "running"), applied: null })
        .execute(),
    ).rejects.toThrow();
    // The purge's index was made again.
    const indexes =
      db.dialect === "sqlite"
        ? await sql<{ name: string }>`select name from sqlite_master
            where type = 'index' and tbl_name = 'idempotency_keys'`.execute(db.kysely)
        : await sql<{ name: string }>`select indexname as name from pg_indexes
            where tablename = 'idempotency_keys' and schemaname = current_schema()`.execute(
            db.kysely,
          );
    expect(indexes.rows.map((r) => r.name)).toContain("idempotency_keys_expires_at");
  });
});
