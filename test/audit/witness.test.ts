import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Checkpoint, signCheckpoint } from "../../src/log/checkpoint/index.js";
import { decodeBase64Strict } from "../../src/log/encoding/base64.js";
import {
  generateKeyPair,
  parseVerifierKey,
  signerFromKey,
  verifierFromKey,
} from "../../src/log/note/index.js";
import {
  formatAddCheckpointRequest,
  MAX_ADD_CHECKPOINT_REQUEST_SIZE,
  parseCosignatureLines,
  TLOG_SIZE_CONTENT_TYPE,
  verifyCosignatures,
} from "../../src/log/witness/index.js";
import { runCli } from "../support/cli.js";
import { scratch } from "./support/static-log.js";
import { startWitness, submit, type TestWitness } from "./support/witness.js";

const SHARED = resolve(process.cwd(), "../shared/vectors");
const haveVectors = existsSync(SHARED);

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
}

async function vector<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(SHARED, path), "utf8")) as T;
}

const NOW = 1_800_000_000;

describe.skipIf(!haveVectors)("fabrique witness: add-checkpoint (c2sp.org/tlog-witness)", () => {
  let root: { dir: string; remove: () => Promise<void> };
  let logVkey: string;
  let logSkey: string;
  let sixToEight: ConsistencyVector;
  let badSixToEight: ConsistencyVector;
  let opened: TestWitness[] = [];
  let n = 0;

  beforeAll(async () => {
    if (!haveVectors) return;
    root = await scratch();
    // The transparency-dev/formats test log key, and the RFC 6962 classic 8-leaf tree's vectors.
    const keys = await vector<{ logVkey: string; logSkey: string }>("note/notes.json").then(
      (v) => (v as unknown as Record<string, { logVkey: string; logSkey: string }>).formatsKeys,
    );
    logVkey = keys?.logVkey ?? "";
    logSkey = keys?.logSkey ?? "";
    sixToEight = await vector("merkle/consistency/2/happy-path.json");
    badSixToEight = await vector("merkle/consistency/2/modified-proof@0-bit-@4.json");
  });
  afterEach(async () => {
    await Promise.all(opened.map((w) => w.app.close()));
    opened = [];
  });
  afterAll(async () => {
    await root?.remove();
  });

  async function witness(stateDir = join(root.dir, `state-${n++}`), extraLogs: object[] = []) {
    const w = await startWitness({
      logs: [
        { origin: "Log", vkey: logVkey },
        ...(extraLogs as { origin: string; vkey: string }[]),
      ],
      stateDir,
      clock: () => NOW,
    });
    opened.push(w);
    return { ...w, stateDir };
  }

  function checkpoint(size: number, root: string, skey = logSkey, origin = "Log"): string {
    const c: Checkpoint = { origin, size, rootHash: decodeBase64Strict(root), extensions: [] };
    return signCheckpoint(c, [signerFromKey(skey)]);
  }

  function request(oldSize: number, signed: string, proof: readonly string[] = []): string {
    return formatAddCheckpointRequest({
      oldSize,
      consistencyProof: proof.map((p) => decodeBase64Strict(p)),
      checkpoint: signed,
    });
  }

  it("cosigns a first checkpoint, then one proven consistent with it", async () => {
    const w = await witness();
    const six = checkpoint(6, sixToEight.root1);
    const first = await submit(w.app, request(0, six));
    expect(first.status, first.body).toBe(200);
    const text = six.slice(0, six.indexOf("\n\n") + 1);
    const verifier = verifierFromKey(w.verifierKey);
    const [cosignature] = verifyCosignatures(text, parseCosignatureLines(first.body), [verifier]);
    expect(cosignature?.timestamp).toBe(NOW);

    const eight = checkpoint(8, sixToEight.root2);
    const second = await submit(w.app, request(6, eight, sixToEight.proof ?? []));
    expect(second.status, second.body).toBe(200);
    expect(second.body).toMatch(/^— witness\.example\/w1 [A-Za-z0-9+/=]+\n$/);
  });

  it("cosigns a real sum.golang.org checkpoint, whose origin is not its key name", async () => {
    const golang = await vector<Record<string, { vkey: string; signed: string }>>(
      "note/notes.json",
    ).then((v) => v.sumGolangOrg);
    const w = await witness(undefined, [{ origin: "go.sum database tree", vkey: golang?.vkey }]);
    const run = await submit(w.app, request(0, golang?.signed ?? ""));
    expect(run.status, run.body).toBe(200);
  });

  it("answers 403 when no trusted key signed, 404 for an unknown origin, 400 for bad bodies", async () => {
    const w = await witness();
    const impostor = generateKeyPair("Log").signerKey;
    const forged = await submit(w.app, request(0, checkpoint(6, sixToEight.root1, impostor)));
    expect(forged.status).toBe(403);
    const tampered = checkpoint(6, sixToEight.root1).replace("\n6\n", "\n7\n");
    expect((await submit(w.app, request(0, tampered))).status).toBe(403);
    const other = generateKeyPair("Other").signerKey;
    const unknown = await submit(
      w.app,
      request(0, checkpoint(6, sixToEight.root1, other, "Other")),
    );
    expect(unknown.status).toBe(404);
    expect((await submit(w.app, request(7, checkpoint(6, sixToEight.root1)))).status).toBe(400);
    expect((await submit(w.app, "old 0\nnot a proof\n\nLog\n")).status).toBe(400);
    expect((await submit(w.app, "")).status).toBe(400);
    // Nothing was cosigned: a first checkpoint still needs old size 0.
    expect((await submit(w.app, request(0, checkpoint(6, sixToEight.root1)))).status).toBe(200);
  });

  it("answers 409 text/x.tlog.size with its latest size when the old size is wrong", async () => {
    const w = await witness();
    expect((await submit(w.app, request(0, checkpoint(6, sixToEight.root1)))).status).toBe(200);
    const stale = await submit(w.app, request(0, checkpoint(8, sixToEight.root2)));
    expect(stale.status).toBe(409);
    expect(stale.contentType).toBe(TLOG_SIZE_CONTENT_TYPE);
    expect(stale.body).toBe("6\n");
  });

  it("answers 422 for a consistency proof that does not verify, and cosigns nothing", async () => {
    const w = await witness();
    expect((await submit(w.app, request(0, checkpoint(6, sixToEight.root1)))).status).toBe(200);
    const eight = checkpoint(8, sixToEight.root2);
    expect((await submit(w.app, request(6, eight, badSixToEight.proof ?? []))).status).toBe(422);
    expect((await submit(w.app, request(6, eight, []))).status).toBe(422);
    expect((await submit(w.app, request(6, eight, sixToEight.proof ?? []))).status).toBe(200);
  });

  it("refuses a fork (same size, another root) with 409, keeps evidence, and still does after a restart", async () => {
    const stateDir = join(root.dir, `state-${n++}`);
    const w = await witness(stateDir);
    expect((await submit(w.app, request(0, checkpoint(6, sixToEight.root1)))).status).toBe(200);
    const fork = checkpoint(6, sixToEight.root2);
    const refused = await submit(w.app, request(6, fork));
    expect(refused.status).toBe(409);
    expect(refused.contentType).not.toContain(TLOG_SIZE_CONTENT_TYPE);
    expect((await submit(w.app, request(6, fork))).status).toBe(409);
    const kept = await readdir(join(stateDir, "evidence"));
    expect(kept).toHaveLength(1); // the same fork twice is one piece of evidence
    const [evidence] = kept;
    expect(await readFile(join(stateDir, "evidence", evidence ?? ""), "utf8")).toContain(
      fork.trimEnd(),
    );
    // Re-submitting the cosigned checkpoint is fine (same size, same root).
    expect((await submit(w.app, request(6, checkpoint(6, sixToEight.root1)))).status).toBe(200);

    await w.app.close();
    opened = [];
    const again = await witness(stateDir);
    expect((await submit(again.app, request(6, fork))).status).toBe(409);
    const size = await submit(again.app, request(0, checkpoint(8, sixToEight.root2)));
    expect([size.status, size.body]).toEqual([409, "6\n"]);
  });

  it("refuses a second witness over the same state directory", async () => {
    const w = await witness();
    await expect(witness(w.stateDir)).rejects.toThrow(/in use by witness process/);
  });

  it("lets one of many concurrent submissions win, never two different roots", async () => {
    const w = await witness();
    const roots = [sixToEight.root1, sixToEight.root2, badSixToEight.root1, badSixToEight.root2];
    const answers = await Promise.all(
      roots.flatMap((r) => [r, r]).map((r) => submit(w.app, request(0, checkpoint(6, r)))),
    );
    const submitted = roots.flatMap((r) => [r, r]);
    const winningRoots = new Set(submitted.filter((_, i) => answers[i]?.status === 200));
    // One root wins (its duplicate may be cosigned too: same size, same root); every other request
    // finds size 6 already cosigned.
    expect(winningRoots.size).toBe(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const state = await readdir(join(w.stateDir, "logs"));
    expect(state).toHaveLength(1);
    const stored = JSON.parse(await readFile(join(w.stateDir, "logs", state[0] ?? ""), "utf8"));
    expect(winningRoots.has(stored.root)).toBe(true);
  });

  it("refuses a body above the limit with 413", async () => {
    const w = await witness();
    const huge = Buffer.alloc(MAX_ADD_CHECKPOINT_REQUEST_SIZE + 1, 0x61);
    expect((await submit(w.app, huge)).status).toBe(413);
  });

  it("accepts a request without Content-Type", async () => {
    const w = await witness();
    const response = await w.app.inject({
      method: "POST",
      url: "/add-checkpoint",
      payload: Buffer.from(request(0, checkpoint(6, sixToEight.root1))),
    });
    expect(response.statusCode).toBe(200);
  });
});

describe("fabrique witness keygen", () => {
  it("writes a 0x04 cosignature key pair and never overwrites it", async () => {
    const root = await scratch();
    try {
      const args = ["witness", "keygen", "--name", "witness.example.org/w1", "--out", root.dir];
      const run = await runCli(args);
      expect(run.code, run.err).toBe(0);
      const vkey = (await readFile(join(root.dir, "witness.example.org_w1.vkey"), "utf8")).trim();
      expect(parseVerifierKey(vkey).kind).toBe("cosignature/v1");
      expect(run.out).toContain(vkey);
      const again = await runCli(args);
      expect(again.code).toBe(2);
      expect(again.err).toContain("refusing to overwrite");
      expect((await runCli(["witness", "keygen", "--name", "a b", "--out", root.dir])).code).toBe(
        2,
      );
    } finally {
      await root.remove();
    }
  });
});
