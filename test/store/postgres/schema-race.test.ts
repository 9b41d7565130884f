/**
 * Migrating one schema while other clients create and drop theirs (test runs side by side, tenants kept in
 * schemas): Kysely's Migrator lists every schema's tables first, and a schema dropped during that listing
 * used to fail the whole migration with 3F000. migrateToLatest lists again; nothing of ours was wrong.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../../src/store/migrations.js";
import { openPostgres } from "../../../src/store/postgres/open-postgres.js";

const URL = process.env.FABRIQUE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PREFIX = `fabrique_race_${randomBytes(4).toString("hex")}`;
let admin: pg.Client | undefined;

beforeAll(async () => {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    admin = client;
  } catch {
    admin = undefined;
  }
});

afterAll(async () => {
  if (admin === undefined) return;
  const { rows } = await admin.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname like $1",
    [`${PREFIX}%`],
  );
  for (const { nspname } of rows) await admin.query(`drop schema if exists ${nspname} cascade`);
  await admin.end();
});

describe("migrations on PostgreSQL while other schemas come and go", () => {
  it("succeed every time", { timeout: 120_000 }, async (ctx) => {
    if (admin === undefined) ctx.skip();
    const churner = admin as pg.Client;
    let stop = false;
    // Another client: schemas with a few tables each, created and dropped as fast as it can.
    const churn = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `${PREFIX}_churn_${i}`;
        await churner.query(
          `create schema ${name}; create table ${name}.a (x int, y text); create table ${name}.b (x int)`,
        );
        await churner.query(`drop schema ${name} cascade`);
      }
    })();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const db = await openPostgres({ url: URL, schema: `${PREFIX}_m_${i}` });
        try {
          await migrateToLatest(db);
        } catch (e) {
          failures.push(`${(e as Error).message}: ${String((e as Error).cause ?? e)}`);
        } finally {
          await db.close();
        }
      }
    } finally {
      stop = true;
      await churn;
    }
    expect(failures).toEqual([]);
  });
});
