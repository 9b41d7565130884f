/**
 * Trust-space core benchmark (issue 3). Run: `npx tsx bench/core.ts` (`--quick` for a smaller run,
 * `--backend sqlite` or `--backend postgres` for one backend only, `--inline-checkpoints` to leave SQLite's
 * WAL checkpoints in the committing write instead of the background checkpointer, `--singles N` to measure
 * only the single writes, N of them, and the floor, after the same batches as a full run; several thousand
 * give a steadier p99 than the full run's 1,500). Prints a Markdown table for docs/benchmarks.md.
 * The server runs with `--max-semi-space-size=32` (bench/server-flags.ts); to measure the store as the
 * server runs it, give the same flag: `NODE_OPTIONS=--max-semi-space-size=32 npx tsx bench/core.ts`. The
 * run prints which flags it had.
 *
 * What is measured: domain-level appends through the real space service (createSpaceService), each
 * command validated by src/domain, its events encoded, applied to the projections, appended to the
 * space's Merkle log with their node hashes, receipted (Ed25519) and committed durably, on SQLite and
 * on PostgreSQL in the same run:
 * - batched: executeBatch of 100 and of 500 commands, one transaction (one durable commit) each;
 * - one at a time: execute, one transaction per command; its p50 and p99 latency;
 * - batched again at the end, once the space holds every event written before (the cost of a command
 *   should not depend on how many events its space already has).
 * The commands are the hot path of a marketplace: recordInteraction (an attested stay between a guest
 * and a host) and submitReview (the guest's sealed review of it), one event each. Each rate is shown
 * with the CPU time this process spent per event (user + system), which holds better than the rate
 * when other jobs share the machine; PostgreSQL's own CPU is not in it.
 *
 * Two limits are measured in the same run: the floor of a durable write (one single-row transaction
 * straight through the driver, on the same database) and Ed25519 signing alone (the rate of signed
 * notes on one core: since receipts v2 the store signs one per append, not one per event, so it caps
 * single writes, not batches; bench/receipts.ts measures a receipt's whole cost in both formats).
 *
 * Durability (never lowered here): SQLite in WAL mode with synchronous=FULL, the WAL fsynced at every
 * commit (survives a process crash, an OS crash and power loss), its checkpoints run by a worker thread
 * off the write path since session 4 (the floor row's raw connection keeps SQLite's automatic ones); PostgreSQL with synchronous_commit=on
 * and fsync=on, read back from the server (a commit returns once its WAL record is flushed: survives a
 * server crash and power loss).
 *
 * PostgreSQL comes from FABRIQUE_BENCH_DATABASE_URL, else FABRIQUE_TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test; the run uses a fresh schema and drops it. When no server
 * answers, the PostgreSQL rows say so.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import type { Actor, OperatorActor } from "../src/domain/actor.js";
import { memberIdFor } from "../src/domain/ids.js";
import { generateKeyPair, signerFromKey } from "../src/log/note/index.js";
import { signReceipt } from "../src/log/receipt/index.js";
import type { Database } from "../src/store/database.js";
import { createKeyVault } from "../src/store/keys/key-vault.js";
import { readLogState } from "../src/store/log/log-state.js";
import { createSpaceLogSigners } from "../src/store/log/space-log-signer.js";
import { migrateToLatest } from "../src/store/migrations.js";
import { openPostgres } from "../src/store/postgres/open-postgres.js";
import type { CommandCall } from "../src/store/space/commands.js";
import type { ExecuteResult } from "../src/store/space/results.js";
import { createSpaceService, type SpaceService } from "../src/store/space/service.js";
import { openSqlite } from "../src/store/sqlite/open-sqlite.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.includes("--backend") ? argv[argv.indexOf("--backend") + 1] : undefined;
// --inline-checkpoints: leave WAL checkpoints to SQLite's automatic checkpoint in the committing
// transaction (the behaviour before the background checkpointer), to compare the two in one run.
const inlineCheckpoints = argv.includes("--inline-checkpoints");
// --singles N: only the one-command-per-transaction measure (N writes) and the floor (as many commits).
const singlesOnly = argv.includes("--singles")
  ? Number(argv[argv.indexOf("--singles") + 1])
  : undefined;
if (singlesOnly !== undefined && !(Number.isSafeInteger(singlesOnly) && singlesOnly > 0)) {
  throw new RangeError("--singles takes a positive integer");
}
const POSTGRES_URL =
  process.env.FABRIQUE_BENCH_DATABASE_URL ??
  process.env.FABRIQUE_TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

/** How much each measure runs. */
const SIZES = {
  members: 200,
  batches100: quick ? 10 : 40,
  batches500: quick ? 3 : 10,
  singles: singlesOnly ?? (quick ? 300 : 1_500),
  floor: singlesOnly ?? (quick ? 300 : 1_000),
} as const;

