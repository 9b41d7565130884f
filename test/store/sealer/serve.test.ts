/**
 * Publishing from the store: checkpoint, tiles, entry bundles and proofs, served only within the latest
 * signed checkpoint. A tlog-tiles client (src/log/tiles createTileReader) reading through the store's
 * read functions authenticates everything against the signed checkpoint, and the store serves the same
 * bytes as the CLI's static log for the same entries and key.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { appendEntries as appendStatic } from "../../../src/cli/static-log/append.js";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { verifyConsistency, verifyInclusion } from "../../../src/log/merkle/index.js";
import { formatSignerKey, signerKeyOf, verifierFromKey } from "../../../src/log/note/index.js";
import {
  createTileReader,
  encodeEntryBundle,
  type TileFetcher,
} from "../../../src/log/tiles/index.js";
import type { Database } from "../../../src/store/database.js";
import { loadSpaceKey } from "../../../src/store/keys/space-keys.js";
import { latestSignedCheckpoint } from "../../../src/store/log/published-tree.js";
import { consistencyProofFor, inclusionProofFor } from "../../../src/store/log/serve-proofs.js";
import { readEntryBundle, readLogResource, readTile } from "../../../src/store/log/serve-tiles.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { addSpaceKey, appendBoth, createMirror, entries, freshVault } from "./fixtures.js";

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );

/** A TileFetcher that reads from the store, as the HTTP endpoints will. */
const storeFetcher = (db: Database, space: string): TileFetcher => ({
  fetch: (path) => readLogResource(db.kysely, space, path),
});

async function sealed(
  db: Database,
  signers: ReturnType<typeof createSpaceLogSigners>,
  space: string,
) {
  const outcome = await sealSpace(db, signers, space);
  if (outcome.kind !== "sealed") throw new Error("expected a checkpoint");
  const { verifierKey } = await signers.signerFor(db.kysely, space);
  return openCheckpoint(outcome.note, { logVerifier: verifierFromKey(verifierKey) }).checkpoint;
}

async function filesUnder(dir: string): Promise<string[]> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  return found.filter((f) => f.isFile()).map((f) => relative(dir, join(f.parentPath, f.name)));
}

