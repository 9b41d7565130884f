import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { submitToWitnesses } from "../../src/audit/witness/submit.js";
import { openCheckpoint, signCheckpoint } from "../../src/log/checkpoint/index.js";
import {
  consistencyProof,
  createAppender,
  createMemoryHashStore,
  leafHash,
} from "../../src/log/merkle/index.js";
import { generateKeyPair, signerFromKey, verifierFromKey } from "../../src/log/note/index.js";
import { scratch } from "./support/static-log.js";
import { injectTransport, startWitness } from "./support/witness.js";

const ORIGIN = "example.org/submit-test";

/** A log in memory: its key, its tree, and checkpoints of the sizes it had. */
function memoryLog() {
  const keys = generateKeyPair(ORIGIN);
  const store = createMemoryHashStore();
  const appender = createAppender();
  const signer = signerFromKey(keys.signerKey);
  return {
    keys,
    grow(count: number, prefix = "entry"): string {
      for (let i = 0; i < count; i++) {
        store.putSync(appender.append(leafHash(Buffer.from(`${prefix} ${appender.size}`))));
      }
      const c = { origin: ORIGIN, size: appender.size, rootHash: appender.root(), extensions: [] };
      return signCheckpoint(c, [signer]);
    },
    prove: (m: number, n: number) => consistencyProof(store, m, n),
  };
}

