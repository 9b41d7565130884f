/**
 * The audit the crash and concurrency tests rely on (support/log-audit.ts) finds each kind of damage a
 * half-written event or a broken append would leave: a missing record, a missing last entry, a
 * tampered entry, a stray node hash, a lost private part, a tree state of another tree. An untouched
 * space passes. On both backends.
 */
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { createAppender } from "../../../src/log/merkle/appender.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import type { Database } from "../../../src/store/database.js";
import { createKeyVault } from "../../../src/store/keys/key-vault.js";
import { writeLogState } from "../../../src/store/log/log-state.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import { createSpaceService } from "../../../src/store/space/service.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { auditLog } from "./support/log-audit.js";
import { openMarket, requireOk, stayAndReview } from "./support/market.js";

/** A market space with four stays and their reviews; returns its log size. */
async function market(db: Database, space: string): Promise<number> {
  const vault = createKeyVault(new Uint8Array(randomBytes(32)));
  const service = createSpaceService({ db, vault, signers: createSpaceLogSigners({ vault }) });
  const members = await openMarket(service, space, 4);
  const calls = [0, 1, 2, 3].flatMap((k) =>
    stayAndReview(members, `stay-${k}`, k, k + 1, Date.now()),
  );
  for (const outcome of await service.executeBatch(space, calls)) requireOk(outcome, "stay");
  return (await auditLog(db, space, { allPrivateParts: true })).size;
}

describeBackends("log audit", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("passes an untouched space and finds every kind of damage", async () => {
    const { db } = current();
    const audit = (space: string) => auditLog(db, space, { allPrivateParts: true });
    const size = await market(db, "intact");
    // space.created; per member member.joined and its subject.registered; 4 listings; 4 stays, 4 reviews.
    expect(size).toBe(1 + 4 * 2 + 4 + 8);
    await expect(audit("intact")).resolves.toMatchObject({ size });

    await market(db, "no-record");
    await db.kysely
      .deleteFrom("interactions")
      .where("space", "=", "no-record")
      .where("id", "=", "stay-2")
      .execute();
    await expect(audit("no-record")).rejects.toThrow(/interactions: one record per creating event/);

    await market(db, "no-entry");
    await db.kysely
      .deleteFrom("log_entries")
      .where("space", "=", "no-entry")
      .where("idx", "=", size - 1)
      .execute();
    await expect(audit("no-entry")).rejects.toThrow(/log_state size = number of entries/);

    await market(db, "gap");
    await db.kysely
      .deleteFrom("log_entries")
      .where("space", "=", "gap")
      .where("idx", "=", 5)
      .execute();
    await expect(audit("gap")).rejects.toThrow(/the first index out of place/);

    await market(db, "tampered");
    await db.kysely
      .updateTable("log_entries")
      .set({ entry: Buffer.from('{"tampered":true}') })
      .where("space", "=", "tampered")
      .where("idx", "=", 3)
      .execute();
    await expect(audit("tampered")).rejects.toThrow(/leaf hash of 3/);

    await market(db, "stray-node");
    await db.kysely
      .insertInto("log_nodes")
      .values({ space: "stray-node", level: 0, idx: size, hash: Buffer.alloc(32, 1) })
      .execute();
    await expect(audit("stray-node")).rejects.toThrow(/log_nodes = complete subtrees/);

    await market(db, "lost-part");
    await db.kysely
      .deleteFrom("event_private")
      .where("space", "=", "lost-part")
      .where("idx", "=", 1) // member.joined: the display name is private
      .execute();
    await expect(audit("lost-part")).rejects.toThrow(/a private part per committed entry/);
    await expect(auditLog(db, "lost-part", { allPrivateParts: false })).resolves.toBeDefined();

    // A consistent state (its frontier folds to its root) of a tree whose last leaf differs.
    await market(db, "other-tree");
    const entries = await db.kysely
      .selectFrom("log_entries")
      .select("entry")
      .where("space", "=", "other-tree")
      .orderBy("idx")
      .execute();
    const other = createAppender();
    entries.forEach((e, i) => {
      other.append(leafHash(i === size - 1 ? Buffer.from("other") : new Uint8Array(e.entry)));
    });
    await db.spaceTransaction("other-tree", (w) =>
      writeLogState(w, { size, root: other.root(), frontier: other.frontier() }),
    );
    await expect(audit("other-tree")).rejects.toThrow(/log_state root = root recomputed/);
  });
});
