/**
 * Audit benchmark (issue 8, "Auditing the auditors"). Run: `npm run build && npx tsx bench/audit.ts`
 * (add `--quick` for a log ten times smaller). Prints a Markdown table for docs/benchmarks.md.
 *
 * The log is built with the CLI (`fabrique log append` of 1,000,000 short lines), served over HTTP by a
 * plain node:http static file server in this process, and followed by `fabrique audit follow --once` in
 * its own process: fetch the checkpoint, download every tile and entry bundle, authenticate each one
 * against the checkpoint (createTileReader), write the mirror. The mirror is then checked with
 * `fabrique log verify --dir`, and a second follow after 10,000 more entries measures the incremental
 * cost (consistency proof + new tiles only). Every CLI run is a whole process of the compiled CLI
 * (bin/fabrique.js over dist/, as installed), so each figure includes the process's startup, which is
 * measured on its own first (`fabrique --help`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, normalize, resolve } from "node:path";

const quick = process.argv.includes("--quick");
const ENTRIES = quick ? 100_000 : 1_000_000;
const MORE = 10_000;
const BIN = resolve(process.cwd(), "bin/fabrique.js");

interface Row {
  readonly what: string;
  readonly value: string;
  readonly rate?: string;
  readonly target?: string;
}

/** Runs the CLI in its own process; resolves with its stdout, or rejects on a non-zero exit. */
function fabrique(args: readonly string[]): Promise<{ out: string; seconds: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.on("exit", (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code === 0) resolveRun({ out, seconds });
      else reject(new Error(`fabrique ${args.join(" ")} exited with ${code}:\n${err}`));
    });
  });
}

/** A static file server over `dir` (what any web host of a static log does). */
async function serveDirectory(dir: string) {
  let requests = 0;
  const server = createServer(async (req, res) => {
    requests += 1;
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const body = await readFile(join(dir, path)).catch(() => undefined);
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function lines(count: number, from: number): string {
  return Array.from({ length: count }, (_, i) => `line ${from + i}`).join("\n");
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .length;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "fabrique-bench-audit-"));
  const rows: Row[] = [];
  try {
    const keys = join(dir, "keys");
    const key = join(keys, "bench.example_audit.key");
    const vkey = join(keys, "bench.example_audit.vkey");
    const site = join(dir, "site");
    const state = join(dir, "state");
    const startup = await fabrique(["--help"]);
    rows.push({
      what: "process startup: `fabrique --help`",
      value: `${startup.seconds.toFixed(2)} s`,
    });
    await fabrique(["log", "keygen", "--origin", "bench.example/audit", "--out", keys]);
    writeFileSync(join(dir, "lines.txt"), lines(ENTRIES, 0));
    const built = await fabrique([
      "log",
      "append",
      "--dir",
      site,
      "--key",
      key,
      "--file",
      join(dir, "lines.txt"),
    ]);
    rows.push({
      what: `build the log: \`fabrique log append\` of ${fmt(ENTRIES)} short lines`,
      value: `${built.seconds.toFixed(1)} s`,
    });

    const server = await serveDirectory(site);
    try {
      const follow = [
        "audit",
        "follow",
        "--url",
        server.url,
        "--vkey",
        vkey,
        "--state",
        state,
        "--once",
      ];
      const first = await fabrique([...follow, "--json"]);
      const report = JSON.parse(first.out) as {
        status: string;
        mirrored: { tiles: number; bundles: number };
      };
      if (report.status !== "first") throw new Error(`unexpected first follow: ${first.out}`);
      rows.push({
        what: `\`fabrique audit follow --once\` of a ${fmt(ENTRIES)}-entry log over HTTP: mirror and authenticate ${fmt(report.mirrored.tiles)} tiles and ${fmt(report.mirrored.bundles)} entry bundles (${fmt(server.requests())} requests), whole process`,
        value: `${first.seconds.toFixed(1)} s`,
        rate: `${fmt(ENTRIES / first.seconds)} entries/s`,
        target: "< 60 s",
      });

      const verified = await fabrique([
        "log",
        "verify",
        "--dir",
        join(state, "mirror"),
        "--vkey",
        vkey,
      ]);
      if (countFiles(site) !== countFiles(join(state, "mirror"))) {
        throw new Error("the mirror does not hold the same files as the log");
      }
      rows.push({
        what: "`fabrique log verify --dir` of the mirror (same files as the log)",
        value: `${verified.seconds.toFixed(1)} s`,
      });

      writeFileSync(join(dir, "more.txt"), lines(MORE, ENTRIES));
      await fabrique([
        "log",
        "append",
        "--dir",
        site,
        "--key",
        key,
        "--file",
        join(dir, "more.txt"),
      ]);
      const before = server.requests();
      const second = await fabrique([...follow, "--json"]);
      const grew = JSON.parse(second.out) as { status: string; provenConsistentWith: number };
      if (grew.status !== "grew") throw new Error(`unexpected second follow: ${second.out}`);
      rows.push({
        what: `incremental \`audit follow --once\` after ${fmt(MORE)} more entries (consistency proof + new tiles only, ${fmt(server.requests() - before)} requests), whole process`,
        value: `${second.seconds.toFixed(1)} s`,
      });

      const unchanged = await fabrique(follow);
      rows.push({
        what: "`audit follow --once` when nothing changed (one request), whole process",
        value: `${unchanged.seconds.toFixed(2)} s`,
      });
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
  console.log(`Load average at the end (1, 5, 15 min): ${load.join(", ")}`);
  console.log("");
  console.log("| measure | result | rate | target |");
  console.log("|---|---|---|---|");
  for (const r of rows)
    console.log(`| ${r.what} | ${r.value} | ${r.rate ?? ""} | ${r.target ?? ""} |`);
}

await main();
