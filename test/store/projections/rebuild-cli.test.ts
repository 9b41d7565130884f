/**
 * `fabrique rebuild`: on an embedded store written by the space service, it replays the log, prints
 * what it did, reports progress on stderr and leaves every row as the incremental path wrote it (after
 * the projections were wiped, it restores them). Usage errors, a missing store, an unknown space and
 * a damaged private part come back with the documented exit codes.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import type { Database } from "../../../src/store/database.js";
import { migrateToLatest } from "../../../src/store/migrations.js";
import { RECORD_TABLES } from "../../../src/store/projections/columns.js";
import { openSqlite } from "../../../src/store/sqlite/open-sqlite.js";
import { admin, attestKey, membersKey, SECRET } from "../../domain/support/world.js";
import { runCli } from "../../support/cli.js";
import { as } from "../space/support/community.js";
import { testService } from "../space/support/service.js";
import { snapshot } from "../space/support/snapshot.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "fabrique-rebuild-cli-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A store with a small history in `dataDir`; returns its rows, and leaves it closed. */
async function writeHistory(): Promise<Awaited<ReturnType<typeof snapshot>>> {
  const db = await openSqlite({ dataDir });
  try {
    await migrateToLatest(db);
    const t = testService(db);
    const [ann, ben] = [memberIdFor(SECRET, "ann"), memberIdFor(SECRET, "ben")];
    const run = async (r: ReturnType<typeof t.service.execute>) => {
      const result = await r;
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    };
    await run(t.service.createSpace({ space: "stays", name: "Stays" }, admin));
    await run(
      t.service.execute("stays", membersKey, "joinMember", { member: ann, displayName: "A" }),
    );
    await run(
      t.service.execute("stays", membersKey, "joinMember", { member: ben, displayName: "B" }),
    );
    await run(
      t.service.execute("stays", attestKey, "recordInteraction", {
        interaction: "stay-1",
        occurredAt: t.now,
        parties: [
          { member: ann, role: "guest", reviews: ben },
          { member: ben, role: "host", reviews: ann },
        ],
      }),
    );
    await run(
      t.service.execute("stays", as(ann), "submitReview", {
        subject: ben,
        interaction: "stay-1",
        overall: 5,
        text: "Kind host",
      }),
    );
    await run(
      t.service.execute("stays", as(ann), "giveVouch", { vouchee: ben, scope: "hosted-me" }),
    );
    await run(t.service.execute("stays", as(ann), "eraseMember", { member: ann }));
    return await snapshot(db, "stays");
  } finally {
    await db.close();
  }
}

async function withStore<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openSqlite({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

it("rebuilds a space from its log and says so", async () => {
  const before = await writeHistory();
  await withStore(async (db) => {
    for (const { table } of Object.values(RECORD_TABLES)) {
      await db.kysely.deleteFrom(table).where("space", "=", "stays").execute();
    }
  });
  const run = await runCli(["rebuild", "--space", "stays", "--data-dir", dataDir]);
  expect(run.err).toMatch(/^rebuild stays: \d+ entries in \d+\.\d s\n$/);
  expect(run.out).toBe(
    `rebuilt stays: ${before.log_entries?.length} entries replayed, ${before.event_private?.length} with their private part\n`,
  );
  expect(run.code).toBe(0);
  expect(await withStore((db) => snapshot(db, "stays"))).toEqual(before);
});

it("explains itself and refuses what it cannot do, with the documented exit codes", async () => {
  const help = await runCli(["rebuild", "--help"]);
  expect(help.code).toBe(0);
  expect(help.out).toContain("--space <id>");
  expect(help.out).toContain("--data-dir <dir>");
  expect(help.out).toContain("DATABASE_URL");

  expect((await runCli(["rebuild", "--data-dir", dataDir])).code).toBe(2);
  expect((await runCli(["rebuild", "--space", "no such!", "--data-dir", dataDir])).code).toBe(2);
  const missing = await runCli([
    "rebuild",
    "--space",
    "stays",
    "--data-dir",
    join(dataDir, "nope"),
  ]);
  expect(missing.code).toBe(4);
  expect(missing.err).toContain("no Fabrique store");

  await writeHistory();
  const unknown = await runCli(["rebuild", "--space", "elsewhere", "--data-dir", dataDir]);
  expect(unknown.code).toBe(3);
  expect(unknown.err).toContain("there is no space elsewhere");

  const before = await withStore(async (db) => {
    await db.kysely
      .updateTable("event_private")
      .set({ private: JSON.stringify({ displayName: "Mallory" }) })
      .where("space", "=", "stays")
      .execute();
    return snapshot(db, "stays");
  });
  const damaged = await runCli(["rebuild", "--space", "stays", "--data-dir", dataDir]);
  expect(damaged.code).toBe(3);
  expect(damaged.err).toContain("does not open its commitment");
  expect(await withStore((db) => snapshot(db, "stays"))).toEqual(before);
});

it("refuses --data-dir together with DATABASE_URL", async () => {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/none";
  try {
    const run = await runCli(["rebuild", "--space", "stays", "--data-dir", dataDir]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("DATABASE_URL");
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
});
