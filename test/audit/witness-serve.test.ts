import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitToWitnesses } from "../../src/audit/witness/submit.js";
import { signCheckpoint } from "../../src/log/checkpoint/index.js";
import { createAppender, leafHash } from "../../src/log/merkle/index.js";
import { generateKeyPair, signerFromKey } from "../../src/log/note/index.js";
import { runCli } from "../support/cli.js";
import { scratch } from "./support/static-log.js";

const ORIGIN = "example.org/serve-test";
const MAIN = resolve(process.cwd(), "src/cli/main.ts");

/** `fabrique witness serve …` in its own process (it runs until a signal). */
function serve(args: readonly string[]): { child: ChildProcess; url: Promise<string> } {
  const script = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(process.argv);`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script, "--", "fabrique", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)\/add-checkpoint/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`witness exited with ${code}: ${out}`)));
  });
  return { child, url };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveCode) => child.on("exit", (code) => resolveCode(code)));
}

describe("fabrique witness serve", () => {
  let root: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    root = await scratch();
  });
  afterAll(async () => {
    await root.remove();
  });

  it("serves add-checkpoint until SIGTERM, and keeps its state across restarts", async () => {
    const keygen = await runCli([
      "witness",
      "keygen",
      "--name",
      "w.example/serve",
      "--out",
      root.dir,
    ]);
    expect(keygen.code, keygen.err).toBe(0);
    const vkey = (keygen.out.split("\n")[2] ?? "").trim();
    const log = generateKeyPair(ORIGIN);
    const logs = join(root.dir, "logs.json");
    await writeFile(logs, JSON.stringify([{ origin: ORIGIN, vkey: log.verifierKey }]));
    const args = [
      "witness",
      "serve",
      "--key",
      join(root.dir, "w.example_serve.key"),
      "--logs",
      logs,
      "--state",
      join(root.dir, "state"),
      "--port",
      "0",
      "--prefix",
      "/w",
    ];
    const checkpointOf = (entries: readonly string[]) => {
      const appender = createAppender();
      for (const e of entries) appender.append(leafHash(Buffer.from(e)));
      const c = { origin: ORIGIN, size: entries.length, rootHash: appender.root(), extensions: [] };
      return signCheckpoint(c, [signerFromKey(log.signerKey)]);
    };
    const noProof = async () => [];

    const first = serve(args);
    const url = await first.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/w$/);
    const cosigned = await submitToWitnesses(checkpointOf(["a", "b"]), [{ vkey, url }], noProof, {
      threshold: 1,
    });
    expect(cosigned.kind).toBe("quorum");
    first.child.kill("SIGTERM");
    expect(await exited(first.child)).toBe(0);
    expect(existsSync(join(root.dir, "state", "witness.lock"))).toBe(false);

    const second = serve(args);
    const again = await second.url;
    const fork = await submitToWitnesses(
      checkpointOf(["a", "c"]),
      [{ vkey, url: again }],
      noProof,
      {
        threshold: 1,
      },
    );
    expect(fork.outcomes[0]).toMatchObject({ kind: "refused", response: { kind: "conflict" } });
    second.child.kill("SIGINT");
    expect(await exited(second.child)).toBe(0);
  });
});
