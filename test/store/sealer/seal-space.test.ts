/**
 * Sealing one space: checkpoints open with the space's verifier key and origin, form a consistent chain
 * (checked against an independent in-memory copy of the log, not only against the store), are not signed
 * when nothing changed, and are never signed over a tree that does not extend the last one, whatever was
 * tampered with in SQL.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { randomBytes } from "../../../src/log/crypto.js";
import { createAppender } from "../../../src/log/merkle/appender.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { consistencyProof, verifyConsistency } from "../../../src/log/merkle/index.js";
import { verifierFromKey } from "../../../src/log/note/index.js";
import type { Database } from "../../../src/store/database.js";
import { isStoreError } from "../../../src/store/errors.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import {
  createSpaceLogSigners,
  type SpaceLogSigners,
} from "../../../src/store/log/space-log-signer.js";
import { type SealOutcome, sealSpace } from "../../../src/store/sealer/seal-space.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import {
  addSpaceKey,
  appendBoth,
  createMirror,
  entries,
  freshVault,
  type Mirror,
} from "./fixtures.js";

interface StoredRow {
  size: number;
  root: Uint8Array;
  note: string;
}

async function checkpointRows(db: Database, space: string): Promise<StoredRow[]> {
  const rows = await db.kysely
    .selectFrom("checkpoints")
    .select(["size", "root", "note"])
    .where("space", "=", space)
    .orderBy("size")
    .execute();
  return rows.map((r) => ({ size: Number(r.size), root: new Uint8Array(r.root), note: r.note }));
}

/**
 * Opens every stored checkpoint of `space` with its vkey, checks each root against the mirror (the tree
 * the entries really make) and each consecutive pair with a consistency proof computed from the mirror.
 */
async function requireHonestChain(
  db: Database,
  signers: SpaceLogSigners,
  space: string,
  mirror: Mirror,
): Promise<number[]> {
  const { verifierKey, origin } = await signers.signerFor(db.kysely, space);
  const logVerifier = verifierFromKey(verifierKey);
  const opened = (await checkpointRows(db, space)).map((row) => {
    const { checkpoint } = openCheckpoint(row.note, { logVerifier, origin });
    expect(checkpoint.size).toBe(row.size);
    expect(checkpoint.rootHash).toEqual(row.root);
    expect(checkpoint.rootHash).toEqual(mirror.rootAt(checkpoint.size));
    return checkpoint;
  });
  for (let i = 1; i < opened.length; i++) {
    const [a, b] = [opened[i - 1], opened[i]];
    if (a === undefined || b === undefined) continue;
    expect(b.size).toBeGreaterThan(a.size);
    const proof = await consistencyProof(mirror.nodes, a.size, b.size);
    verifyConsistency({
      oldSize: a.size,
      newSize: b.size,
      oldRoot: a.rootHash,
      newRoot: b.rootHash,
      proof,
    });
  }
  return opened.map((c) => c.size);
}

async function refusal(p: Promise<SealOutcome>): Promise<unknown> {
  return p.then(
    (outcome) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
    },
    (e: unknown) => e,
  );
}

/** Overwrites a space's log_state row directly in SQL, as an attacker or a bug would. */
async function overwriteState(
  db: Database,
  space: string,
  state: { size: number; root: Uint8Array; frontier: readonly Uint8Array[] },
): Promise<void> {
  await db.kysely
    .updateTable("log_state")
    .set({
      size: state.size,
      root: Buffer.from(state.root),
      frontier: Buffer.concat(state.frontier.map((h) => Buffer.from(h))),
    })
    .where("space", "=", space)
    .execute();
}

