/**
 * The writer the concurrency tests race: in one space transaction, read the space's size, let other work
 * run (so that an unserialized writer would read the same size), then write a row at that index and the
 * new size. With the writer lock, indices come out gap-free and unique; without it, writers collide on the
 * primary key or overwrite the size. Test helper.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../../../src/store/database.js";

/** Appends one placeholder row at index = current size and returns that index. */
export function appendAtCurrentSize(db: Database, space: string): Promise<number> {
  return db.spaceTransaction(space, async ({ tx }) => {
    const state = await tx
      .selectFrom("log_state")
      .select("size")
      .where("space", "=", space)
      .executeTakeFirst();
    const idx = state?.size ?? 0;
    await sleep(2);
    await tx
      .insertInto("log_entries")
      .values({
        space,
        idx,
        entry: Buffer.from(`entry ${idx}`),
        leaf_hash: Buffer.alloc(32),
        created_at: new Date().toISOString(),
      })
      .execute();
    const row = {
      size: idx + 1,
      root: Buffer.alloc(32),
      frontier: Buffer.alloc(0),
      updated_at: new Date().toISOString(),
    };
    await tx
      .insertInto("log_state")
      .values({ space, ...row })
      .onConflict((oc) => oc.column("space").doUpdateSet(row))
      .execute();
    return idx;
  });
}
