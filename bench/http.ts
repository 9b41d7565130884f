/**
 * HTTP server benchmark (issue 4, "Load benchmark"). Run: `npm run build && npx tsx bench/http.ts`
 * (`--quick` for 3-second runs). Prints a Markdown table for docs/benchmarks.md (## HTTP server).
 *
 * The server is the compiled CLI as installed, `node bin/fabrique.js serve`, in its own process on a free
 * port over a fresh SQLite data folder (sealer and webhook worker running, as in production; rate limits
 * raised out of the way). The load generator (autocannon, programmatic) runs in this process on the same
 * machine. The ceiling is a bare fastify route answering `{}` in a child process of its own, measured
 * the same way; every figure is also given as a share of it.
 *
 * Writes: POST /v1/spaces/{space}/interactions with an attest API key, a fresh interaction id per
 * request — a durable command (log append, projections, private part, receipt signed, SQLite commit)
 * per request. Reviews are not used as the write: a member may leave one review per subject and
 * interaction, so a review load needs a fresh member, token and interaction per request, which would
 * measure the set-up rather than the route. Reads: the reputation summary of a subject, the signed
 * checkpoint, and a full level-0 tile.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { memberIdFor } from "../src/domain/ids.js";

const quick = process.argv.includes("--quick");
const DURATION_S = quick ? 3 : 10;
const CONNECTIONS = 32;
const BIN = resolve(process.cwd(), "bin/fabrique.js");
const ADMIN = `fbp_${randomBytes(32).toString("hex")}`;

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  requests?: AutocannonRequest[];
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** Starts `node args…` and resolves with the URL it prints ("listening on http://…"). */
function startChild(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const url = new Promise<string>((ok, fail) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(out);
      if (m?.[1] !== undefined) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`child exited with ${code}: ${err}`)));
  });
  return { child, url };
}

const BARE = `
const fastify = require(${JSON.stringify(createRequire(import.meta.url).resolve("fastify"))})({ logger: false });
fastify.get("/bare", async () => ({}));
fastify.listen({ port: 0, host: "127.0.0.1" }).then((u) => console.log("listening on " + u));
`;

async function json(url: string, method: string, token: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

const MEMBER_SECRET = new Uint8Array(randomBytes(32));

function memberId(name: string): string {
  return memberIdFor(MEMBER_SECRET, name);
}

async function setUp(base: string) {
  const space = "bench";
  const created = await json(`${base}/v1/spaces`, "POST", ADMIN, { space, name: "Bench" });
  const adminKey: string = created.adminKey;
  const s = `${base}/v1/spaces/${space}`;
  const key = await json(`${s}/keys`, "POST", adminKey, { scopes: ["members", "attest", "read"] });
  const guest = memberId("guest");
  const host = memberId("host");
  for (const member of [guest, host]) {
    await json(`${s}/members`, "POST", key.key, { member, displayName: "M" });
  }
  await json(`${s}/subjects`, "POST", key.key, {
    subject: "flat-7",
    kind: "listing",
    owner: host,
    name: "Flat 7",
  });
  return { space, key: key.key as string, guest, host };
}

interface Row {
  readonly what: string;
  readonly result: AutocannonResult;
}

async function run(url: string, request: AutocannonRequest): Promise<AutocannonResult> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests: [request] });
}

async function main() {
  const load = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), "fabrique-bench-http-"));
  const env = {
    ...process.env,
    FABRIQUE_DATA_DIR: dataDir,
    FABRIQUE_ADMIN_TOKEN: ADMIN,
    FABRIQUE_LOG_LEVEL: "warn",
    FABRIQUE_RATE_LIMIT: "1000000",
    FABRIQUE_RATE_LIMIT_ANONYMOUS: "1000000",
  };
  const server = startChild([BIN, "serve", "--port", "0"], env);
  const bare = startChild(["-e", BARE], process.env);
  try {
    const base = await server.url;
    const bareUrl = await bare.url;
    const f = await setUp(base);
    const rows: Row[] = [];
    rows.push({ what: "bare fastify route (ceiling)", result: await run(`${bareUrl}/bare`, {}) });

    let n = 0;
    const auth = { authorization: `Bearer ${f.key}`, "content-type": "application/json" };
    rows.push({
      what: "write: POST …/interactions (durable)",
      result: await run(base, {
        method: "POST",
        path: `/v1/spaces/${f.space}/interactions`,
        headers: auth,
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            interaction: `i-${process.pid}-${n++}`,
            occurredAt: Date.now() - 60_000,
            parties: [
              { member: f.guest, role: "guest", reviews: "flat-7" },
              { member: f.host, role: "host", reviews: f.guest },
            ],
            kind: "stay",
          }),
        }),
      }),
    });
    await new Promise((r) => setTimeout(r, 2500)); // the sealer publishes what was written
    const read = { authorization: `Bearer ${f.key}` };
    rows.push({
      what: "read: GET …/subjects/{id}/summary",
      result: await run(base, {
        path: `/v1/spaces/${f.space}/subjects/flat-7/summary`,
        headers: read,
      }),
    });
    rows.push({
      what: "read: GET …/log/checkpoint",
      result: await run(base, { path: `/v1/spaces/${f.space}/log/checkpoint` }),
    });
    rows.push({
      what: "read: GET …/log/tile/0/000 (full tile)",
      result: await run(base, { path: `/v1/spaces/${f.space}/log/tile/0/000` }),
    });
    print(rows, load);
  } finally {
    server.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(rows: readonly Row[], load: readonly number[]) {
  const ceiling = rows[0]?.result.requests.average ?? 1;
  const after = loadavg();
  console.log(
    `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}; ${CONNECTIONS} connections, ${DURATION_S} s per row; load average before ${load.map((l) => l.toFixed(2)).join(" ")}, after ${after.map((l) => l.toFixed(2)).join(" ")}\n`,
  );
  console.log("| Request | req/s | p50 ms | p99 ms | share of ceiling | non-2xx / errors |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const { what, result: r } of rows) {
    const share = `${((r.requests.average / ceiling) * 100).toFixed(0)} %`;
    console.log(
      `| ${what} | ${Math.round(r.requests.average).toLocaleString("en")} | ${r.latency.p50} | ${r.latency.p99} | ${share} | ${r.non2xx} / ${r.errors + r.timeouts} |`,
    );
  }
}

await main();