describeBackends("publishing from the store", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("serves tiles and bundles that a tile reader authenticates against the signed checkpoint", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    const mirror = createMirror();
    await appendBoth(db, "market", mirror, entries("market", 0, 700));
    const checkpoint = await sealed(db, signers, "market");
    await appendBoth(db, "market", mirror, entries("market", 700, 800)); // appended, not published

    const published = await latestSignedCheckpoint(db.kysely, "market");
    expect(published.size).toBe(700);
    const reader = createTileReader(checkpoint, storeFetcher(db, "market"));
    const indices = [0, 1, 255, 256, 511, 512, 600, 699];
    expect(await reader.readEntries(indices)).toEqual(indices.map((i) => mirror.all[i]));
    const ids = [
      { level: 0, index: 699 },
      { level: 8, index: 1 },
      { level: 9, index: 0 },
      { level: 5, index: 20 },
    ];
    expect(await reader.get(ids)).toEqual(mirror.nodes.getSync(ids));
    // Not published: the tile reader of a larger tree finds nothing beyond the checkpoint.
    const ahead = createTileReader(
      { size: 800, rootHash: mirror.rootAt(800) },
      storeFetcher(db, "market"),
    );
    const refused = await ahead.readEntries([750]).catch((e) => e);
    expect(refused).toMatchObject({ code: "missing", cause: { code: "not-found" } });
  });

  it("serves partial tiles of the checkpoint's size and refuses anything beyond it", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    const mirror = createMirror();
    expect(await codeOf(readTile(db.kysely, "market", { level: 0, index: 0, width: 1 }))).toBe(
      "not-found",
    );
    expect(await codeOf(latestSignedCheckpoint(db.kysely, "market"))).toBe("not-found");
    await appendBoth(db, "market", mirror, entries("market", 0, 700));
    await sealed(db, signers, "market");
    await appendBoth(db, "market", mirror, entries("market", 700, 1100));
    // 700 = 2·256 + 188 leaves; level 1 has 2 complete nodes.
    const servedPaths = [
      "tile/0/000",
      "tile/0/001",
      "tile/0/002.p/188",
      "tile/0/002.p/100",
      "tile/1/000.p/2",
      "tile/1/000.p/1",
      "tile/entries/002.p/188",
      "tile/entries/001",
    ];
    for (const path of servedPaths) {
      expect(await codeOf(readLogResource(db.kysely, "market", path)), path).toBe("no error");
    }
    const partial = await readTile(db.kysely, "market", { level: 0, index: 2, width: 188 });
    expect(Buffer.from(partial)).toEqual(Buffer.concat(mirror.nodes.getSync(range(512, 700, 0))));
    const bundle = await readEntryBundle(db.kysely, "market", { index: 2, width: 188 });
    expect(bundle).toEqual(encodeEntryBundle(mirror.all.slice(512, 700)));
    // The store holds these (1100 entries) but no checkpoint covers them yet.
    const beyond = [
      "tile/0/002",
      "tile/0/002.p/189",
      "tile/0/003.p/1",
      "tile/1/000.p/3",
      "tile/2/000.p/1",
      "tile/entries/002",
      "tile/entries/002.p/189",
      "tile/entries/004.p/1",
    ];
    for (const path of beyond) {
      expect(await codeOf(readLogResource(db.kysely, "market", path)), path).toBe("not-found");
    }
    expect(await codeOf(readLogResource(db.kysely, "market", "tile/0/x000/002"))).toBe("malformed");
    expect(await codeOf(readLogResource(db.kysely, "market", "tile/0/../../etc"))).toBe(
      "malformed",
    );
  });

  it("serves inclusion and consistency proofs that verify against signed checkpoints", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    const mirror = createMirror();
    const checkpoints = [];
    for (const size of [1, 6, 7, 300, 513]) {
      await appendBoth(db, "market", mirror, entries("market", mirror.all.length, size));
      checkpoints.push(await sealed(db, signers, "market"));
    }
    await appendBoth(db, "market", mirror, entries("market", 513, 600));
    for (const cp of checkpoints) {
      for (const index of new Set([0, Math.floor(cp.size / 2), cp.size - 1])) {
        const served = await inclusionProofFor(db.kysely, "market", index, cp.size);
        expect(served.leafHash).toEqual(leafHash(mirror.all[index] as Uint8Array));
        verifyInclusion({ ...served, root: cp.rootHash });
      }
    }
    for (let i = 1; i < checkpoints.length; i++) {
      const [a, b] = [checkpoints[i - 1], checkpoints[i]];
      if (a === undefined || b === undefined) continue;
      const proof = await consistencyProofFor(db.kysely, "market", a.size, b.size);
      verifyConsistency({
        oldSize: a.size,
        newSize: b.size,
        oldRoot: a.rootHash,
        newRoot: b.rootHash,
        proof,
      });
    }
    expect(await consistencyProofFor(db.kysely, "market", 513, 513)).toEqual([]);
    expect(await codeOf(inclusionProofFor(db.kysely, "market", 513, 513))).toBe("out-of-range");
    expect(await codeOf(inclusionProofFor(db.kysely, "market", 3, 514))).toBe("not-found");
    expect(await codeOf(inclusionProofFor(db.kysely, "market", -1, 513))).toBe("out-of-range");
    expect(await codeOf(consistencyProofFor(db.kysely, "market", 0, 7))).toBe("out-of-range");
    expect(await codeOf(consistencyProofFor(db.kysely, "market", 8, 7))).toBe("out-of-range");
    expect(await codeOf(consistencyProofFor(db.kysely, "market", 7, 600))).toBe("not-found");
  });

  it("serves the same checkpoint, tiles and bundles as the CLI's static log of the same entries", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    await addSpaceKey(db, vault, "market");
    const { origin } = await signers.signerFor(db.kysely, "market");
    const { seed } = await loadSpaceKey(db.kysely, vault, "market");
    const skey = formatSignerKey(signerKeyOf(origin, seed));
    const site = await mkdtemp(join(tmpdir(), "fabrique-static-"));
    try {
      const mirror = createMirror();
      let note = "";
      for (const to of [3, 256, 300, 1000]) {
        const batch = entries("market", mirror.all.length, to);
        await appendBoth(db, "market", mirror, batch);
        note = (await appendStatic(site, skey, batch)).checkpoint;
        const outcome = await sealSpace(db, signers, "market");
        expect(outcome.kind === "sealed" && outcome.note).toBe(note); // Ed25519 is deterministic
      }
      const files = (await filesUnder(site)).filter((f) => f.startsWith("tile/"));
      expect(files.length).toBeGreaterThan(10);
      for (const file of files) {
        const served = await readLogResource(db.kysely, "market", file);
        expect(Buffer.from(served).equals(await readFile(join(site, file))), file).toBe(true);
      }
      expect(await readFile(join(site, "checkpoint"), "utf8")).toBe(note);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});

function range(from: number, to: number, level: number) {
  return Array.from({ length: to - from }, (_, i) => ({ level, index: from + i }));
}
