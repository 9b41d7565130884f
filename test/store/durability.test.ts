import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isStoreError } from "../../src/store/errors.js";
import { openPostgres } from "../../src/store/postgres/open-postgres.js";
import { DEFAULT_SQLITE_FILE, openSqlite } from "../../src/store/sqlite/open-sqlite.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";

async function pragma(db: Awaited<ReturnType<typeof openSqlite>>, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(db.kysely);
  return Object.values(rows[0] ?? {})[0];
}

describe("SQLite backend", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fabrique-sqlite-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates its data folder on first use and runs in WAL with synchronous=FULL", async () => {
    const dataDir = join(dir, "not", "yet", "there");
    const db = await openSqlite({ dataDir, busyTimeoutMs: 1234 });
    try {
      expect(existsSync(join(dataDir, DEFAULT_SQLITE_FILE))).toBe(true);
      expect(await pragma(db, "journal_mode")).toBe("wal");
      expect(await pragma(db, "synchronous")).toBe(2); // 2 = FULL
      expect(await pragma(db, "busy_timeout")).toBe(1234);
      expect(await pragma(db, "foreign_keys")).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("reports a file that is not a database as corrupt", async () => {
    await writeFile(join(dir, DEFAULT_SQLITE_FILE), "this is not an SQLite database, just text");
    const failure = await openSqlite({ dataDir: dir }).catch((e) => e);
    expect(isStoreError(failure, "corrupt")).toBe(true);
  });

  it("reports a data folder it cannot create as unavailable", async () => {
    await writeFile(join(dir, "a-file"), "");
    const failure = await openSqlite({ dataDir: join(dir, "a-file", "data") }).catch((e) => e);
    expect(isStoreError(failure, "unavailable")).toBe(true);
  });
});

describe("PostgreSQL backend", () => {
  it("reports an unreachable server as unavailable", async () => {
    const failure = await openPostgres({
      url: "postgres://postgres@127.0.0.1:1/test",
      connectTimeoutMs: 2_000,
    }).catch((e) => e);
    expect(isStoreError(failure, "unavailable")).toBe(true);
  });

  it("refuses a schema name that is not a plain identifier", async () => {
    await expect(openPostgres({ url: "postgres://h/db", schema: 'x"; drop' })).rejects.toThrow(
      RangeError,
    );
  });
});

describeBackends("durability settings", (backend) => {
  const current = freshDatabasePerTest(backend);

  it.runIf(backend.name === "postgres")("keep synchronous_commit on", async () => {
    const { rows } = await sql<{
      synchronous_commit: string;
    }>`show synchronous_commit`.execute(current().db.kysely);
    expect(rows[0]?.synchronous_commit).toBe("on");
  });

  it("classify a duplicate key as conflict", async () => {
    const { db } = current();
    const row = { space: "s", size: 1, root: Buffer.alloc(32), note: "n", created_at: "t" };
    await db.transaction((tx) => tx.insertInto("checkpoints").values(row).execute());
    const failure = await db
      .transaction((tx) => tx.insertInto("checkpoints").values(row).execute())
      .catch((e) => e);
    expect(isStoreError(failure, "conflict")).toBe(true);
    expect(failure.cause).toBeInstanceOf(Error);
  });
});
