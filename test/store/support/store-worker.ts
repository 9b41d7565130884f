/**
 * A second process on a test database, for tests of what separate processes do to one store (migrating
 * together, writing one space together). Test helper, run by runWorker in worker-process.ts:
 *
 *   node --import tsx store-worker.ts <location JSON> migrate
 *   node --import tsx store-worker.ts <location JSON> append <space> <count>
 *
 * Prints "ready" once the database is open, waits for a line on stdin (so that several workers start
 * their work together), then prints one JSON value: the migrations it applied, or the indices it wrote.
 */
import { createInterface } from "node:readline";
import type { Database } from "../../../src/store/database.js";
import { migrateToLatest } from "../../../src/store/migrations.js";
import { openPostgres } from "../../../src/store/postgres/open-postgres.js";
import { openSqlite } from "../../../src/store/sqlite/open-sqlite.js";
import { appendAtCurrentSize } from "./append-at-size.js";

type Location = { readonly dataDir: string } | { readonly url: string; readonly schema: string };

const [locationJson = "", command = "", ...args] = process.argv.slice(2);
const location = JSON.parse(locationJson) as Location;
const db: Database = await ("dataDir" in location
  ? openSqlite({ dataDir: location.dataDir })
  : openPostgres({ url: location.url, schema: location.schema }));
try {
  process.stdout.write("ready\n");
  await waitForGo();
  process.stdout.write(`${JSON.stringify(await run(command, args))}\n`);
} finally {
  await db.close();
}

async function waitForGo(): Promise<void> {
  for await (const _ of createInterface({ input: process.stdin })) return;
}

async function run(name: string, rest: readonly string[]): Promise<unknown> {
  switch (name) {
    case "migrate":
      return migrateToLatest(db);
    case "append": {
      const [space = "", count = "0"] = rest;
      const indices: number[] = [];
      for (let i = 0; i < Number(count); i += 1) indices.push(await appendAtCurrentSize(db, space));
      return indices;
    }
    default:
      throw new Error(`unknown command ${name}`);
  }
}
