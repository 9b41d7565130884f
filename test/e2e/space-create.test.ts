/**
 * `fabrique space create` on a local SQLite store: prints the space, an admin key that verifies
 * against the store with the admin scope, and the log key; a second create of the same id is refused.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { verifyApiKey } from "../../src/store/access/api-keys.js";
import { findRecord } from "../../src/store/space/index.js";
import { openSqlite } from "../../src/store/sqlite/open-sqlite.js";
import { runCli } from "../support/cli.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

it("creates a space and prints its admin key once", async () => {
  dir = await mkdtemp(join(tmpdir(), "fabrique-space-"));
  const run = await runCli(["space", "create", "--name", "Canal Stays", "--data-dir", dir]);
  expect(run.err).toBe("");
  expect(run.code).toBe(0);
  const space = /^space: (.+)$/m.exec(run.out)?.[1];
  const key = /^admin key: (.+)$/m.exec(run.out)?.[1];
  expect(space).toBe("canal-stays");
  expect(run.out).toMatch(/^log key: \S+\+[0-9a-f]{8}\+\S+$/m);
  const db = await openSqlite({ dataDir: dir });
  try {
    const check = await verifyApiKey(db.kysely, String(key));
    expect(check.kind === "valid" && check.key.scopes).toEqual(["admin"]);
    expect((await findRecord(db.kysely, "canal-stays", "space", "canal-stays"))?.name).toBe(
      "Canal Stays",
    );
  } finally {
    await db.close();
  }
  const again = await runCli(["space", "create", "--name", "Canal Stays", "--data-dir", dir]);
  expect(again.code).not.toBe(0);
  expect(again.err).toContain("space.unique-id");
});
