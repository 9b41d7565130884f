/**
 * `fabrique recompute` on an embedded store filled through the space service: it stores every score
 * with its provenance, shows progress by stage on stderr, flags the members whose suspicion reaches the
 * threshold into the moderation queue (alerts of the platform's own initiative, by the system, in the
 * log) and not twice; a second run is incremental; --json says the same; bad options, a missing store
 * and an unknown space come back with the documented exit codes. The recompute and the flags run on
 * both backends in test/store/trust.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { storeConfigFromEnv } from "../../src/store/config.js";
import { readLogState } from "../../src/store/log/log-state.js";
import { openStore, type Store } from "../../src/store/open-store.js";
import { parseRecord } from "../../src/store/projections/record-json.js";
import { ratedSpace, SPACE } from "../store/trust/support/rated-space.js";
import { runCli } from "../support/cli.js";

let dir: string;
let contrarian: string;

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeConfigFromEnv({ FABRIQUE_DATA_DIR: dir }));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fabrique-cli-recompute-"));
  contrarian = await withStore(
    async (store) => (await ratedSpace(store.db, store.vault)).contrarian,
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("stores the scores, shows progress, flags the suspicious members once", async () => {
  const run = await runCli(["recompute", "--space", SPACE, "--data-dir", dir]);
  expect(run.code, run.err).toBe(0);
  expect(run.out).toMatch(/^recomputed market at log size \d+ \(incremental\)$/m);
  expect(run.out).toMatch(/^ {2}fraud-suspicion 2\.0\.0: 13 written, 0 unchanged, 0 removed$/m);
  expect(run.out).toMatch(/^ {2}bayesian-reputation 1\.0\.0: 17 written/m);
  for (const stage of ["evidence", "analysis", "suspicion", "reputation", "write"]) {
    expect(run.err).toContain(`recompute market · ${stage}:`);
  }

  const { suspicious, alerts, size } = await withStore(async ({ db }) => ({
    suspicious: await db.kysely
      .selectFrom("trust_scores")
      .select(["entity", "log_size"])
      .where("algorithm", "=", "fraud-suspicion")
      .where("score", ">=", 0.5)
      .execute(),
    alerts: (await db.kysely.selectFrom("alerts").select("data").execute()).map((r) =>
      parseRecord("alert", r.data),
    ),
    size: (await readLogState(db.kysely, SPACE)).size,
  }));
  expect(suspicious.map((s) => s.entity)).toContain(contrarian);
  expect(run.out).toContain(`flagged ${suspicious.length} member(s) for moderators`);
  expect(alerts.map((a) => a.target.id).sort()).toEqual(suspicious.map((s) => s.entity).sort());
  for (const a of alerts) {
    expect(a).toMatchObject({ reporter: null, sourceType: "SOURCE_VOLUNTARY", outcome: null });
    expect(a.explanation).toMatch(/^Automated detection: fraud suspicion 0\.\d\d reached/);
    expect(a.explanation).toContain("This flag restricts nothing");
  }
  // The flags are log entries after the computation's.
  expect(size).toBe(Number(suspicious[0]?.log_size) + suspicious.length);

  const again = await runCli(["recompute", "--space", SPACE, "--data-dir", dir, "--json"]);
  expect(again.code, again.err).toBe(0);
  const report = JSON.parse(again.out);
  expect(report.recompute).toMatchObject({ mode: "incremental", analysed: false, logSize: size });
  expect(report.flags).toMatchObject({ flagged: [], alreadyFlagged: suspicious.length });

  const full = await runCli([
    "recompute",
    "--space",
    SPACE,
    "--data-dir",
    dir,
    "--full",
    "--no-flag",
  ]);
  expect(full.code, full.err).toBe(0);
  expect(full.out).toMatch(/\(full\)/);
  expect(full.out).not.toContain("flagged");
});

it("answers bad options, a missing store and an unknown space with their exit codes", async () => {
  const help = await runCli(["recompute", "--help"]);
  expect(help.code).toBe(0);
  expect(help.out).toContain("--flag-at");
  const cases: [readonly string[], number, string][] = [
    [["recompute", "--data-dir", dir], 2, "--space"],
    [["recompute", "--space", "no/such", "--data-dir", dir], 2, "--space is a space id"],
    [["recompute", "--space", SPACE, "--data-dir", dir, "--flag-at", "2"], 2, "--flag-at"],
    [["recompute", "--space", SPACE, "--data-dir", dir, "--flag-at", "x"], 2, "--flag-at"],
    [["recompute", "--space", SPACE, "--data-dir", dir, "--flag-limit", "-1"], 2, "--flag-limit"],
    [["recompute", "--space", "elsewhere", "--data-dir", dir], 3, "no space elsewhere"],
    [["recompute", "--space", SPACE, "--data-dir", join(dir, "nothing")], 4, "no Fabrique store"],
  ];
  for (const [args, code, message] of cases) {
    const run = await runCli(args);
    expect({ args, code: run.code }).toEqual({ args, code });
    expect(run.err).toContain(message);
  }
});
