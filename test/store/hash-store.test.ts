import type { KyselyPlugin } from "kysely";
import { expect, it } from "vitest";
import { isLogError } from "../../src/log/errors.js";
import { createAppender } from "../../src/log/merkle/appender.js";
import { leafHash } from "../../src/log/merkle/hash.js";
import type { NodeId, StoredNode } from "../../src/log/merkle/hash-store.js";
import { createMemoryHashStore } from "../../src/log/merkle/memory-hash-store.js";
import { createSqlHashStore, NODE_ROWS_PER_INSERT } from "../../src/store/log/sql-hash-store.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";

/** The nodes an appender writes for `count` entries "record <i>". */
function treeNodes(count: number): StoredNode[] {
  const appender = createAppender();
  const nodes: StoredNode[] = [];
  for (let i = 0; i < count; i += 1) {
    nodes.push(...appender.append(leafHash(new TextEncoder().encode(`record ${i}`))));
  }
  return nodes;
}

/** Counts the statements that run through a Kysely instance. */
function statementCounter(): KyselyPlugin & { readonly count: () => number } {
  let n = 0;
  return {
    transformQuery: (args) => {
      n += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
    count: () => n,
  };
}

describeBackends("SQL HashStore", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("returns what was put, in the order asked, like the in-memory store", async () => {
    const { db } = current();
    const nodes = treeNodes(300); // 599 nodes: several insert chunks
    expect(nodes.length).toBeGreaterThan(2 * NODE_ROWS_PER_INSERT);
    const memory = createMemoryHashStore();
    memory.putSync(nodes);
    await db.transaction((tx) => createSqlHashStore(tx, "market").put(nodes));

    const ids = nodes.map((n) => n.id).reverse();
    ids.push(ids[0] as NodeId, ids[7] as NodeId); // repeated ids are answered twice
    const got = await createSqlHashStore(db.kysely, "market").get(ids);
    expect(got).toEqual(memory.getSync(ids));
    expect(got[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(got[0])).toBe(false);
  });

  it("reads ~50 ids in one query", async () => {
    const { db } = current();
    const nodes = treeNodes(64);
    await createSqlHashStore(db.kysely, "market").put(nodes);
    const counter = statementCounter();
    const store = createSqlHashStore(db.kysely.withPlugin(counter), "market");
    const ids = nodes.filter((_, i) => i % 2 === 0).map((n) => n.id);
    expect(ids.length).toBeGreaterThanOrEqual(50);
    const got = await store.get(ids);
    expect(counter.count()).toBe(1);
    expect(got).toHaveLength(ids.length);
  });

  it("throws LogError missing for an absent node, in any batch and in other spaces", async () => {
    const { db } = current();
    const nodes = treeNodes(5);
    await createSqlHashStore(db.kysely, "market").put(nodes);
    const store = createSqlHashStore(db.kysely, "market");
    const present = (nodes[0] as StoredNode).id;
    for (const ids of [[{ level: 0, index: 5 }], [present, { level: 3, index: 0 }]]) {
      const failure = await store.get(ids).catch((e) => e);
      expect(isLogError(failure, "missing")).toBe(true);
    }
    const elsewhere = await createSqlHashStore(db.kysely, "other")
      .get([present])
      .catch((e) => e);
    expect(isLogError(elsewhere, "missing")).toBe(true);
    expect(await store.get([])).toEqual([]);
  });

  it("accepts the same hash again and refuses a different one", async () => {
    const { db } = current();
    const nodes = treeNodes(4);
    const store = createSqlHashStore(db.kysely, "market");
    await store.put(nodes);
    await store.put(nodes);
    const first = nodes[0] as StoredNode;
    const forged = { id: first.id, hash: new Uint8Array(32).fill(7) };
    const failure = await store.put([forged]).catch((e) => e);
    expect(isLogError(failure, "inconsistent")).toBe(true);
    expect(await store.get([first.id])).toEqual([first.hash]);
  });

  it("refuses malformed ids and hashes", async () => {
    const { db } = current();
    const store = createSqlHashStore(db.kysely, "market");
    const cases: StoredNode[] = [
      { id: { level: 0, index: 0 }, hash: new Uint8Array(31) },
      { id: { level: 64, index: 0 }, hash: new Uint8Array(32) },
      { id: { level: 0, index: -1 }, hash: new Uint8Array(32) },
      { id: { level: 0, index: 0.5 }, hash: new Uint8Array(32) },
    ];
    for (const node of cases) {
      const failure = await store.put([node]).catch((e) => e);
      expect(isLogError(failure, "malformed")).toBe(true);
    }
  });

  it("writes inside a transaction, and a rollback takes the nodes back", async () => {
    const { db } = current();
    const nodes = treeNodes(8);
    const boom = new Error("projection failed");
    const failure = await db
      .transaction(async (tx) => {
        await createSqlHashStore(tx, "market").put(nodes);
        // Visible to the transaction itself before commit.
        expect(
          await createSqlHashStore(tx, "market").get([(nodes[0] as StoredNode).id]),
        ).toHaveLength(1);
        throw boom;
      })
      .catch((e) => e);
    expect(failure).toBe(boom);
    const after = await createSqlHashStore(db.kysely, "market")
      .get([(nodes[0] as StoredNode).id])
      .catch((e) => e);
    expect(isLogError(after, "missing")).toBe(true);
  });
});
