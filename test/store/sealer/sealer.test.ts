/**
 * The sealer loop: it seals every space on its interval and on demand, keeps going when one space fails,
 * reports lag, and stops cleanly, waiting for the seals in flight.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, it } from "vitest";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { verifierFromKey } from "../../../src/log/note/index.js";
import type { Database } from "../../../src/store/database.js";
import { isStoreError } from "../../../src/store/errors.js";
import { latestCheckpoint } from "../../../src/store/log/checkpoints.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import { type Sealer, type SealerLogger, startSealer } from "../../../src/store/sealer/sealer.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { addSpaceKey, appendBoth, createMirror, entries, freshVault } from "./fixtures.js";

/** A logger that keeps what it is told. */
function recordingLogger() {
  const errors: { message: string; details: Readonly<Record<string, unknown>> }[] = [];
  const infos: { message: string; details: Readonly<Record<string, unknown>> }[] = [];
  const logger: SealerLogger = {
    error: (message, details) => errors.push({ message, details }),
    info: (message, details) => infos.push({ message, details }),
  };
  return { logger, errors, infos };
}

/** Polls `check` until it holds or `ms` pass. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await sleep(10);
  }
}

const checkpointedSize = async (db: Database, space: string) =>
  (await latestCheckpoint(db.kysely, space))?.size ?? 0;

describeBackends("the sealer", (backend) => {
  const current = freshDatabasePerTest(backend);
  const started: Sealer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
  const start = (options: Parameters<typeof startSealer>[0]) => {
    const sealer = startSealer(options);
    started.push(sealer);
    return sealer;
  };

  it("seals every space on its interval; one failing space does not stop the others", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "a");
    await addSpaceKey(db, vault, "c");
    await appendBoth(db, "a", createMirror(), entries("a", 0, 3));
    await appendBoth(db, "b", createMirror(), entries("b", 0, 2)); // no key: b cannot be sealed
    await appendBoth(db, "c", createMirror(), entries("c", 0, 4));
    const { logger, errors } = recordingLogger();
    const sealer = start({ db, signers, intervalMs: 20, logger, concurrency: 1 });

    await eventually(async () => (await checkpointedSize(db, "c")) === 4);
    expect(await checkpointedSize(db, "a")).toBe(3);
    await appendBoth(db, "c", createMirror(), entries("c", 4, 10));
    await eventually(async () => (await checkpointedSize(db, "c")) === 10);
    await eventually(() => sealer.status().passes >= 3);

    const status = sealer.status();
    const b = status.spaces.find((s) => s.space === "b");
    expect(b).toMatchObject({ size: 2, checkpointedSize: 0, lag: 2 });
    expect(b?.lastFailure?.code).toBe("not-found");
    expect(b?.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(status.spaces.find((s) => s.space === "c")).toMatchObject({
      lag: 0,
      lastFailure: undefined,
    });
    expect(status.maxLag).toBe(2);
    expect(errors.some((e) => e.details.space === "b" && e.details.code === "not-found")).toBe(
      true,
    );
    expect(errors.every((e) => e.details.space === "b")).toBe(true);
  });

  it("reports lag in entries and in age of the oldest entry not yet published", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await appendBoth(db, "market", createMirror(), entries("market", 0, 5)); // no key yet
    const later = () => Date.now() + 60_000;
    const sealer = start({
      db,
      signers,
      intervalMs: 20,
      logger: recordingLogger().logger,
      now: later,
    });
    await eventually(() => sealer.status().passes >= 1);
    const [market] = sealer.status().spaces;
    expect(market).toMatchObject({ space: "market", size: 5, checkpointedSize: 0, lag: 5 });
    expect(market?.lagAgeMs).toBeGreaterThanOrEqual(60_000);
    expect(sealer.status().maxLagAgeMs).toBe(market?.lagAgeMs);

    await addSpaceKey(db, vault, "market");
    await eventually(() => sealer.status().spaces[0]?.lag === 0);
    expect(sealer.status().spaces[0]).toMatchObject({ lagAgeMs: 0, consecutiveFailures: 0 });
    expect(sealer.status().spaces[0]?.checkpointedAt).toBeTypeOf("number");
  });

  it("seals on demand, logs and rethrows a refusal, and signs nothing when nothing changed", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault, host: "trust.example.com" });
    await addSpaceKey(db, vault, "market");
    const { logger, errors, infos } = recordingLogger();
    const sealer = start({ db, signers, intervalMs: null, logger });
    await appendBoth(db, "market", createMirror(), entries("market", 0, 8));
    const outcome = await sealer.sealNow("market");
    if (outcome.kind !== "sealed") throw new Error("expected a checkpoint");
    const { verifierKey } = await signers.signerFor(db.kysely, "market");
    const opened = openCheckpoint(outcome.note, { logVerifier: verifierFromKey(verifierKey) });
    expect(opened.checkpoint).toMatchObject({ origin: "trust.example.com/spaces/market", size: 8 });
    expect(infos).toHaveLength(1);
    expect((await sealer.sealNow("market")).kind).toBe("unchanged");
    expect(infos).toHaveLength(1);
    expect(sealer.status().passes).toBe(0); // on demand only: no timer

    const failure = await sealer.sealNow("no-key").catch((e) => e);
    expect(isStoreError(failure, "not-found")).toBe(true);
    expect(errors.map((e) => e.details.space)).toEqual(["no-key"]);
  });

  it("tells its listeners when a space's checkpoint changed: its own seals and ones it finds", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    await appendBoth(db, "market", createMirror(), entries("market", 0, 3));
    const other = start({ db, signers, intervalMs: null, logger: recordingLogger().logger });
    await other.sealNow("market");
    const heard: string[] = [];
    const sealer = start({ db, signers, intervalMs: 20, logger: recordingLogger().logger });
    const stop = sealer.onPublished((space) => heard.push(space));
    // Its first pass finds the checkpoint another sealer signed.
    await eventually(() => heard.length >= 1);
    await eventually(() => sealer.status().passes >= 3);
    expect(heard).toEqual(["market"]);
    // A checkpoint signed elsewhere (or by its own pass, whichever comes first) is heard of too.
    await appendBoth(db, "market", createMirror(), entries("market", 3, 5));
    await other.sealNow("market").catch(() => {});
    await eventually(() => heard.length >= 2);
    expect(await checkpointedSize(db, "market")).toBe(5);
    stop();
    const count = heard.length;
    await appendBoth(db, "market", createMirror(), entries("market", 5, 6));
    await eventually(async () => (await checkpointedSize(db, "market")) === 6);
    expect(heard).toHaveLength(count);
  });

  it("serializes seals with concurrent appends: every checkpoint is of a prefix the log really had", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    const mirror = createMirror();
    const sealer = start({ db, signers, intervalMs: 5, logger: recordingLogger().logger });
    const work: Promise<unknown>[] = [];
    const all = entries("market", 0, 60);
    for (let i = 0; i < 20; i++) {
      const batch = all.slice(i * 3, i * 3 + 3);
      work.push(appendBoth(db, "market", mirror, batch));
      work.push(sealer.sealNow("market"));
    }
    await Promise.all(work);
    await sealer.sealNow("market");
    const rows = await db.kysely
      .selectFrom("checkpoints")
      .select(["size", "root"])
      .where("space", "=", "market")
      .orderBy("size")
      .execute();
    expect(rows.at(-1)?.size).toBe(60);
    // The mirror appended in the same order as the store (appendBoth awaits the store first, per batch
    // queue order), so its root at each checkpointed size is the root the checkpoint must carry.
    for (const row of rows)
      expect(new Uint8Array(row.root)).toEqual(mirror.rootAt(Number(row.size)));
  });

  it("stop() waits for the seal in flight and refuses new ones", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    await appendBoth(db, "market", createMirror(), entries("market", 0, 300));
    const sealer = start({ db, signers, intervalMs: null, logger: recordingLogger().logger });
    let settled = false;
    const sealing = sealer.sealNow("market").then(() => {
      settled = true;
    });
    await sealer.stop();
    expect(settled).toBe(true);
    await sealing;
    expect(await checkpointedSize(db, "market")).toBe(300);
    expect(sealer.status().running).toBe(false);
    const refused = await sealer.sealNow("market").catch((e) => e);
    expect(isStoreError(refused, "unavailable")).toBe(true);
    await sealer.stop(); // idempotent
  });

  it("refuses options that cannot work", () => {
    const { db } = current();
    const signers = createSpaceLogSigners({ vault: freshVault() });
    expect(() => startSealer({ db, signers, intervalMs: 0 })).toThrow(RangeError);
    expect(() => startSealer({ db, signers, concurrency: 0 })).toThrow(RangeError);
    expect(() => createSpaceLogSigners({ vault: freshVault(), host: "bad host" })).toThrow(
      expect.objectContaining({ code: "invalid-config" }),
    );
  });
});
