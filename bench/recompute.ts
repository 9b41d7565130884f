/**
 * Stored trust scores benchmark (issue 5). Run: `npx tsx bench/recompute.ts` (`--backend postgres`
 * for PostgreSQL instead of SQLite). Prints the `### fabrique recompute` part of docs/benchmarks.md.
 *
 * The space is real data: Bitcoin Alpha (3,783 users, 24,186 ratings, ../shared/data/bitcoin-alpha)
 * written through the space service as a marketplace would write it — each user joins, each rating is
 * a one-party attested interaction and the rater's review of the ratee (rating + 10 on a 0..20 scale,
 * the same −1..1 after normalisation), at the rating's own day (the service's clock) — so the scores are
 * computed from projections, as in production. Then, in one run:
 * - a full recompute in the worker thread, by stage, and the event loop's worst delay meanwhile (a
 *   10 ms timer), against the same recompute on the caller's thread;
 * - incremental recomputes: with nothing new, after an alert (no rating changed: analysis skipped),
 *   after one new rating (analysis rerun, only changed subjects rewritten);
 * - the flags a recompute raises at the default threshold, tallied against Bitcoin Alpha's ground
 *   truth (a report, not a tuned result: the threshold was fixed before this run).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor, OperatorActor } from "../src/domain/actor.js";
import { memberIdFor } from "../src/domain/ids.js";
import type { Database } from "../src/store/database.js";
import { createKeyVault } from "../src/store/keys/key-vault.js";
import { readLogState } from "../src/store/log/log-state.js";
import { createSpaceLogSigners } from "../src/store/log/space-log-signer.js";
import { migrateToLatest } from "../src/store/migrations.js";
import { openPostgres } from "../src/store/postgres/open-postgres.js";
import type { CommandCall } from "../src/store/space/commands.js";
import { createSpaceService, type SpaceService } from "../src/store/space/service.js";
import { openSqlite } from "../src/store/sqlite/open-sqlite.js";
import { DEFAULT_FLAG_AT, flagSuspicious } from "../src/store/trust/flag-suspicious.js";
import { type RecomputeReport, recomputeSpace } from "../src/store/trust/recompute/recompute.js";
import { type BitcoinAlpha, loadBitcoinAlpha } from "./data/bitcoin-alpha.js";

const SPACE = "alpha";
const admin: OperatorActor = { kind: "operator", key: "bench-admin", scopes: ["admin"] };
/** A pseudonymous member id per Bitcoin Alpha user, as an operator's backend derives them. */
const SECRET = new Uint8Array(32).fill(5);
const member = (external: number) => memberIdFor(SECRET, `alpha-${external}`);

interface Clocked {
  readonly service: SpaceService;
  at(ms: number): void;
}

