/**
 * HTTP server benchmark (issue 4, "Load benchmark"). Run: `npm run build && npx tsx bench/http.ts`
 * (`--quick` for 3-second runs, `--profile DIR` for a CPU profile of the server). Prints a Markdown table for docs/benchmarks.md (## HTTP server).
 *
 * The server is the compiled CLI as installed, `node bin/fabrique.js serve`, in its own process on a free
 * port over a fresh SQLite data folder (sealer and webhook worker running, as in production; rate limits
 * raised out of the way). The load generator (autocannon, programmatic) runs in this process on the same
 * machine. The ceiling is a bare fastify route answering `{}` in a child process of its own, measured
 * the same way, first and again last (the first run shares the machine with the server's start-up); the
 * faster of the two is the ceiling and every figure is also given as a share of it. Each row also gives the server process's
 * CPU time per request (from /proc, user + system) and its ratio to the bare route's: on a machine
 * shared with other work, req/s follows the load, CPU time per request much less.
 *
 * Writes: POST /v1/spaces/{space}/reviews, review submissions with their log appends — a durable command
 * per request (domain checks, log append, projections, sealed private part, receipt signed, SQLite
 * commit). Each review must be valid (one per party per interaction), so the interactions are written
 * first, and that run is itself measured (POST …/interactions with an attest key, a fresh id per
 * request), then again with an Idempotency-Key on each request (what the key's two extra commits
 * cost). The reviews then use them in turn, as the operator's backend would send them: one API key
 * holding `relay` acting for each member with Fabrique-On-Behalf-Of (src/http/auth/relay.ts). Request k
 * reviews interaction ⌊k/2⌋: the guest rates the listing, then the host rates the guest, which reveals
 * both (the double-blind rule), so half the writes append a reveal too. The run stops when the
 * interactions are used up (autocannon's `amount`).
 *
 * Reads, after the sealer published the writes: the reputation summary of the listing (thousands of
 * revealed reviews by then; read with the operator's API key, then anonymously), the signed checkpoint
 * (also revalidated with If-None-Match: a 304 when the server gives an ETag, counted as a non-2xx), and a
 * full level-0 tile, twice: as autocannon ships (it decodes every body as UTF-8) and with the body kept
 * undecoded (bench/autocannon-bytes.ts). Each row also gives the generator's own CPU time per request:
 * on 2 cores it shows when the generator, not the server, is the bound.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { memberIdFor } from "../src/domain/ids.js";
import { withBodiesUndecoded } from "./autocannon-bytes.js";
import { SERVER_NODE_FLAGS } from "./server-flags.js";

const quick = process.argv.includes("--quick");
// `--profile DIR`: the server runs under node --cpu-prof and writes its profile to DIR when it stops.
const profileAt = process.argv.indexOf("--profile");
const profileDir = profileAt < 0 ? undefined : process.argv[profileAt + 1];
const DURATION_S = quick ? 3 : 10;
const CONNECTIONS = 32;
const BIN = resolve(process.cwd(), "bin/fabrique.js");
const ADMIN = `fbp_${randomBytes(32).toString("hex")}`;

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly duration: number;
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
  onResponse?: (status: number, body: string) => void;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
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
  const key = await json(`${s}/keys`, "POST", adminKey, {
    scopes: ["members", "attest", "read", "relay"],
  });
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
  /** CPU seconds the server process spent during the run (user + system). */
  readonly cpuS: number;
  /** CPU seconds this process (the load generator) spent during the run. */
  readonly generatorCpuS: number;
}

/**
 * CPU seconds (user + system) process `pid` has used, from /proc (Linux; NaN elsewhere). The machine
 * is shared, so req/s moves with other load; the server's CPU time per request moves much less.
 */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

/** Runs `measure` and notes the CPU time `pid` spent meanwhile. */
async function row(
  what: string,
  pid: number | undefined,
  measure: () => Promise<AutocannonResult>,
): Promise<Row> {
  const before = cpuSecondsOf(pid);
  const generatorBefore = process.cpuUsage();
  const result = await measure();
  const generator = process.cpuUsage(generatorBefore);
  return {
    what,
    result,
    cpuS: cpuSecondsOf(pid) - before,
    generatorCpuS: (generator.user + generator.system) / 1e6,
  };
}

