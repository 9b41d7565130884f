import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { decodeBase64Strict } from "../../src/log/encoding/base64.js";
import { isLogError } from "../../src/log/errors.js";
import { createAppender } from "../../src/log/merkle/appender.js";
import { leafHash } from "../../src/log/merkle/hash.js";
import { consistencyProof, inclusionProof } from "../../src/log/merkle/prove.js";
import { isStoreError } from "../../src/store/errors.js";
import { appendEntries } from "../../src/store/log/append-entries.js";
import { latestCheckpoint, saveCheckpoint } from "../../src/store/log/checkpoints.js";
import { readEntries } from "../../src/store/log/entries.js";
import { readLogState } from "../../src/store/log/log-state.js";
import { createSqlHashStore } from "../../src/store/log/sql-hash-store.js";
import { CLASSIC_ENTRIES } from "../log/merkle/classic-tree.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";
import { countRows } from "./support/introspect.js";

const MERKLE_VECTORS = fileURLToPath(new URL("../../../shared/vectors/merkle/", import.meta.url));
const vectorsPresent = existsSync(MERKLE_VECTORS);

/** A happy-path vector (these hold small integers only, so plain JSON.parse is exact). */
function happyPath(kind: "inclusion" | "consistency", n: number): Record<string, unknown> {
  return JSON.parse(readFileSync(`${MERKLE_VECTORS}${kind}/${n}/happy-path.json`, "utf8"));
}
const b64 = (s: unknown) => decodeBase64Strict(s as string);
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => new TextEncoder().encode(`record ${from + i}`));