const SPACE = "bench";
const SECRET = new Uint8Array(32).fill(3);
const admin: OperatorActor = { kind: "operator", key: "k-admin", scopes: ["admin"] };
const membersKey: OperatorActor = { kind: "operator", key: "k-members", scopes: ["members"] };
const attestKey: OperatorActor = { kind: "operator", key: "k-attest", scopes: ["attest"] };

interface Row {
  readonly backend: string;
  readonly what: string;
  readonly rate: string;
  /** CPU time of this process per event (user + system): what the code costs, whatever the load. */
  readonly cpu: string;
  readonly p50: string;
  readonly p99: string;
  readonly note: string;
}
const rows: Row[] = [];

/** An opened, migrated bench database and how to remove it. */
interface BenchDb {
  readonly db: Database;
  readonly durability: string;
  /** The floor: p50/p99 of a one-row durable transaction through the driver, in ms. */
  floor(n: number): Promise<readonly number[]>;
  dispose(): Promise<void>;
}

async function openSqliteBench(): Promise<BenchDb> {
  const dataDir = mkdtempSync(join(tmpdir(), "fabrique-bench-core-"));
  const db = await openSqlite({
    dataDir,
    ...(inlineCheckpoints ? { walCheckpointer: false as const } : {}),
  });
  await migrateToLatest(db);
  const { rows: mode } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(
    db.kysely,
  );
  const { rows: sync } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
  const { rows: auto } = await sql<{
    wal_autocheckpoint: number;
  }>`pragma wal_autocheckpoint`.execute(db.kysely);
  const checkpoints =
    auto[0]?.wal_autocheckpoint === 0
      ? "wal_autocheckpoint=0 (checkpoints in a worker thread, src/store/sqlite/wal-checkpointer.ts)"
      : `wal_autocheckpoint=${auto[0]?.wal_autocheckpoint} (checkpoints in the committing write)`;
  return {
    db,
    durability: `journal_mode=${mode[0]?.journal_mode}, synchronous=${sync[0]?.synchronous === 2 ? "FULL" : sync[0]?.synchronous}, ${checkpoints}`,
    async floor(n) {
      // A second file in the same folder (same disk), same pragmas, one row per transaction.
      const raw = new BetterSqlite3(join(dataDir, "floor.sqlite3"));
      try {
        raw.pragma("journal_mode = WAL");
        raw.pragma("synchronous = FULL");
        raw.exec("create table t (id integer primary key, body blob not null)");
        const insert = raw.prepare("insert into t (body) values (?)");
        const body = randomBytes(300);
        const latencies: number[] = [];
        for (let i = 0; i < n; i++) {
          const start = performance.now();
          raw.exec("begin immediate");
          insert.run(body);
          raw.exec("commit");
          latencies.push(performance.now() - start);
        }
        return latencies;
      } finally {
        raw.close();
      }
    },
    async dispose() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openPostgresBench(): Promise<BenchDb | string> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (e) {
    return `no PostgreSQL at the configured URL (${(e as Error).message})`;
  }
  const schema = `fabrique_bench_${randomBytes(6).toString("hex")}`;
  await admin.query(`create schema ${schema}`);
  const db = await openPostgres({ url: POSTGRES_URL, schema });
  await migrateToLatest(db);
  const setting = async (name: string) =>
    (await admin.query(`show ${name}`)).rows[0]?.[name] as string;
  const durability = `synchronous_commit=${await setting("synchronous_commit")}, fsync=${await setting("fsync")}, wal_sync_method=${await setting("wal_sync_method")}`;
  return {
    db,
    durability,
    async floor(n) {
      await admin.query(`create table ${schema}.floor (id bigserial primary key, body bytea)`);
      const body = randomBytes(300);
      const latencies: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        await admin.query("begin");
        await admin.query(`insert into ${schema}.floor (body) values ($1)`, [body]);
        await admin.query("commit");
        latencies.push(performance.now() - start);
      }
      return latencies;
    },
    async dispose() {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** The space, its members and one listing per member. */
async function seed(service: SpaceService): Promise<readonly string[]> {
  must(await service.createSpace({ space: SPACE, name: "Bench" }, admin));
  const members = Array.from({ length: SIZES.members }, (_, i) => memberIdFor(SECRET, `m${i}`));
  const joins: CommandCall[] = members.map((member, i) => ({
    actor: membersKey,
    command: "joinMember",
    input: { member, displayName: `Member ${i}` },
  }));
  const listings: CommandCall[] = members.map((owner, i) => ({
    actor: membersKey,
    command: "registerSubject",
    input: { subject: `home-${i}`, kind: "listing", owner, name: `Home ${i}` },
  }));
  for (const outcome of await service.executeBatch(SPACE, [...joins, ...listings])) must(outcome);
  return members;
}

/**
 * The workload: stay k between guest k and host k+1, recorded by the operator, then reviewed by the
 * guest (sealed: the host may review too). Each command appends one event.
 */
function workload(members: readonly string[]) {
  let stays = 0;
  const member = (i: number) => members[i % members.length] as string;
  return {
    /** The next `n` commands (n even): record, review, record, review, … */
    next(n: number): CommandCall[] {
      const calls: CommandCall[] = [];
      for (let i = 0; i < n; i += 2) {
        const k = stays++;
        const guest = member(k);
        const host = member(k + 1);
        const interaction = `stay-${k}`;
        calls.push({
          actor: attestKey,
          command: "recordInteraction",
          input: {
            interaction,
            occurredAt: Date.now(),
            kind: "stay",
            amount: { minor: 12_000, currency: "EUR" },
            reference: `BK-${k}`,
            parties: [
              { member: guest, role: "guest", reviews: `home-${(k + 1) % members.length}` },
              { member: host, role: "host", reviews: guest },
            ],
          },
        });
        calls.push({
          actor: { kind: "member", member: guest } as Actor,
          command: "submitReview",
          input: {
            subject: `home-${(k + 1) % members.length}`,
            interaction,
            overall: 1 + (k % 5),
            text: `Stay ${k}: clean, quiet, as described.`,
          },
        });
      }
      return calls;
    },
  };
}

function must(outcome: ExecuteResult | undefined): number {
  if (outcome === undefined || !outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.events.length;
}

async function measureBackend(name: string, bench: BenchDb): Promise<void> {
  const vault = createKeyVault(new Uint8Array(randomBytes(32)));
  const signers = createSpaceLogSigners({ vault, host: "bench.example.com" });
  const service = createSpaceService({ db: bench.db, vault, signers });
  const members = await seed(service);
  const work = workload(members);
  const row = (what: string, rate: string, cpu: string, p50: string, p99: string, note: string) =>
    rows.push({ backend: name, what, rate, cpu, p50, p99, note });

  const batches = async (size: number, count: number, report = true) => {
    must((await service.executeBatch(SPACE, work.next(size)))[0]); // warm-up
    const held = (await readLogState(bench.db.kysely, SPACE)).size;
    let events = 0;
    const latencies: number[] = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let b = 0; b < count; b++) {
      const calls = work.next(size);
      const start = performance.now();
      const outcomes = await service.executeBatch(SPACE, calls);
      latencies.push(performance.now() - start);
      for (const o of outcomes) events += must(o);
    }
    const seconds = (performance.now() - started) / 1000;
    if (!report) return;
    row(
      `executeBatch of ${size} commands (${fmt(events)} events; the space held ${fmt(held)})`,
      `${fmt(events / seconds)} events/s`,
      cpuPerEvent(cpu, events),
      ms(percentile(latencies, 0.5)),
      ms(percentile(latencies, 0.99)),
      "a whole batch",
    );
  };
  // With --singles the batches run too, unreported: the single writes then meet the same space and WAL.
  await batches(100, SIZES.batches100, singlesOnly === undefined);
  await batches(500, SIZES.batches500, singlesOnly === undefined);

  for (const call of work.next(20)) must(await execute(service, call)); // warm-up
  const latencies: number[] = [];
  let events = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const call of work.next(SIZES.singles)) {
    const start = performance.now();
    events += must(await execute(service, call));
    latencies.push(performance.now() - start);
  }
  const seconds = (performance.now() - started) / 1000;
  row(
    `execute, one command per transaction (${fmt(events)} events)`,
    `${fmt(events / seconds)} events/s`,
    cpuPerEvent(cpu, events),
    ms(percentile(latencies, 0.5)),
    ms(percentile(latencies, 0.99)),
    singlesOnly === undefined
      ? "one durable write"
      : `one durable write (p99.9 ${ms(percentile(latencies, 0.999))}, max ${ms(Math.max(...latencies))})`,
  );

  // Again, on a larger space.
  if (singlesOnly === undefined) await batches(100, SIZES.batches100);

  const floor = await bench.floor(SIZES.floor);
  row(
    "floor: one-row transaction through the driver",
    `${fmt(floor.length / (floor.reduce((a, b) => a + b, 0) / 1000))} commits/s`,
    "",
    ms(percentile(floor, 0.5)),
    ms(percentile(floor, 0.99)),
    singlesOnly === undefined
      ? "one durable commit"
      : `one durable commit (p99.9 ${ms(percentile(floor, 0.999))}, max ${ms(Math.max(...floor))})`,
  );
}

function execute(service: SpaceService, call: CommandCall): Promise<ExecuteResult> {
  return service.execute(SPACE, call.actor, call.command, call.input as never);
}

/** The signing limit: Ed25519 receipts (signReceipt) per second on one core. */
function receiptSigningRate(n: number): number {
  const origin = "bench.example.com/spaces/bench";
  const signer = signerFromKey(generateKeyPair(origin).signerKey);
  const leafHash = new Uint8Array(randomBytes(32));
  const started = performance.now();
  for (let i = 0; i < n; i++) signReceipt({ origin, index: i, leafHash, time: Date.now() }, signer);
  return n / ((performance.now() - started) / 1000);
}

function cpuPerEvent(since: NodeJS.CpuUsage, events: number): string {
  const used = process.cpuUsage(since);
  return `${((used.user + used.system) / 1000 / events).toFixed(3)} ms`;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main(): Promise<void> {
  const loadBefore = loadavg().map((l) => l.toFixed(1));
  const settings: string[] = [];
  const backends: [string, () => Promise<BenchDb | string>][] = [
    ["SQLite", openSqliteBench],
    ["PostgreSQL", openPostgresBench],
  ];
  for (const [name, open] of backends) {
    if (only !== undefined && !name.toLowerCase().startsWith(only)) continue;
    const bench = await open();
    if (typeof bench === "string") {
      rows.push({
        backend: name,
        what: "skipped",
        rate: "",
        cpu: "",
        p50: "",
        p99: "",
        note: bench,
      });
      continue;
    }
    settings.push(`${name}: ${bench.durability}`);
    try {
      await measureBackend(name, bench);
    } finally {
      await bench.dispose();
    }
  }
  const signing = receiptSigningRate(quick ? 1_500 : 5_000);
  rows.push({
    backend: "either",
    what: "limit: Ed25519 signing alone (a v1 receipt note; v2 signs one per append)",
    rate: `${fmt(signing)} receipts/s`,
    cpu: `${(1000 / signing).toFixed(3)} ms`,
    p50: "",
    p99: "",
    note: "",
  });
  const loadAfter = loadavg().map((l) => l.toFixed(1));
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
  console.log(
    `Load average (1, 5, 15 min) before: ${loadBefore.join(", ")}; after: ${loadAfter.join(", ")}`,
  );
  console.log(`Durability: ${settings.join("; ")}`);
  console.log(`V8 flags: ${v8Flags()}`);
  console.log(
    singlesOnly !== undefined
      ? `Run: --singles ${singlesOnly}`
      : quick
        ? "Run: --quick"
        : "Run: full",
  );
  console.log("");
  console.log("| backend | measure | rate | CPU per event | p50 | p99 | latency of |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.backend} | ${r.what} | ${r.rate} | ${r.cpu} | ${r.p50} | ${r.p99} | ${r.note} |`,
    );
  }
}

await main();

/**
 * The V8 flags this run was started with. The server runs with bench/server-flags.ts's (as `npm start`
 * does); this in-process benchmark gets them from NODE_OPTIONS, so the run says which it had.
 */
function v8Flags(): string {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].filter(
    (f) => f.startsWith("--max-semi-space-size"),
  );
  return given.length > 0
    ? `${given.join(" ")} (as the server runs, bench/server-flags.ts)`
    : "V8's defaults (16 MiB semi-spaces; the server runs with bench/server-flags.ts's flags)";
}
