/**
 * The README's quick start, step by step, against the real server process (`node bin/fabrique.js serve`,
 * built into dist/ first when dist is older than src/): on SQLite in a temporary data folder (the admin
 * token generated and printed), and on PostgreSQL in a fresh database when FABRIQUE_TEST_DATABASE_URL's
 * server answers. The HTTP steps use fetch, the token and verify steps the CLI in process; the server
 * stops on SIGTERM with exit code 0.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, testBackends } from "../store/support/backends.js";
import { runCli } from "../support/cli.js";

const ROOT = resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The newest modification time under `dir` of files ending in `ext`. */
function newest(dir: string, ext: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(path, ext));
    else if (entry.name.endsWith(ext)) max = Math.max(max, statSync(path).mtimeMs);
  }
  return max;
}

/** Builds dist/ when a source file is newer than it (tsc emits even when a file elsewhere is mid-edit). */
async function buildIfStale(): Promise<void> {
  const main = join(ROOT, "dist/cli/main.js");
  const built = await stat(main).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= newest(join(ROOT, "src"), ".ts")) return;
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "pipe" });
  } catch {
    // Type errors elsewhere in the tree do not stop tsc from emitting; the server run below is the test.
  }
}

interface Server {
  readonly url: string;
  readonly out: () => string;
  readonly child: ChildProcess;
}