describe("submitToWitnesses: k-of-n cosigning (c2sp.org/tlog-witness client)", () => {
  let root: { dir: string; remove: () => Promise<void> };
  let apps: FastifyInstance[] = [];
  let n = 0;

  beforeAll(async () => {
    root = await scratch();
  });
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.close()));
    apps = [];
  });
  afterAll(async () => {
    await root.remove();
  });

  /** Two witnesses of `log`, reachable at http://w1/ and http://w2/ through the inject transport. */
  async function twoWitnesses(log: ReturnType<typeof memoryLog>) {
    const mounted = new Map<string, FastifyInstance>();
    const endpoints = [];
    for (const host of ["w1", "w2"]) {
      const w = await startWitness({
        name: `witness.example/${host}`,
        logs: [{ origin: ORIGIN, vkey: log.keys.verifierKey }],
        stateDir: `${root.dir}/state-${n++}`,
      });
      apps.push(w.app);
      mounted.set(host, w.app);
      endpoints.push({ vkey: w.verifierKey, url: `http://${host}/` });
    }
    return { mounted, endpoints, transport: injectTransport(mounted) };
  }

  it("collects a cosignature from each witness and returns the cosigned checkpoint", async () => {
    const log = memoryLog();
    const { endpoints, transport } = await twoWitnesses(log);
    const first = await submitToWitnesses(log.grow(10), endpoints, log.prove, {
      threshold: 2,
      transport,
    });
    expect(first.kind).toBe("quorum");
    if (first.kind !== "quorum") return;
    const cosigners = endpoints.map((e) => verifierFromKey(e.vkey));
    const opened = openCheckpoint(first.checkpoint, {
      logVerifier: verifierFromKey(log.keys.verifierKey),
      cosigners,
    });
    expect(opened.cosignatures.map((c) => c.name).sort()).toEqual([
      "witness.example/w1",
      "witness.example/w2",
    ]);

    // The next checkpoint: the client does not know what the witnesses hold, sends old size 0, is told
    // 10 (409 text/x.tlog.size) and retries once with a proof from 10.
    const second = await submitToWitnesses(log.grow(15), endpoints, log.prove, {
      threshold: 2,
      transport,
    });
    expect(second.kind).toBe("quorum");
    expect(second.outcomes.map((o) => (o.kind === "cosigned" ? o.oldSize : -1))).toEqual([10, 10]);
    // With the sizes known, no retry is needed.
    const known = new Map([
      ["witness.example/w1", 25],
      ["witness.example/w2", 25],
    ]);
    const third = await submitToWitnesses(log.grow(1), endpoints, log.prove, {
      threshold: 2,
      transport,
      knownSizes: known,
    });
    expect(third.kind).toBe("quorum");
  });

  it("applies the k-of-n policy when a witness is down", async () => {
    const log = memoryLog();
    const { mounted, endpoints } = await twoWitnesses(log);
    const onlyW1 = injectTransport(new Map([["w1", mounted.get("w1") as FastifyInstance]]));
    const checkpoint = log.grow(5);
    const strict = await submitToWitnesses(checkpoint, endpoints, log.prove, {
      threshold: 2,
      transport: onlyW1,
    });
    expect(strict).toMatchObject({ kind: "no-quorum", cosigned: 1, threshold: 2 });
    expect(strict.outcomes[1]).toMatchObject({ kind: "failed", witness: "witness.example/w2" });
    const lenient = await submitToWitnesses(checkpoint, endpoints, log.prove, {
      threshold: 1,
      transport: onlyW1,
    });
    expect(lenient.kind).toBe("quorum");
    if (lenient.kind !== "quorum") return;
    const w1 = verifierFromKey(endpoints[0]?.vkey ?? "");
    const w2 = verifierFromKey(endpoints[1]?.vkey ?? "");
    const opened = openCheckpoint(lenient.checkpoint, {
      logVerifier: verifierFromKey(log.keys.verifierKey),
      cosigners: [w1, w2],
    });
    expect(opened.cosignatures.map((c) => c.name)).toEqual(["witness.example/w1"]);
  });

  it("does not count a cosignature that is not from the witness's own key", async () => {
    const log = memoryLog();
    const { endpoints, transport } = await twoWitnesses(log);
    const impostor = generateKeyPair("witness.example/w2", "cosignature/v1").verifierKey;
    const misconfigured = [endpoints[0], { vkey: impostor, url: "http://w2/" }].filter(
      (e) => e !== undefined,
    );
    const result = await submitToWitnesses(log.grow(3), misconfigured, log.prove, {
      threshold: 2,
      transport,
    });
    expect(result.kind).toBe("no-quorum");
    expect(result.outcomes[1]).toMatchObject({ kind: "failed", witness: "witness.example/w2" });
  });

  it("gets no quorum for a fork: both witnesses refuse a second root for a cosigned size", async () => {
    const honest = memoryLog();
    const { endpoints, transport } = await twoWitnesses(honest);
    expect(
      (
        await submitToWitnesses(honest.grow(8), endpoints, honest.prove, {
          threshold: 2,
          transport,
        })
      ).kind,
    ).toBe("quorum");
    // The same key signs another tree of the same size.
    const store = createMemoryHashStore();
    const appender = createAppender();
    for (let i = 0; i < 8; i++)
      store.putSync(appender.append(leafHash(Buffer.from(`forged ${i}`))));
    const forged = signCheckpoint(
      { origin: ORIGIN, size: 8, rootHash: appender.root(), extensions: [] },
      [signerFromKey(honest.keys.signerKey)],
    );
    const result = await submitToWitnesses(forged, endpoints, honest.prove, {
      threshold: 1,
      transport,
    });
    expect(result.kind).toBe("no-quorum");
    for (const outcome of result.outcomes) {
      expect(outcome).toMatchObject({ kind: "refused", response: { kind: "conflict" } });
    }
  });

  it("refuses a threshold that cannot be met", async () => {
    const log = memoryLog();
    const { endpoints, transport } = await twoWitnesses(log);
    const checkpoint = log.grow(1);
    for (const threshold of [0, 3, 1.5]) {
      await expect(
        submitToWitnesses(checkpoint, endpoints, log.prove, { threshold, transport }),
      ).rejects.toThrow(/quorum/);
    }
  });

  it("talks to a witness over real HTTP", async () => {
    const log = memoryLog();
    const w = await startWitness({
      logs: [{ origin: ORIGIN, vkey: log.keys.verifierKey }],
      stateDir: `${root.dir}/state-${n++}`,
    });
    apps.push(w.app);
    const address = await w.app.listen({ port: 0, host: "127.0.0.1" });
    const result = await submitToWitnesses(
      log.grow(4),
      [{ vkey: w.verifierKey, url: address }],
      log.prove,
      { threshold: 1 },
    );
    expect(result.kind).toBe("quorum");
  });
});