async function open(backend: string): Promise<{ db: Database; close: () => Promise<void> }> {
  if (backend === "postgres") {
    const url =
      process.env.FABRIQUE_BENCH_DATABASE_URL ??
      process.env.FABRIQUE_TEST_DATABASE_URL ??
      "postgres://postgres@127.0.0.1:5432/test";
    const schema = `bench_recompute_${randomBytes(4).toString("hex")}`;
    const admin = await openPostgres({ url });
    await admin.kysely.schema.createSchema(schema).execute();
    const db = await openPostgres({ url, schema });
    return {
      db,
      close: async () => {
        await db.close();
        await admin.kysely.schema.dropSchema(schema).cascade().execute();
        await admin.close();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "fabrique-bench-recompute-"));
  const db = await openSqlite({ dataDir });
  return {
    db,
    close: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function clockedService(db: Database): Clocked {
  const vault = createKeyVault(new Uint8Array(randomBytes(32)));
  const signers = createSpaceLogSigners({ vault, host: "bench.example" });
  let now = Date.UTC(2010, 0, 1);
  const service = createSpaceService({ db, vault, signers, clock: () => now });
  return { service, at: (ms) => (now = ms) };
}

async function run(service: SpaceService, calls: readonly CommandCall[]): Promise<void> {
  for (let i = 0; i < calls.length; i += 1000) {
    for (const outcome of await service.executeBatch(SPACE, calls.slice(i, i + 1000))) {
      if (!outcome.ok) throw new Error(`${outcome.error.rule}: ${outcome.error.message}`);
    }
  }
}

/** Writes the users and their ratings, day by day. */
async function loadSpace(c: Clocked, db: Database, alpha: BitcoinAlpha): Promise<number> {
  const r = alpha.ratings;
  const order = Array.from({ length: r.count }, (_, i) => i).sort(
    (a, b) => (r.times[a] as number) - (r.times[b] as number) || a - b,
  );
  c.at(((r.times[order[0] as number] as number) - 86_400) * 1000);
  const created = await c.service.createSpace(
    { space: SPACE, name: "Bitcoin Alpha", policy: { rating: { min: 0, max: 20 } } },
    admin,
  );
  if (!created.ok) throw new Error(created.error.message);
  await run(
    c.service,
    alpha.externals.map((external) => ({
      actor: admin,
      command: "joinMember",
      input: { member: member(external), displayName: `user ${external}` },
    })),
  );
  let start = 0;
  while (start < order.length) {
    const day = r.times[order[start] as number] as number;
    let end = start;
    const calls: CommandCall[] = [];
    while (end < order.length && r.times[order[end] as number] === day) {
      const e = order[end] as number;
      const rater = member(alpha.externals[r.sources[e] as number] as number);
      const ratee = member(alpha.externals[r.targets[e] as number] as number);
      const actor: Actor = { kind: "member", member: rater };
      calls.push(
        {
          actor: admin,
          command: "recordInteraction",
          input: {
            interaction: `i${e}`,
            occurredAt: day * 1000,
            parties: [{ member: rater, role: "trader", reviews: ratee }],
          },
        },
        {
          actor,
          command: "submitReview",
          input: {
            subject: ratee,
            interaction: `i${e}`,
            overall: (r.weights[e] as number) + 10,
            text: "",
          },
        },
      );
      end++;
    }
    c.at(day * 1000 + 3_600_000);
    await run(c.service, calls);
    start = end;
  }
  return (await readLogState(db.kysely, SPACE)).size;
}

/** Runs `fn` while a 10 ms timer measures how late the event loop runs it. */
async function withLag<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; worstLagMs: number; ms: number }> {
  let worst = 0;
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - expected);
    expected = now + 10;
  }, 10);
  const started = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - started;
    // Let a timer blocked until now fire once more, so a block at the very end is counted too.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { value, worstLagMs: worst, ms };
  } finally {
    clearInterval(timer);
  }
}

function row(label: string, r: RecomputeReport, ms: number, lag?: number): string {
  const written = r.algorithms.map((a) => `${a.written}/${a.written + a.unchanged}`).join(", ");
  const analysed = r.analysed ? "yes" : "skipped";
  return `| ${label} | ${(ms / 1000).toFixed(2)} s | ${analysed} | ${written} | ${lag === undefined ? "—" : `${lag.toFixed(0)} ms`} |`;
}