describeBackends("log append", (backend) => {
  const current = freshDatabasePerTest(backend);

  it.skipIf(!vectorsPresent)(
    "builds the RFC 9162 classic tree: root and proofs match the vectors (skipped without ../shared)",
    async () => {
      const { db } = current();
      const result = await db.spaceTransaction("classic", (w) => appendEntries(w, CLASSIC_ENTRIES));
      expect(result.firstIndex).toBe(0);
      expect(result.size).toBe(8);
      const store = createSqlHashStore(db.kysely, "classic");
      for (const n of [0, 1, 2, 3, 4]) {
        const v = happyPath("inclusion", n);
        const proof = await inclusionProof(store, v.leafIdx as number, v.treeSize as number);
        expect(proof, `inclusion/${n}`).toEqual(((v.proof ?? []) as string[]).map(b64));
        if (v.treeSize === 8) expect(result.root).toEqual(b64(v.root));
      }
      for (const n of [1, 2, 3, 4]) {
        const v = happyPath("consistency", n);
        const proof = await consistencyProof(store, v.size1 as number, v.size2 as number);
        expect(proof, `consistency/${n}`).toEqual(((v.proof ?? []) as string[]).map(b64));
      }
    },
  );

  it("resumes from the stored frontier: appends in batches give the root of one big append", async () => {
    const { db } = current();
    const whole = createAppender();
    for (const e of records(0, 700)) whole.append(leafHash(e));
    for (const [from, to] of [
      [0, 3],
      [3, 4],
      [4, 300],
      [300, 700],
    ] as const) {
      const r = await db.spaceTransaction("market", (w) => appendEntries(w, records(from, to)));
      expect(r.firstIndex).toBe(from);
      expect(r.size).toBe(to);
    }
    const state = await readLogState(db.kysely, "market");
    expect(state.size).toBe(700);
    expect(state.root).toEqual(whole.root());
    expect(state.frontier).toEqual(whole.frontier());
    const entries = await readEntries(db.kysely, "market", 298, 302);
    expect(entries.map((e) => e.index)).toEqual([298, 299, 300, 301]);
    expect(entries[0]?.entry).toEqual(records(298, 299)[0]);
    expect(entries[0]?.leafHash).toEqual(leafHash(records(298, 299)[0] as Uint8Array));
  });

  it("keeps spaces apart", async () => {
    const { db } = current();
    await db.spaceTransaction("a", (w) => appendEntries(w, records(0, 5)));
    const b = await db.spaceTransaction("b", (w) => appendEntries(w, records(0, 2)));
    expect(b.firstIndex).toBe(0);
    expect((await readLogState(db.kysely, "a")).size).toBe(5);
    expect((await readLogState(db.kysely, "c")).size).toBe(0);
  });

  it("writes nothing when the transaction throws after appending", async () => {
    const { db } = current();
    await db.spaceTransaction("market", (w) => appendEntries(w, records(0, 3)));
    const before = await readLogState(db.kysely, "market");
    const boom = new Error("a projection refused the event");
    const failure = await db
      .spaceTransaction("market", async (w) => {
        await appendEntries(w, records(3, 20));
        await saveCheckpoint(w, { ...(await readLogState(w.tx, "market")), note: "cp" });
        throw boom;
      })
      .catch((e) => e);
    expect(failure).toBe(boom); // errors that are not the driver's pass through unchanged
    expect(await readLogState(db.kysely, "market")).toEqual(before);
    expect(await countRows(db, "log_entries", "market")).toBe(3);
    expect(await countRows(db, "log_nodes", "market")).toBe(3 + 1); // 3 leaves, 1 parent
    expect(await countRows(db, "checkpoints", "market")).toBe(0);

    await db.spaceTransaction("fresh", () => Promise.resolve());
    await db
      .spaceTransaction("fresh", async (w) => {
        await appendEntries(w, records(0, 4));
        throw boom;
      })
      .catch(() => {});
    for (const table of ["log_entries", "log_nodes", "log_state", "checkpoints"]) {
      expect(await countRows(db, table, "fresh"), table).toBe(0);
    }
  });

  it("stores checkpoints of the current tree only, once per size", async () => {
    const { db } = current();
    expect(await latestCheckpoint(db.kysely, "market")).toBeUndefined();
    const { size, root } = await db.spaceTransaction("market", (w) =>
      appendEntries(w, records(0, 10)),
    );
    await db.spaceTransaction("market", (w) =>
      saveCheckpoint(w, { size, root, note: "note 10\n" }),
    );
    const latest = await latestCheckpoint(db.kysely, "market");
    expect(latest).toMatchObject({ size: 10, root, note: "note 10\n" });

    const stale = await db
      .spaceTransaction("market", (w) =>
        saveCheckpoint(w, { size: 9, root, note: "a tree the log does not hold" }),
      )
      .catch((e) => e);
    expect(isLogError(stale, "inconsistent")).toBe(true);
    const again = await db
      .spaceTransaction("market", (w) => saveCheckpoint(w, { size, root, note: "twice" }))
      .catch((e) => e);
    expect(isStoreError(again, "conflict")).toBe(true);
  });

  it("reports missing entries and damaged state", async () => {
    const { db } = current();
    await db.spaceTransaction("market", (w) => appendEntries(w, records(0, 4)));
    const missing = await readEntries(db.kysely, "market", 2, 6).catch((e) => e);
    expect(isStoreError(missing, "not-found")).toBe(true);
    await sql`update log_state set frontier = ${Buffer.alloc(64)} where space = 'market'`.execute(
      db.kysely,
    );
    const damaged = await readLogState(db.kysely, "market").catch((e) => e);
    expect(isStoreError(damaged, "corrupt")).toBe(true);
  });

  it("folds a stored frontier again once its bytes differ from the state it last checked", async () => {
    const { db } = current();
    const { root } = await db.spaceTransaction("market", (w) => appendEntries(w, records(0, 6)));
    const before = await readLogState(db.kysely, "market"); // the bytes just written: no fold needed
    expect(before).toMatchObject({ size: 6, root });
    expect(await readLogState(db.kysely, "market")).toEqual(before);
    // Same size and hash count, other hashes: must be refused, not answered from the last check.
    const [first, second] = before.frontier.hashes as [Uint8Array, Uint8Array];
    const swapped = Buffer.concat([second, first]);
    await sql`update log_state set frontier = ${swapped} where space = 'market'`.execute(db.kysely);
    const damaged = await readLogState(db.kysely, "market").catch((e) => e);
    expect(isStoreError(damaged, "corrupt")).toBe(true);
  });
});
