/**
 * Runs one suite against both backends. Test helper, shared by every store suite:
 *
 *   describeBackends("log append", (backend) => {
 *     const current = freshDatabasePerTest(backend)
 *     it("appends", async () => { const { db } = current(); ... })
 *   })
 *
 * Isolation: every test gets its own SQLite data folder (a temporary directory) or its own PostgreSQL
 * schema (fabrique_test_<random>), dropped afterwards, so test files can run in parallel.
 *
 * PostgreSQL comes from FABRIQUE_TEST_DATABASE_URL (CI sets it), else postgres://postgres@127.0.0.1:5432/test.
 * When the variable is unset and no server answers, the PostgreSQL half is skipped with a message saying
 * so; when the variable is set, an unreachable server fails the tests instead (CI must not skip silently).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe } from "vitest";
import type { Database, DialectName } from "../../../src/store/database.js";
import { migrateToLatest } from "../../../src/store/migrations.js";
import { openPostgres } from "../../../src/store/postgres/open-postgres.js";
import { openSqlite } from "../../../src/store/sqlite/open-sqlite.js";

/** The PostgreSQL the tests use. */
export const TEST_DATABASE_URL =
  process.env.FABRIQUE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A database of one test, with what it needs to clean up. */
export interface TestDatabase {
  readonly db: Database;
  /** Another handle on the same data, as a second process would open it; closed by dispose. */
  openSecond(): Promise<Database>;
  /** Where another process finds this database (for child-process tests). */
  readonly location:
    | { readonly dataDir: string }
    | { readonly url: string; readonly schema: string };
  /** Closes every handle and removes the data (folder or schema). */
  dispose(): Promise<void>;
}

/** One backend the suites run against. */
export interface TestBackend {
  readonly name: DialectName;
  /** Why this backend's suites are skipped, or undefined when they run. */
  readonly skipReason: string | undefined;
  /** A fresh, isolated database; migrated unless `migrate: false`. */
  open(options?: { readonly migrate?: boolean }): Promise<TestDatabase>;
}

const sqliteBackend: TestBackend = {
  name: "sqlite",
  skipReason: undefined,
  async open(options) {
    const dataDir = await mkdtemp(join(tmpdir(), "fabrique-store-"));
    return track(
      { dataDir },
      () => openSqlite({ dataDir }),
      options,
      async () => {
        await rm(dataDir, { recursive: true, force: true });
      },
    );
  },
};

const postgresBackend: TestBackend = {
  name: "postgres",
  skipReason: await postgresSkipReason(),
  async open(options) {
    // FABRIQUE_TEST_RUN (set by test/global-setup.ts) lets the run drop its own schemas at its end.
    const run = process.env.FABRIQUE_TEST_RUN ?? "0";
    const schema = `fabrique_test_${run}_${randomBytes(8).toString("hex")}`;
    await adminQuery(`create schema ${schema}`);
    const url = TEST_DATABASE_URL;
    return track(
      { url, schema },
      () => openPostgres({ url, schema }),
      options,
      // The schema is dropped once the whole run is over (test/global-setup.ts), not here: Kysely's
      // migrator scans every schema's tables (introspection.getTables), and a schema dropped by a test
      // file running in parallel made that scan fail with "schema … does not exist".
      async () => {},
    );
  },
};

/** Both backends, SQLite first. */
export const testBackends: readonly TestBackend[] = [sqliteBackend, postgresBackend];

/**
 * Declares `suite` once per backend, titled "<title> [sqlite]" and "<title> [postgres]"; a skipped backend's
 * title says why.
 *
 * @example describeBackends("hash store", (backend) => { ... })
 */
export function describeBackends(title: string, suite: (backend: TestBackend) => void): void {
  for (const backend of testBackends) {
    const skipped = backend.skipReason === undefined ? "" : ` (skipped: ${backend.skipReason})`;
    describe.skipIf(backend.skipReason !== undefined)(`${title} [${backend.name}]${skipped}`, () =>
      suite(backend),
    );
  }
}

/**
 * Opens a fresh database before each test of the enclosing describe and disposes of it after; returns a
 * getter for the current one.
 *
 * @example const current = freshDatabasePerTest(backend); it("…", async () => { const { db } = current() })
 */
export function freshDatabasePerTest(
  backend: TestBackend,
  options?: { readonly migrate?: boolean },
): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await backend.open(options);
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("no database: call inside a test");
    return current;
  };
}

async function track(
  location: TestDatabase["location"],
  open: () => Promise<Database>,
  options: { readonly migrate?: boolean } | undefined,
  remove: () => Promise<void>,
): Promise<TestDatabase> {
  const handles: Database[] = [];
  const openTracked = async (): Promise<Database> => {
    const db = await open();
    handles.push(db);
    return db;
  };
  const db = await openTracked();
  if (options?.migrate !== false) await migrateToLatest(db);
  return {
    db,
    location,
    openSecond: openTracked,
    async dispose() {
      // Remove the data even when a handle fails to close (a test that left a transaction open).
      await Promise.allSettled(handles.map((h) => h.close()));
      await remove();
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresSkipReason(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (e) {
    if (process.env.FABRIQUE_TEST_DATABASE_URL !== undefined) return undefined; // fail, don't skip
    const reason = `no PostgreSQL reachable at ${redacted(TEST_DATABASE_URL)} (${(e as Error).message}); set FABRIQUE_TEST_DATABASE_URL to run the PostgreSQL half`;
    console.warn(`[test/store] ${reason}`);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable URL)";
  }
}