async function run(
  url: string,
  request: AutocannonRequest,
  amount?: number,
): Promise<AutocannonResult> {
  const until = amount === undefined ? { duration: DURATION_S } : { amount };
  return autocannon({ url, connections: CONNECTIONS, ...until, requests: [request] });
}

async function main() {
  const load = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), "fabrique-bench-http-"));
  const env = {
    ...process.env,
    FABRIQUE_DATA_DIR: dataDir,
    FABRIQUE_ADMIN_TOKEN: ADMIN,
    FABRIQUE_LOG_LEVEL: "warn",
    FABRIQUE_RATE_LIMIT: "1000000000",
    FABRIQUE_RATE_LIMIT_ANONYMOUS: "1000000000",
  };
  const profile = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
  const server = startChild([...profile, ...SERVER_NODE_FLAGS, BIN, "serve", "--port", "0"], env);
  const bare = startChild([...SERVER_NODE_FLAGS, "-e", BARE], process.env);
  try {
    const base = await server.url;
    const bareUrl = await bare.url;
    const f = await setUp(base);
    const rows: Row[] = [];
    const pid = server.child.pid;
    rows.push(
      await row("bare fastify route (ceiling)", bare.child.pid, () => run(`${bareUrl}/bare`, {})),
    );

    let n = 0;
    const auth = { authorization: `Bearer ${f.key}`, "content-type": "application/json" };
    // The interactions the server answered 201 for, in order: the reviews use these (a run that stops
    // on time leaves some numbered requests unsent).
    const created: string[] = [];
    const interaction = (idempotencyKey: boolean): AutocannonRequest => ({
      method: "POST",
      path: `/v1/spaces/${f.space}/interactions`,
      headers: auth,
      setupRequest: (req) => {
        const id = `i-${process.pid}-${n++}`;
        return {
          ...req,
          headers: idempotencyKey ? { ...auth, "idempotency-key": `k-${id}` } : auth,
          body: JSON.stringify({
            interaction: id,
            occurredAt: Date.now() - 60_000,
            parties: [
              { member: f.guest, role: "guest", reviews: "flat-7" },
              { member: f.host, role: "host", reviews: f.guest },
            ],
            kind: "stay",
          }),
        };
      },
      onResponse: (status, body) => {
        if (status === 201) created.push((JSON.parse(body) as { interaction: string }).interaction);
      },
    });
    rows.push(
      await row("write: POST …/interactions (durable)", pid, () => run(base, interaction(false))),
    );
    // The same write with an Idempotency-Key (a fresh key per request): the claim before the write and
    // the stored answer after it are two more commits (src/http/plugins/idempotency.ts).
    rows.push(
      await row("write: POST …/interactions with Idempotency-Key", pid, () =>
        run(base, interaction(true)),
      ),
    );
    const interactions = created.length;
    let k = 0;
    rows.push(
      await row("write: POST …/reviews (durable, relayed)", pid, () =>
        run(
          base,
          {
            method: "POST",
            path: `/v1/spaces/${f.space}/reviews`,
            headers: auth,
            setupRequest: (req) => {
              const i = Math.floor(k / 2);
              const byGuest = k++ % 2 === 0;
              return {
                ...req,
                headers: { ...auth, "fabrique-on-behalf-of": byGuest ? f.guest : f.host },
                body: JSON.stringify({
                  subject: byGuest ? "flat-7" : f.guest,
                  interaction: created[i],
                  overall: 1 + (i % 5),
                  text: byGuest ? "Quiet flat, as described." : "A considerate guest.",
                }),
              };
            },
          },
          2 * interactions,
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 2500)); // the sealer publishes what was written
    const read = { authorization: `Bearer ${f.key}` };
    rows.push(
      await row("read: GET …/subjects/{id}/summary", pid, () =>
        run(base, {
          path: `/v1/spaces/${f.space}/subjects/flat-7/summary`,
          headers: read,
        }),
      ),
    );
    // The same summary without a credential, as the public reads it (issue 4: public, unauthenticated
    // reads): what the key's authentication adds to the row above.
    rows.push(
      await row("read: GET …/subjects/{id}/summary, anonymous", pid, () =>
        run(base, { path: `/v1/spaces/${f.space}/subjects/flat-7/summary` }),
      ),
    );
    rows.push(
      await row("read: GET …/log/checkpoint", pid, () =>
        run(base, { path: `/v1/spaces/${f.space}/log/checkpoint` }),
      ),
    );
    // A poller that already holds the checkpoint revalidates it: 304 Not Modified, no body.
    const checkpointUrl = `${base}/v1/spaces/${f.space}/log/checkpoint`;
    const etag = (await fetch(checkpointUrl)).headers.get("etag");
    rows.push(
      await row("read: GET …/log/checkpoint, If-None-Match (304)", pid, () =>
        run(base, {
          path: `/v1/spaces/${f.space}/log/checkpoint`,
          headers: etag === null ? {} : { "if-none-match": etag },
        }),
      ),
    );
    rows.push(
      await row("read: GET …/log/tile/0/000 (full tile)", pid, () =>
        run(base, { path: `/v1/spaces/${f.space}/log/tile/0/000` }),
      ),
    );
    // The same tile with the generator keeping the bytes undecoded (bench/autocannon-bytes.ts): the
    // row above is bound by autocannon decoding 8 KiB of hashes as UTF-8, not by the server.
    rows.push(
      await row(
        "read: GET …/log/tile/0/000 (full tile), body not decoded by the generator",
        pid,
        () =>
          withBodiesUndecoded(() => run(base, { path: `/v1/spaces/${f.space}/log/tile/0/000` })),
      ),
    );
    // The ceiling again, last: the first run shares the machine with the server's start-up work.
    rows.push(
      await row("bare fastify route (ceiling, again at the end)", bare.child.pid, () =>
        run(`${bareUrl}/bare`, {}),
      ),
    );
    print(rows, load);
  } finally {
    const stopped = new Promise((r) => server.child.once("exit", r));
    server.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Server CPU microseconds per request answered in a row. */
function cpuPerRequest(r: Row): number {
  return (r.cpuS * 1e6) / Math.max(1, r.result.requests.total);
}

/** The load generator's CPU microseconds per request: when it nears 1 s / req/s, it is the bound. */
function generatorCpuPerRequest(r: Row): number {
  return (r.generatorCpuS * 1e6) / Math.max(1, r.result.requests.total);
}

function print(rows: readonly Row[], load: readonly number[]) {
  // The ceiling is the faster of the two bare runs (first and last row), and its CPU time per request.
  const bares = [rows[0], rows[rows.length - 1]].filter((r) => r !== undefined);
  const best = bares.reduce((a, b) =>
    b.result.requests.average > a.result.requests.average ? b : a,
  );
  const ceiling = best.result.requests.average;
  const after = loadavg();
  console.log(
    `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}; ${CONNECTIONS} connections, ${DURATION_S} s per row; load average before ${load.map((l) => l.toFixed(2)).join(" ")}, after ${after.map((l) => l.toFixed(2)).join(" ")}\n`,
  );
  const ceilingCpu = cpuPerRequest(best);
  console.log(
    "| Request | requests | req/s | p50 ms | p99 ms | share of ceiling | server CPU µs/req | CPU ratio to ceiling | generator CPU µs/req | non-2xx / errors |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const { result: a } = r;
    const share = `${((a.requests.average / ceiling) * 100).toFixed(1)} %`;
    const cpu = cpuPerRequest(r);
    console.log(
      `| ${r.what} | ${a.requests.total.toLocaleString("en")} | ${Math.round(a.requests.average).toLocaleString("en")} | ${a.latency.p50} | ${a.latency.p99} | ${share} | ${Math.round(cpu)} | ${(cpu / ceilingCpu).toFixed(1)}× | ${Math.round(generatorCpuPerRequest(r))} | ${a.non2xx} / ${a.errors + a.timeouts} |`,
    );
  }
}

await main();