describeBackends("sealing a space", (backend) => {
  const current = freshDatabasePerTest(backend);

  /** This test's database with a "market" space that has a signing key, its signers, an empty mirror. */
  async function market(host?: string) {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners(host === undefined ? { vault } : { vault, host });
    await addSpaceKey(db, vault, "market");
    return { db, vault, signers, mirror: createMirror() };
  }

  it("signs checkpoints that open with the space's vkey and origin, consistent across many appends", async () => {
    const { db, signers, mirror } = await market("trust.example.com:8443");
    // Batch sizes cross tile (256) and power-of-two boundaries; some batches are not sealed on their own.
    const batches = [1, 1, 2, 3, 250, 1, 1, 255, 256, 17, 500, 1, 64, 7];
    let size = 0;
    let sealedCount = 0;
    for (const [i, n] of batches.entries()) {
      await appendBoth(db, "market", mirror, entries("market", size, size + n));
      size += n;
      if (i % 3 === 2) continue;
      const outcome = await sealSpace(db, signers, "market");
      expect(outcome).toMatchObject({ kind: "sealed", size });
      sealedCount += 1;
    }
    const sizes = await requireHonestChain(db, signers, "market", mirror);
    expect(sizes).toHaveLength(sealedCount);
    expect(sizes.at(-1)).toBe(size);
    const [last] = (await checkpointRows(db, "market")).slice(-1);
    expect(last?.note.startsWith(`trust.example.com:8443/spaces/market\n${size}\n`)).toBe(true);
  });

  it("signs nothing when nothing changed, nor for an empty log", async () => {
    const { db, signers, mirror } = await market();
    expect(await sealSpace(db, signers, "market")).toEqual({
      kind: "unchanged",
      space: "market",
      size: 0,
    });
    await appendBoth(db, "market", mirror, entries("market", 0, 5));
    expect((await sealSpace(db, signers, "market")).kind).toBe("sealed");
    for (let i = 0; i < 3; i++) {
      expect(await sealSpace(db, signers, "market")).toEqual({
        kind: "unchanged",
        space: "market",
        size: 5,
      });
    }
    expect(await requireHonestChain(db, signers, "market", mirror)).toEqual([5]);
  });

  it("refuses a log_state root overwritten in SQL, and stores no checkpoint", async () => {
    const { db, signers, mirror } = await market();
    await appendBoth(db, "market", mirror, entries("market", 0, 10));
    await sealSpace(db, signers, "market");
    await appendBoth(db, "market", mirror, entries("market", 10, 20));
    await sql`update log_state set root = ${Buffer.from(randomBytes(32))} where space = 'market'`.execute(
      db.kysely,
    );
    expect(isStoreError(await refusal(sealSpace(db, signers, "market")), "corrupt")).toBe(true);
    expect(await requireHonestChain(db, signers, "market", mirror)).toEqual([10]);
  });

  it("refuses a forked tree written consistently into log_state (root and frontier agree)", async () => {
    const { db, signers, mirror } = await market();
    await appendBoth(db, "market", mirror, entries("market", 0, 10));
    await sealSpace(db, signers, "market");
    await appendBoth(db, "market", mirror, entries("market", 10, 20));
    // A history that rewrites entry 3, then grows to the same size: a well-formed state, another tree.
    const fork = createAppender();
    for (const [i, e] of entries("market", 0, 20).entries()) {
      fork.append(leafHash(i === 3 ? new TextEncoder().encode("rewritten") : e));
    }
    await overwriteState(db, "market", {
      size: 20,
      root: fork.root(),
      frontier: fork.frontier().hashes,
    });
    expect((await readLogState(db.kysely, "market")).root).toEqual(fork.root()); // it reads as valid
    const failure = await refusal(sealSpace(db, signers, "market"));
    expect(isStoreError(failure, "corrupt")).toBe(true);
    expect((failure as Error).message).toMatch(/not consistent with the last checkpoint/);
    expect(await requireHonestChain(db, signers, "market", mirror)).toEqual([10]);
  });

  it("refuses when a node under the last checkpoint was overwritten, though the new state is honest", async () => {
    const { db, signers, mirror } = await market();
    await appendBoth(db, "market", mirror, entries("market", 0, 6));
    await sealSpace(db, signers, "market");
    await sql`update log_nodes set hash = ${Buffer.from(randomBytes(32))}
      where space = 'market' and level = 2 and idx = 0`.execute(db.kysely);
    await appendBoth(db, "market", mirror, entries("market", 6, 13));
    expect((await readLogState(db.kysely, "market")).root).toEqual(mirror.rootAt(13));
    expect(isStoreError(await refusal(sealSpace(db, signers, "market")), "corrupt")).toBe(true);
    expect(await requireHonestChain(db, signers, "market", mirror)).toEqual([6]);
  });

  it("refuses a log that went back in size, or another root at the checkpointed size", async () => {
    const { db, signers, mirror } = await market();
    await appendBoth(db, "market", mirror, entries("market", 0, 4));
    const atFour = await readLogState(db.kysely, "market");
    await appendBoth(db, "market", mirror, entries("market", 4, 9));
    await sealSpace(db, signers, "market");

    await overwriteState(db, "market", { ...atFour, frontier: atFour.frontier.hashes });
    const shrunk = await refusal(sealSpace(db, signers, "market"));
    expect(isStoreError(shrunk, "corrupt")).toBe(true);
    expect((shrunk as Error).message).toMatch(/fewer than its last checkpoint/);

    const fork = createAppender();
    for (const e of entries("elsewhere", 0, 9)) fork.append(leafHash(e));
    await overwriteState(db, "market", {
      size: 9,
      root: fork.root(),
      frontier: fork.frontier().hashes,
    });
    const forked = await refusal(sealSpace(db, signers, "market"));
    expect((forked as Error).message).toMatch(/differs from its last checkpoint/);
    expect(await requireHonestChain(db, signers, "market", mirror)).toEqual([9]);
  });

  it("refuses the first checkpoint when log_state does not match log_nodes", async () => {
    const { db, signers } = await market();
    await appendBoth(db, "market", createMirror(), entries("market", 0, 7));
    const fork = createAppender();
    for (const e of entries("elsewhere", 0, 7)) fork.append(leafHash(e));
    await overwriteState(db, "market", {
      size: 7,
      root: fork.root(),
      frontier: fork.frontier().hashes,
    });
    expect(isStoreError(await refusal(sealSpace(db, signers, "market")), "corrupt")).toBe(true);
    expect(await checkpointRows(db, "market")).toEqual([]);
  });

  it("refuses when the last checkpoint's row or note was altered, or the origin was reconfigured", async () => {
    const { db, vault, signers, mirror } = await market();
    await appendBoth(db, "market", mirror, entries("market", 0, 5));
    await sealSpace(db, signers, "market");
    await appendBoth(db, "market", mirror, entries("market", 5, 8));
    const [row] = await checkpointRows(db, "market");
    if (row === undefined) throw new Error("expected a checkpoint");

    await sql`update checkpoints set root = ${Buffer.from(randomBytes(32))} where space = 'market'`.execute(
      db.kysely,
    );
    expect(isStoreError(await refusal(sealSpace(db, signers, "market")), "corrupt")).toBe(true);
    const forgedNote = row.note.replace("\n5\n", "\n4\n");
    await sql`update checkpoints set root = ${Buffer.from(row.root)}, note = ${forgedNote}
      where space = 'market'`.execute(db.kysely);
    expect(isStoreError(await refusal(sealSpace(db, signers, "market")), "corrupt")).toBe(true);
    await sql`update checkpoints set note = ${row.note} where space = 'market'`.execute(db.kysely);

    const moved = createSpaceLogSigners({ vault, host: "elsewhere.example" });
    expect(isStoreError(await refusal(sealSpace(db, moved, "market")), "invalid-config")).toBe(
      true,
    );
    expect((await sealSpace(db, signers, "market")).kind).toBe("sealed"); // intact again: sealing resumes
    expect(await requireHonestChain(db, signers, "market", mirror)).toEqual([5, 8]);
  });

  it("keeps the chain across a key rotation: the new key extends what the old key signed", async () => {
    const { db, vault, signers, mirror } = await market();
    await appendBoth(db, "market", mirror, entries("market", 0, 3));
    const first = await sealSpace(db, signers, "market");
    const oldKey = (await signers.signerFor(db.kysely, "market")).verifierKey;
    await new Promise((r) => setTimeout(r, 5)); // a later created_at for the new key
    await addSpaceKey(db, vault, "market");
    signers.forget("market");
    await appendBoth(db, "market", mirror, entries("market", 3, 9));
    const second = await sealSpace(db, signers, "market");
    if (first.kind !== "sealed" || second.kind !== "sealed")
      throw new Error("expected checkpoints");
    const newKey = (await signers.signerFor(db.kysely, "market")).verifierKey;
    expect(newKey).not.toBe(oldKey);
    expect(
      openCheckpoint(first.note, { logVerifier: verifierFromKey(oldKey) }).checkpoint.size,
    ).toBe(3);
    expect(
      openCheckpoint(second.note, { logVerifier: verifierFromKey(newKey) }).checkpoint.size,
    ).toBe(9);
  });
});
