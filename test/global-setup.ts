/**
 * Run-wide set-up and tear-down. Each PostgreSQL test gets a schema fabrique_test_<run>_<random> (see
 * test/store/support/backends.ts); this run's schemas are dropped here once every test file has finished,
 * not by each test, because Kysely's migrator scans every schema's tables and a schema dropped by a test
 * file running in parallel made that scan fail ("schema … does not exist"). Another run going on at the
 * same time keeps its own schemas. No-op when PostgreSQL is unreachable.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

const URL = process.env.FABRIQUE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function dropSchemasOfRun(run: string): Promise<void> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return;
  }
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like $1",
      [`fabrique\\_test\\_${run}\\_%`],
    );
    for (const { nspname } of rows) {
      if (/^fabrique_test_[0-9a-f]+_[0-9a-f]+$/.test(nspname)) {
        await client.query(`drop schema if exists ${nspname} cascade`);
      }
    }
  } finally {
    await client.end();
  }
}

export function setup(): () => Promise<void> {
  // Test workers start after this and inherit the environment.
  const run = randomBytes(3).toString("hex");
  process.env.FABRIQUE_TEST_RUN = run;
  return () => dropSchemasOfRun(run);
}
