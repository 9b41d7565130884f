/**
 * Member export benchmark (issue 6: "exports of a member with 10,000 records take < 2 s; the archive is
 * streamed, not held in memory"). Run: `npx tsx bench/export.ts` (`--quick` for a smaller space,
 * `--backend sqlite` or `--backend postgres` for one backend only; `--live-heap`, run as
 * `node --expose-gc --import tsx bench/export.ts --live-heap`, collects garbage at every heap sample so
 * the peak is what the export holds, not how far V8 let garbage grow; the time columns then measure
 * mostly those collections, ten times the export's own). Prints a Markdown table for
 * docs/benchmarks.md.
 *
 * The space: the exported member (M) with RECORDS records of their own — stays attested with them and
 * their review of each (each one log entry with a receipt and an inclusion proof in the archive, and a
 * private part with a retention date) — among OTHERS other members who interact and review each other,
 * so the log and the trust evidence are not M's alone. Seeded through the real space service.
 *
 * What is measured, RUNS times each: prepareMemberExport + writeMemberExport (the whole export: seal,
 * every file, the scores over the whole space, the stored receipts, proofs, schemas, README, signed
 * manifest) into a sink that discards the bytes (the export's own cost) and into a file on disk; wall
 * time, CPU time of this process, the peak of V8's heap above what it held before (sampled every 5 ms),
 * the archive's size and the uncompressed bytes of its files. Where the time goes comes from the
 * export's own progress reports (when each file was done). The space is sealed before timing, as the
 * sealer of a running server keeps it.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import pg from "pg";
import type { OperatorActor } from "../src/domain/actor.js";
import { memberIdFor } from "../src/domain/ids.js";
import { writableSink } from "../src/store/archive/zip-writer.js";
import type { Database } from "../src/store/database.js";
import { createKeyVault } from "../src/store/keys/key-vault.js";
import { createSpaceLogSigners, type SpaceLogSigners } from "../src/store/log/space-log-signer.js";
import {
  type ExportSummary,
  prepareMemberExport,
  writeMemberExport,
} from "../src/store/member-export/export-member.js";
import { migrateToLatest } from "../src/store/migrations.js";
import { openPostgres } from "../src/store/postgres/open-postgres.js";
import { sealSpace } from "../src/store/sealer/seal-space.js";
import type { CommandCall } from "../src/store/space/commands.js";
import { createSpaceService, type SpaceService } from "../src/store/space/service.js";
import { openSqlite } from "../src/store/sqlite/open-sqlite.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.includes("--backend") ? argv[argv.indexOf("--backend") + 1] : undefined;
const liveHeap = argv.includes("--live-heap");
if (liveHeap && globalThis.gc === undefined) {
  throw new Error(
    "--live-heap needs node --expose-gc (node --expose-gc --import tsx bench/export.ts)",
  );
}
const POSTGRES_URL =
  process.env.FABRIQUE_BENCH_DATABASE_URL ??
  process.env.FABRIQUE_TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

/** M's own records: one member record, STAYS stays and STAYS - 1 reviews of them. */
const STAYS = quick ? 1_000 : 5_000;
const RECORDS = 2 * STAYS;
const OTHERS = quick ? 100 : 500;
const OTHER_STAYS = quick ? 1_000 : 5_000;
const RUNS = quick ? 2 : 3;
const SPACE = "bench-export";
const SECRET = new Uint8Array(32).fill(6);
const operator: OperatorActor = { kind: "operator", key: "k-admin", scopes: ["admin"] };

interface Row {
  readonly backend: string;
  readonly sink: string;
  readonly wall: string;
  readonly cpu: string;
  readonly heap: string;
  readonly size: string;
  readonly note: string;
}
const rows: Row[] = [];
const phases: string[] = [];