/** Starts `fabrique serve --port 0` and waits for the line saying where it listens. */
async function startServer(cwd: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, "bin/fabrique.js"), "serve", "--port", "0"], {
    cwd,
    env: { ...process.env, FABRIQUE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const url = /fabrique listening on (http:\/\/\S+)/.exec(out)?.[1];
    if (url !== undefined && /token/.test(out)) return { url, out: () => out, child };
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the server did not start:\n${out}`);
    }
    await sleep(50);
  }
}

async function api(method: string, url: string, token?: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return text.startsWith("{") ? JSON.parse(text) : text;
}

async function cli(args: readonly string[]): Promise<string> {
  const run = await runCli(args);
  if (run.code !== 0) throw new Error(`fabrique ${args.join(" ")}: ${run.code} ${run.err}`);
  return run.out.trim();
}

/** The quick start of README.md, against the server at `url`, as the platform admin `admin`. */
async function quickStart(url: string, admin: string, work: string): Promise<void> {
  const created = await api("POST", `${url}/v1/spaces`, admin, { space: "stays", name: "Stays" });
  const key = created.adminKey as string;
  const s = `${url}/v1/spaces/stays`;

  const keys = join(work, "keys");
  await cli(["token", "keygen", "--out", keys]);
  const registration = JSON.parse(await readFile(join(keys, "member-token-key.json"), "utf8"));
  await api("POST", `${s}/member-token-keys`, key, registration);

  const secret = join(keys, "member-id-secret");
  const guest = await cli(["token", "member-id", "--secret-file", secret, "--user", "guest-42"]);
  const host = await cli(["token", "member-id", "--secret-file", secret, "--user", "host-7"]);
  for (const m of [guest, host]) {
    await api("POST", `${s}/members`, key, { member: m, displayName: `member ${m}` });
  }
  await api("POST", `${s}/subjects`, key, {
    subject: "flat-7",
    kind: "listing",
    owner: host,
    name: "Flat 7",
  });
  await api("POST", `${s}/interactions`, key, {
    interaction: "stay-1",
    occurredAt: Date.now(),
    kind: "stay",
    parties: [
      { member: guest, role: "guest", reviews: "flat-7" },
      { member: host, role: "host", reviews: guest },
    ],
  });
  const jwk = join(keys, "member-token.jwk");
  const guestToken = await cli([
    "token",
    "mint",
    "--space",
    "stays",
    "--member",
    guest,
    "--key",
    jwk,
  ]);
  const hostToken = await cli([
    "token",
    "mint",
    "--space",
    "stays",
    "--member",
    host,
    "--key",
    jwk,
  ]);
  await api("POST", `${s}/reviews`, guestToken, {
    subject: "flat-7",
    interaction: "stay-1",
    overall: 5,
    text: "Bright and quiet",
  });
  expect((await api("GET", `${s}/subjects/flat-7/reviews`)).items).toEqual([]); // sealed
  const last = await api("POST", `${s}/reviews`, hostToken, {
    subject: guest,
    interaction: "stay-1",
    overall: 4,
    text: "Left it tidy",
  });
  const listing = await api("GET", `${s}/subjects/flat-7/reviews`);
  expect(listing.items.map((i: { review: { text: string } }) => i.review.text)).toEqual([
    "Bright and quiet",
  ]);
  const ofGuest = await api("GET", `${s}/subjects/${guest}/reviews`);
  expect(ofGuest.items.map((i: { review: { text: string } }) => i.review.text)).toEqual([
    "Left it tidy",
  ]);

  // The host's review was the last write (its review.submitted and both review.revealed entries): wait
  // until the sealer's checkpoint (every second) covers it.
  const size = Math.max(...(last.indices as number[])) + 1;
  const deadline = Date.now() + 20_000;
  while ((await publishedSize(s)) < size) {
    if (Date.now() > deadline) throw new Error("the checkpoint never covered the log");
    await sleep(100);
  }
  await writeFile(join(work, "key.vkey"), await api("GET", `${s}/log/key`));
  const verified = await runCli([
    "log",
    "verify",
    "--url",
    `${s}/log/`,
    "--vkey",
    join(work, "key.vkey"),
  ]);
  expect(verified.err).not.toContain("FAIL");
  expect(verified.code).toBe(0);
  expect(verified.out).toContain(`size ${size}`);
}

/** The size of the latest checkpoint, 0 while none is published (404). */
async function publishedSize(s: string): Promise<number> {
  const response = await fetch(`${s}/log/checkpoint`);
  if (response.status === 404) return 0;
  const note = await response.text();
  if (!response.ok) throw new Error(`GET checkpoint: ${response.status} ${note}`);
  return Number(note.split("\n")[1]);
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise<number | null>((r) => server.child.once("exit", (code) => r(code)));
  server.child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(server.out()).toContain("fabrique: stopped");
}

describe("the README quick start", () => {
  it("runs on SQLite, from a generated admin token to a verified log", async () => {
    await buildIfStale();
    const work = await mkdtemp(join(tmpdir(), "fabrique-quickstart-"));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    const server = await startServer(work, {
      FABRIQUE_ADMIN_TOKEN: "",
      DATABASE_URL: "",
      FABRIQUE_MASTER_KEY: "",
      FABRIQUE_DATA_DIR: "",
    });
    const admin = (await readFile(join(work, "data/admin-token"), "utf8")).trim();
    expect(server.out()).toContain(admin); // printed once, on first run
    expect((await stat(join(work, "data/admin-token"))).mode & 0o777).toBe(0o600);
    await quickStart(server.url, admin, work);
    await stopServer(server);
  }, 120_000);

  const postgres = testBackends.find((b) => b.name === "postgres");
  it.skipIf(postgres?.skipReason !== undefined)(
    `runs on PostgreSQL in a fresh database${postgres?.skipReason ? ` (skipped: ${postgres.skipReason})` : ""}`,
    async () => {
      await buildIfStale();
      const work = await mkdtemp(join(tmpdir(), "fabrique-quickstart-"));
      cleanups.push(() => rm(work, { recursive: true, force: true }));
      // A fresh database rather than a schema: the server's DATABASE_URL has no way to name a schema
      // (openStore keeps migration bookkeeping in "public"), so the database is what isolates this run.
      const database = `fabrique_e2e_${randomBytes(6).toString("hex")}`;
      await adminQuery(`create database ${database}`);
      cleanups.push(async () => {
        await adminQuery(`drop database if exists ${database} with (force)`);
      });
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${database}`;
      const admin = `fbp_${randomBytes(32).toString("hex")}`;
      const server = await startServer(work, {
        DATABASE_URL: url.toString(),
        FABRIQUE_MASTER_KEY: randomBytes(32).toString("base64"),
        FABRIQUE_ADMIN_TOKEN: admin,
        FABRIQUE_DATA_DIR: "",
      });
      await quickStart(server.url, admin, work);
      await stopServer(server);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const { rows } = await client.query("select count(*) as n from log_entries");
        expect(Number(rows[0]?.n)).toBeGreaterThan(0); // the server wrote into the fresh database
      } finally {
        await client.end();
      }
    },
    120_000,
  );
});

async function adminQuery(text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
