/**
 * `fabrique serve --witnesses FILE` end to end, over real HTTP: the server's sealer submits each
 * checkpoint to a tlog-witness listening on 127.0.0.1; while the witness does not know the space's log,
 * nothing is published (the checkpoint route answers 404); once the witness (restarted over its state
 * directory) knows it, the checkpoint is published with the witness's cosignature, and `audit follow
 * --witness` accepts it. A bad witness file is a usage error. SQLite only, like the other serve tests.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openWitness } from "../../src/audit/witness/witness.js";
import { createWitnessApp } from "../../src/audit/witness/witness-app.js";
import { parseWitnessedLogs } from "../../src/audit/witness/witnessed-logs.js";
import { serve } from "../../src/cli/commands/serve.js";
import { generateKeyPair } from "../../src/log/note/index.js";
import { captureIo } from "../support/capture-io.js";
import { runCli } from "../support/cli.js";
import { until } from "../support/until.js";

const ADMIN = `fbp_${"cd".repeat(32)}`;

describe("fabrique serve with witnesses", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fabrique-serve-witnessed-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function startWitnessAt(port: number, signerKey: string, logs: unknown[]) {
    const witness = await openWitness({
      signerKey,
      logs: parseWitnessedLogs(JSON.stringify(logs)),
      stateDir: join(dir, "witness"),
    });
    const app = createWitnessApp(witness);
    await app.listen({ port, host: "127.0.0.1" });
    return app;
  }

  it("publishes each checkpoint only once the witness cosigned it, and serves the cosignature", async () => {
    const keys = generateKeyPair("witness.test", "cosignature/v1");
    let witness = await startWitnessAt(0, keys.signerKey, []);
    const port = (witness.server.address() as { port: number }).port;
    const config = join(dir, "witnesses.json");
    await writeFile(
      config,
      JSON.stringify({
        threshold: 1,
        witnesses: [{ url: `http://127.0.0.1:${port}/`, vkey: keys.verifierKey }],
      }),
    );
    const io = captureIo();
    let stop: () => void = () => {};
    const stopWhen = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const done = serve(
      { port: "0", dataDir: join(dir, "data"), witnesses: config },
      io,
      { FABRIQUE_LOG_LEVEL: "silent", FABRIQUE_ADMIN_TOKEN: ADMIN },
      stopWhen,
    );
    try {
      const url = await until(
        async () => /listening on (http:\/\/\S+)/.exec(io.text())?.[1],
        15_000,
      );
      expect(io.text()).toContain("witnesses: checkpoints published once 1 of 1 witnesses cosign");
      const created = await fetch(`${url}/v1/spaces`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        body: JSON.stringify({ space: "stays", name: "Stays" }),
      });
      expect(created.status).toBe(201);
      const { logKey } = (await created.json()) as { logKey: string };
      const logUrl = `${url}/v1/spaces/stays/log/`;

      // The witness does not know this log: it refuses, so nothing is published.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await fetch(`${logUrl}checkpoint`)).status).toBe(404);

      // Restarted over its state directory, now witnessing the space's log.
      await witness.close();
      const origin = logKey.slice(0, logKey.indexOf("+"));
      witness = await startWitnessAt(port, keys.signerKey, [{ origin, vkey: logKey }]);
      const note = await until(async () => {
        const response = await fetch(`${logUrl}checkpoint`);
        return response.status === 200 ? response.text() : undefined;
      }, 15_000);
      expect(note).toMatch(/\n\n— fabrique\.local\/spaces\/stays .*\n— witness\.test /s);

      await writeFile(join(dir, "space.vkey"), logKey);
      await writeFile(join(dir, "witness.vkey"), keys.verifierKey);
      const follow = await runCli([
        "audit",
        "follow",
        "--once",
        ...["--url", logUrl, "--vkey", join(dir, "space.vkey"), "--state", join(dir, "auditor")],
        ...["--witness", join(dir, "witness.vkey")],
      ]);
      expect(follow.code, follow.out + follow.err).toBe(0);
      expect(follow.out).toMatch(
        /OK: 1 of 1 witnesses cosigned the checkpoint \(policy: 1\): witness\.test at /,
      );
    } finally {
      stop();
      await done;
      await witness.close();
    }
  }, 60_000);

  it("refuses a witness file that would not work, as a usage error", async () => {
    const config = join(dir, "witnesses.json");
    await writeFile(
      config,
      JSON.stringify({ threshold: 2, witnesses: [{ url: "ftp://x/", vkey: "k" }] }),
    );
    const run = await runCli([
      "serve",
      "--port",
      "0",
      "--data-dir",
      join(dir, "data"),
      "--witnesses",
      config,
    ]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("witness 0: ftp://x/ is not an http(s) URL");
  });
});