async function main(): Promise<void> {
  console.error(
    `cpus ${cpus().length}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  if (only === undefined || only === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "fabrique-bench-export-"));
    const db = await openSqlite({ dataDir: dir });
    try {
      await measure("SQLite", db, dir);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (only === undefined || only === "postgres") await postgres();
  console.log(table());
  console.log(`\n${phases.join("\n")}`);
  console.error(
    `load after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

async function postgres(): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (e) {
    rows.push({
      backend: "PostgreSQL",
      sink: "—",
      wall: "—",
      cpu: "—",
      heap: "—",
      size: "—",
      note: `no server (${(e as Error).message})`,
    });
    return;
  }
  const schema = `fabrique_bench_${randomBytes(6).toString("hex")}`;
  await admin.query(`create schema ${schema}`);
  const db = await openPostgres({ url: POSTGRES_URL, schema });
  const dir = mkdtempSync(join(tmpdir(), "fabrique-bench-export-"));
  try {
    await measure("PostgreSQL", db, dir);
  } finally {
    await db.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(backend: string, db: Database, dir: string): Promise<void> {
  await migrateToLatest(db);
  const vault = createKeyVault(randomBytes(32));
  const signers = createSpaceLogSigners({ vault, host: "bench.example" });
  const service = createSpaceService({ db, vault, signers });
  const started = performance.now();
  const member = await seed(service);
  await sealSpace(db, signers, SPACE);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(`${backend}: seeded in ${seconds} s, the member holds ${RECORDS} records`);
  for (const sink of ["discard", "file"] as const) {
    const runs: Measured[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await exportOnce(db, signers, member, sink, dir));
    const walls = runs.map((r) => r.wallMs);
    const last = runs.at(-1) as Measured;
    rows.push({
      backend,
      sink,
      wall: `${fmt(median(walls))} ms (max ${fmt(Math.max(...walls))})`,
      cpu: `${fmt(median(runs.map((r) => r.cpuMs)))} ms`,
      heap: `${fmt(Math.max(...runs.map((r) => r.heapPeakMb)))} MB`,
      size: `${fmt(last.summary.bytes / 1e6)} MB (${fmt(last.rawBytes / 1e6)} MB of files)`,
      note: `${last.summary.records} records, ${last.summary.logEntries} log entries with receipts and proofs`,
    });
    if (sink === "discard") phases.push(`${backend}, one export: ${last.phases}`);
  }
}

/** M, OTHERS members with one listing each, stays among them, and M's stays with their reviews. */
async function seed(service: SpaceService): Promise<string> {
  must(await service.createSpace({ space: SPACE, name: "Export bench" }, operator));
  const member = memberIdFor(SECRET, "exported");
  const others = Array.from({ length: OTHERS }, (_, i) => memberIdFor(SECRET, `o${i}`));
  const setup: CommandCall[] = [member, ...others].flatMap((m, i) => [
    { actor: operator, command: "joinMember", input: { member: m, displayName: `Member ${i}` } },
    {
      actor: operator,
      command: "registerSubject",
      input: { subject: `home-${i}`, kind: "listing", owner: m, name: `Home ${i}` },
    },
  ]);
  await batches(service, setup);
  const now = Date.now() - 3_600_000;
  const stay = (id: string, guest: string, home: number): CommandCall => ({
    actor: operator,
    command: "recordInteraction",
    input: {
      interaction: id,
      occurredAt: now,
      parties: [{ member: guest, role: "guest", reviews: `home-${home}` }],
    },
  });
  const review = (id: string, guest: string, home: number, overall: number): CommandCall => ({
    actor: { kind: "member", member: guest },
    command: "submitReview",
    input: {
      subject: `home-${home}`,
      interaction: id,
      overall,
      text: `Stay ${id}: quiet street, kind host, would come back.`,
    },
  });
  const calls: CommandCall[] = [];
  for (let i = 0; i < STAYS; i++) {
    calls.push(stay(`m-${i}`, member, 1 + (i % OTHERS)));
    if (i < STAYS - 1) calls.push(review(`m-${i}`, member, 1 + (i % OTHERS), 3 + (i % 3)));
  }
  for (let i = 0; i < OTHER_STAYS; i++) {
    const guest = others[i % OTHERS] as string;
    const home = 1 + ((i * 7 + 3) % OTHERS);
    calls.push(stay(`o-${i}`, guest, home), review(`o-${i}`, guest, home, 1 + (i % 5)));
  }
  await batches(service, calls);
  return member;
}

async function batches(service: SpaceService, calls: readonly CommandCall[]): Promise<void> {
  for (let i = 0; i < calls.length; i += 500) {
    for (const outcome of await service.executeBatch(SPACE, calls.slice(i, i + 500))) must(outcome);
  }
}

interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly heapPeakMb: number;
  readonly rawBytes: number;
  readonly summary: ExportSummary;
  readonly phases: string;
}

async function exportOnce(
  db: Database,
  signers: SpaceLogSigners,
  member: string,
  sink: "discard" | "file",
  dir: string,
): Promise<Measured> {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  // Sampled every 5 ms; with --live-heap every 50 ms after a full collection (times not the export's).
  const sampler = setInterval(
    () => {
      if (liveHeap) globalThis.gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    },
    liveHeap ? 50 : 5,
  );
  const cpu = process.cpuUsage();
  const start = performance.now();
  const done = new Map<string, number>();
  let out: Writable;
  if (sink === "file") {
    out = createWriteStream(join(dir, "export.zip"));
  } else {
    out = new Writable({ write: (_chunk, _encoding, next) => next() });
  }
  const prepared = await prepareMemberExport(
    { db, signers },
    { space: SPACE, member, scope: "full", accessor: "cli", resource: "bench/export.ts" },
  );
  const prepareMs = performance.now() - start;
  const summary = await writeMemberExport(prepared, writableSink(out), (file) => {
    done.set(file, performance.now() - start);
  });
  out.end();
  await finished(out);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  let previous = prepareMs;
  const parts = [`prepare (checks, latest checkpoint, access log) ${fmt(prepareMs)} ms`];
  for (const [file, at] of done) {
    parts.push(`${file} ${fmt(at - previous)} ms`);
    previous = at;
  }
  parts.push(`schemas, README, manifest ${fmt(wallMs - previous)} ms`);
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    heapPeakMb: (peak - base) / 1e6,
    rawBytes: summary.contentBytes,
    summary,
    phases: parts.join("; "),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function must(outcome: { ok: boolean; error?: { message: string } }): void {
  if (!outcome.ok) throw new Error(outcome.error?.message ?? "refused");
}

function table(): string {
  const head = `| backend | sink | wall time (median of runs) | CPU | ${liveHeap ? "live heap peak above start (collected at each sample)" : "heap peak above start"} | archive | what |`;
  const line = "|---|---|---|---|---|---|---|";
  return [
    head,
    line,
    ...rows.map(
      (r) =>
        `| ${r.backend} | ${r.sink} | ${r.wall} | ${r.cpu} | ${r.heap} | ${r.size} | ${r.note} |`,
    ),
  ].join("\n");
}

await main();
