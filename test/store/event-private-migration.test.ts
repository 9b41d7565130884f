/**
 * Migration 0110 on both backends: a database holding private parts from before keeps them, the owner
 * index becomes partial (space, owner, idx), the retention indexes go (SQLite) or narrow (PostgreSQL),
 * and an event id or a log index is still stored once per space.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../src/store/database.js";
import { migrateToLatest, STORE_MIGRATIONS } from "../../src/store/migrations.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";

describeBackends("migration 0110-event-private-indexes", (backend) => {
  const current = freshDatabasePerTest(backend, { migrate: false });

  it("keeps the parts of before and leaves the indexes the queries use", async () => {
    const { db } = current();
    const upTo = STORE_MIGRATIONS.findIndex((m) => m.name === "0110-event-private-indexes");
    expect(upTo).toBeGreaterThan(0);
    await migrateToLatest(db, STORE_MIGRATIONS.slice(0, upTo));
    const before = [part("e1", 0, "m1", null), part("e2", 1, null, 1_000)];
    await db.kysely.insertInto("event_private").values(before).execute();
    expect(await indexes(db)).toContain("event_private_at");

    expect(await migrateToLatest(db)).toEqual(["0110-event-private-indexes"]);
    const kept = await db.kysely.selectFrom("event_private").selectAll().orderBy("idx").execute();
    expect(kept.map((r) => [r.event_id, r.idx, r.owner, r.shred_after])).toEqual([
      ["e1", 0, "m1", null],
      ["e2", 1, null, 1_000],
    ]);
    const retention =
      db.dialect === "sqlite" ? [] : ["event_private_at", "event_private_shred_after_set"];
    expect(await indexes(db)).toEqual(
      [
        "event_private_idx",
        "event_private_owner_idx",
        db.dialect === "sqlite" ? "sqlite_autoindex_event_private_1" : "event_private_pk",
        ...retention,
      ].sort(),
    );
    for (const twice of [part("e1", 2, "m1", null), part("e3", 1, null, null)]) {
      await expect(db.kysely.insertInto("event_private").values(twice).execute()).rejects.toThrow();
    }
  });
});

function part(eventId: string, idx: number, owner: string | null, shredAfter: number | null) {
  return {
    space: "s",
    event_id: eventId,
    idx,
    type: "member.joined",
    at: 1_000 + idx,
    owner,
    salt: new Uint8Array(32).fill(idx + 1),
    private: "{}",
    shred_after: shredAfter,
  };
}

/** The names of event_private's indexes, sorted. */
async function indexes(db: Database): Promise<string[]> {
  const { rows } =
    db.dialect === "sqlite"
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'event_private'`.execute(db.kysely)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'event_private' and schemaname = current_schema()`.execute(db.kysely);
  return rows.map((r) => r.name).sort();
}