async function main(): Promise<void> {
  const backend = process.argv.includes("--backend")
    ? (process.argv[process.argv.indexOf("--backend") + 1] ?? "sqlite")
    : "sqlite";
  const alpha = loadBitcoinAlpha();
  const { db, close } = await open(backend);
  try {
    await migrateToLatest(db);
    const c = clockedService(db);
    const loadStart = performance.now();
    const logSize = await loadSpace(c, db, alpha);
    const loadMs = performance.now() - loadStart;
    const stages = new Map<string, number>();
    let last = performance.now();
    let stage = "";
    const onProgress = (next: string) => {
      if (next === stage) return;
      const now = performance.now();
      if (stage !== "") stages.set(stage, (stages.get(stage) ?? 0) + now - last);
      stage = next;
      last = now;
    };
    const now = Date.now();
    const worker = await withLag(() =>
      recomputeSpace(db, SPACE, { mode: "full", now, onProgress }),
    );
    onProgress("done");
    const inThread = await withLag(() =>
      recomputeSpace(db, SPACE, { mode: "full", now, worker: false }),
    );
    const quiet = await withLag(() => recomputeSpace(db, SPACE, { now }));
    const moderator: OperatorActor = { kind: "operator", key: "bench-mod", scopes: ["moderate"] };
    const alerted = await c.service.execute(SPACE, moderator, "raiseAlert", {
      target: { kind: "member", id: member(alpha.externals[0] as number) },
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      explanation: "bench",
      goodFaith: true,
    });
    if (!alerted.ok) throw new Error(alerted.error.message);
    const afterAlert = await withLag(() => recomputeSpace(db, SPACE, { now }));
    const [a, b] = [alpha.externals[1] as number, alpha.externals[2] as number];
    c.at(now - 60_000);
    await run(c.service, [
      {
        actor: admin,
        command: "recordInteraction",
        input: {
          interaction: "new",
          occurredAt: now - 120_000,
          parties: [{ member: member(a), role: "trader", reviews: member(b) }],
        },
      },
      {
        actor: { kind: "member", member: member(a) },
        command: "submitReview",
        input: { subject: member(b), interaction: "new", overall: 19, text: "" },
      },
    ]);
    const afterRating = await withLag(() => recomputeSpace(db, SPACE, { now }));
    const flags = await flagSuspicious(db, c.service, SPACE, { limit: 100_000 });
    const byMember = new Map(alpha.externals.map((e, i) => [member(e), i]));
    let fraud = 0;
    let benign = 0;
    for (const m of flags.flagged) {
      const label = alpha.fraudulent.get(byMember.get(m) as number);
      if (label === true) fraud++;
      else if (label === false) benign++;
    }
    const labelledFraud = [...alpha.fraudulent.values()].filter(Boolean).length;
    const out = [
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")} at the end; ${backend}.`,
      `Space: Bitcoin Alpha, ${alpha.nodeCount} members, ${alpha.ratings.count} ratings, ${logSize} log entries, written through the space service in ${(loadMs / 1000).toFixed(0)} s.`,
      "",
      "| recompute | wall | analysis | rows written / kept (suspicion, reputation) | worst event-loop delay |",
      "|---|---|---|---|---|",
      row("full, worker thread", worker.value as RecomputeReport, worker.ms, worker.worstLagMs),
      row(
        "full, caller's thread",
        inThread.value as RecomputeReport,
        inThread.ms,
        inThread.worstLagMs,
      ),
      row("incremental, nothing new", quiet.value as RecomputeReport, quiet.ms, quiet.worstLagMs),
      row(
        "incremental, after an alert",
        afterAlert.value as RecomputeReport,
        afterAlert.ms,
        afterAlert.worstLagMs,
      ),
      row(
        "incremental, after one rating",
        afterRating.value as RecomputeReport,
        afterRating.ms,
        afterRating.worstLagMs,
      ),
      "",
      `Full recompute by stage (worker): ${[...stages].map(([s, ms]) => `${s} ${(ms / 1000).toFixed(2)} s`).join(", ")}.`,
      `Flags at suspicion ≥ ${DEFAULT_FLAG_AT}: ${flags.flagged.length} members (of ${alpha.nodeCount}); ${fraud} labelled fraudulent, ${benign} labelled benign, ${flags.flagged.length - fraud - benign} unlabelled (the data set labels ${labelledFraud} fraudulent and ${alpha.fraudulent.size - labelledFraud} benign users).`,
    ];
    console.log(out.join("\n"));
  } finally {
    await close();
  }
}

await main();
