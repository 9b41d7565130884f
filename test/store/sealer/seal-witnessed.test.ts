/**
 * Witnessed sealing: with witnesses configured, the sealer publishes a checkpoint only once k of the n
 * witnesses (real tlog-witness apps in process, each with its own durable state) cosigned it, and serves
 * it with their cosignatures; without a quorum it publishes nothing and says why, and publishes on a
 * later pass once the witnesses answer; witnesses restarted (and a server restarted, forgetting what
 * sizes they cosigned) keep cosigning; a witnessing port that hands back another checkpoint is refused.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { WitnessTransport } from "../../../src/audit/witness/witness-transport.js";
import { sealerWitnessing } from "../../../src/cli/witnessing/sealer-witnessing.js";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { parseVerifierKey, verifierFromKey } from "../../../src/log/note/index.js";
import { isStoreError } from "../../../src/store/errors.js";
import { latestCheckpoint } from "../../../src/store/log/checkpoints.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import { sealWitnessedSpace } from "../../../src/store/sealer/seal-witnessed.js";
import { startSealer } from "../../../src/store/sealer/sealer.js";
import type { CheckpointWitnessing } from "../../../src/store/sealer/witnessing.js";
import { injectTransport, startWitness, type TestWitness } from "../../audit/support/witness.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { addSpaceKey, appendBoth, createMirror, entries, freshVault } from "./fixtures.js";

const SPACE = "market";

describeBackends("witnessed sealing", (backend) => {
  const current = freshDatabasePerTest(backend);
  let dir: string;
  const apps: FastifyInstance[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fabrique-witnessed-"));
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await rm(dir, { recursive: true, force: true });
  });

  /** A space with entries, and `n` witnesses of its log; `down` hosts refuse connections. */
  async function setUp(n: number) {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault, host: "trust.example.com" });
    await addSpaceKey(db, vault, SPACE);
    const mirror = createMirror();
    await appendBoth(db, SPACE, mirror, entries(SPACE, 0, 5));
    const signer = await signers.signerFor(db.kysely, SPACE);
    const logs = [{ origin: signer.origin, vkey: signer.verifierKey }];
    const witnesses: TestWitness[] = [];
    const hosts = new Map<string, FastifyInstance>();
    for (let i = 0; i < n; i += 1) {
      const w = await startWitness({
        name: `w${i}.example`,
        logs,
        stateDir: join(dir, `w${i}`),
      });
      apps.push(w.app);
      witnesses.push(w);
      hosts.set(`w${i}.example`, w.app);
    }
    const down = new Set<string>();
    const inject = injectTransport(hosts);
    const transport: WitnessTransport = {
      post: (url, body) => {
        const host = new URL(url).host;
        if (down.has(host)) return Promise.reject(new Error(`connect ECONNREFUSED ${host}`));
        return inject.post(url, body);
      },
    };
    const config = (threshold: number) => ({
      threshold,
      witnesses: witnesses.map((w, i) => ({ url: `https://w${i}.example/`, vkey: w.verifierKey })),
    });
    return { db, signers, signer, mirror, witnesses, hosts, down, transport, config, logs };
  }

  const cosignersOf = (witnesses: readonly TestWitness[]) =>
    witnesses.map((w) => verifierFromKey(parseVerifierKey(w.verifierKey)));

  it("publishes a checkpoint only with k of n cosignatures, and serves them", async () => {
    const s = await setUp(2);
    const witnessing = sealerWitnessing(s.config(2), s.transport);
    const outcome = await sealWitnessedSpace(s.db, s.signers, SPACE, witnessing);
    expect(outcome).toMatchObject({
      kind: "sealed",
      size: 5,
      witnessed: { cosigned: 2, threshold: 2 },
    });
    const stored = await latestCheckpoint(s.db.kysely, SPACE);
    const logVerifier = verifierFromKey(parseVerifierKey(s.signer.verifierKey));
    const opened = openCheckpoint(stored?.note as string, {
      logVerifier,
      cosigners: cosignersOf(s.witnesses),
    });
    expect(opened.checkpoint.size).toBe(5);
    expect(opened.cosignatures.map((c) => c.name).sort()).toEqual(["w0.example", "w1.example"]);

    // The tree grows: each witness gets a consistency proof from the size it cosigned.
    await appendBoth(s.db, SPACE, s.mirror, entries(SPACE, 5, 300));
    const next = await sealWitnessedSpace(s.db, s.signers, SPACE, witnessing);
    expect(next).toMatchObject({ kind: "sealed", size: 300, previousSize: 5 });
    const grown = await latestCheckpoint(s.db.kysely, SPACE);
    expect(
      openCheckpoint(grown?.note as string, { logVerifier, cosigners: cosignersOf(s.witnesses) })
        .cosignatures,
    ).toHaveLength(2);
    expect(await sealWitnessedSpace(s.db, s.signers, SPACE, witnessing)).toEqual({
      kind: "unchanged",
      space: SPACE,
      size: 300,
    });
  });

  it("without a quorum publishes nothing and says why; publishes once the witness is back", async () => {
    const s = await setUp(2);
    s.down.add("w1.example");
    const witnessing = sealerWitnessing(s.config(2), s.transport);
    const refused = await sealWitnessedSpace(s.db, s.signers, SPACE, witnessing).catch((e) => e);
    expect(isStoreError(refused, "unavailable")).toBe(true);
    expect(refused.message).toMatch(/1 of the 2 witness cosignatures required/);
    expect(refused.message).toMatch(/w1\.example failed: connect ECONNREFUSED/);
    expect(await latestCheckpoint(s.db.kysely, SPACE)).toBeUndefined();

    // w0 cosigned size 5 although nothing was published; the log grows, w1 comes back.
    await appendBoth(s.db, SPACE, s.mirror, entries(SPACE, 5, 9));
    s.down.delete("w1.example");
    const sealed = await sealWitnessedSpace(s.db, s.signers, SPACE, witnessing);
    expect(sealed).toMatchObject({ kind: "sealed", size: 9, previousSize: 0 });

    // A 1-of-2 policy publishes with the witness that answers.
    s.down.add("w0.example");
    await appendBoth(s.db, SPACE, s.mirror, entries(SPACE, 9, 12));
    const oneOfTwo = await sealWitnessedSpace(
      s.db,
      s.signers,
      SPACE,
      sealerWitnessing(s.config(1), s.transport),
    );
    expect(oneOfTwo).toMatchObject({
      kind: "sealed",
      size: 12,
      witnessed: { cosigned: 1, threshold: 1 },
    });
  });

  it("keeps cosigning across a witness restart and a server restart", async () => {
    const s = await setUp(1);
    await sealWitnessedSpace(s.db, s.signers, SPACE, sealerWitnessing(s.config(1), s.transport));
    // The witness restarts over its state directory; the server restarts too (a new port instance
    // that does not know the size the witness cosigned: the witness's 409 tells it).
    const w0 = s.witnesses[0] as TestWitness;
    await w0.app.close();
    const restarted = await startWitness({
      signerKey: w0.signerKey,
      logs: s.logs,
      stateDir: join(dir, "w0"),
    });
    apps.push(restarted.app);
    s.hosts.set("w0.example", restarted.app);
    await appendBoth(s.db, SPACE, s.mirror, entries(SPACE, 5, 40));
    const again = await sealWitnessedSpace(
      s.db,
      s.signers,
      SPACE,
      sealerWitnessing(s.config(1), s.transport),
    );
    expect(again).toMatchObject({ kind: "sealed", size: 40, previousSize: 5 });
  });

  it("the sealer loop retries a space without a quorum on its next pass and reports it", async () => {
    const s = await setUp(1);
    s.down.add("w0.example");
    const errors: string[] = [];
    const sealer = startSealer({
      db: s.db,
      signers: s.signers,
      intervalMs: 20,
      logger: { error: (m) => errors.push(m), info: () => {} },
      witnessing: sealerWitnessing(s.config(1), s.transport),
    });
    try {
      await until(() => errors.length >= 2);
      expect(errors[0]).toMatch(/not published: 0 of the 1 witness cosignatures required/);
      const status = sealer.status().spaces.find((x) => x.space === SPACE);
      expect(status?.lastFailure?.code).toBe("unavailable");
      expect(status?.lag).toBe(5);
      s.down.delete("w0.example");
      await until(async () => (await latestCheckpoint(s.db.kysely, SPACE))?.size === 5);
    } finally {
      await sealer.stop();
    }
  });

  it("refuses to publish a checkpoint the witnessing port changed", async () => {
    const s = await setUp(1);
    const forging: CheckpointWitnessing = {
      threshold: 1,
      async cosign({ note }) {
        return {
          kind: "quorum",
          note: note.replace(/\n\n/, "\nextension line\n\n"),
          cosigned: 1,
          threshold: 1,
        };
      },
    };
    const refused = await sealWitnessedSpace(s.db, s.signers, SPACE, forging).catch((e) => e);
    expect(isStoreError(refused, "corrupt")).toBe(true);
    expect(await latestCheckpoint(s.db.kysely, SPACE)).toBeUndefined();
  });
});

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
