import { sql } from "kysely";
import { expect, it } from "vitest";
import { isStoreError } from "../../src/store/errors.js";
import type { StoreMigration } from "../../src/store/migration.js";
import { migrateToLatest, STORE_MIGRATIONS } from "../../src/store/migrations.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";
import { primaryKeyColumns, tableNames } from "./support/introspect.js";
import { runWorkersTogether } from "./support/worker-process.js";

const STORE_TABLES = ["checkpoints", "log_entries", "log_nodes", "log_state", "space_keys"];
const ALL_NAMES = STORE_MIGRATIONS.map((m) => m.name);

it("the migration list is in name order with unique names", () => {
  const sorted = [...ALL_NAMES].sort();
  expect(ALL_NAMES).toEqual(sorted);
  expect(new Set(ALL_NAMES).size).toBe(ALL_NAMES.length);
});

it("a list out of order is refused before touching the database", async () => {
  const reversed = [...STORE_MIGRATIONS].reverse();
  // The check runs first, so no database is needed: a stand-in that fails if touched.
  const untouchable = new Proxy({} as Parameters<typeof migrateToLatest>[0], {
    get: () => {
      throw new Error("the database was touched");
    },
  });
  await expect(migrateToLatest(untouchable, reversed)).rejects.toThrow(RangeError);
});

describeBackends("migrations", (backend) => {
  const current = freshDatabasePerTest(backend, { migrate: false });

  it("apply every migration once on a fresh database, then nothing", async () => {
    const { db } = current();
    expect(await tableNames(db)).toEqual([]);
    expect(await migrateToLatest(db)).toEqual(ALL_NAMES);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(STORE_TABLES));
    expect(await migrateToLatest(db)).toEqual([]);
    const second = await current().openSecond();
    expect(await migrateToLatest(second)).toEqual([]);
  });

  it("keep data on a re-run", async () => {
    const { db } = current();
    await migrateToLatest(db);
    await db.kysely
      .insertInto("checkpoints")
      .values({ space: "s", size: 0, root: new Uint8Array(32), note: "n", created_at: "t" })
      .execute();
    await migrateToLatest(db);
    const rows = await db.kysely.selectFrom("checkpoints").select("note").execute();
    expect(rows).toEqual([{ note: "n" }]);
  });

  it("run once when several processes migrate at the same time", async () => {
    const { db, location } = current();
    const [here, ...there] = await runWorkersTogether(location, [["migrate"], ["migrate"]], () =>
      migrateToLatest(db),
    );
    expect([...here, ...(there as string[][]).flat()].sort()).toEqual(ALL_NAMES);
  });

  it("create tables whose every primary key starts with space (shardable by space)", async () => {
    const { db } = current();
    await migrateToLatest(db);
    for (const table of STORE_TABLES) {
      const key = await primaryKeyColumns(db, table);
      expect(key[0], table).toBe("space");
    }
    expect(await primaryKeyColumns(db, "log_nodes")).toEqual(["space", "level", "idx"]);
    expect(await primaryKeyColumns(db, "log_entries")).toEqual(["space", "idx"]);
  });

  it("roll back a failing migration whole and report it", async () => {
    const { db } = current();
    const broken: StoreMigration = {
      name: "9999-broken",
      async up(k) {
        await k.schema.createTable("half_done").addColumn("space", "text").execute();
        throw new Error("boom");
      },
    };
    const failure = await migrateToLatest(db, [...STORE_MIGRATIONS, broken]).catch((e) => e);
    expect(isStoreError(failure, "migration-failed")).toBe(true);
    expect(failure.message).toContain("9999-broken");
    // Both backends run pending migrations in one transaction: nothing of this run remains.
    expect(await tableNames(db)).not.toContain("half_done");
    expect(await tableNames(db)).not.toContain("log_entries");
    expect(await migrateToLatest(db)).toEqual(ALL_NAMES);
  });

  it("refuse a database that ran migrations this code does not know", async () => {
    const { db } = current();
    const newer: StoreMigration = {
      name: "9999-from-a-newer-release",
      async up(k) {
        await sql`select 1`.execute(k);
      },
    };
    await migrateToLatest(db, [...STORE_MIGRATIONS, newer]);
    const failure = await migrateToLatest(db).catch((e) => e);
    expect(isStoreError(failure, "migration-failed")).toBe(true);
  });
});
