/**
 * src/store/precompiled.ts on both backends: values land in their slots whatever the order and repetition of
 * the slots in the SQL, the same statement runs on a database and inside a transaction (which it rolls
 * back with), the SQL is compiled once per database, and a constant outside a slot is refused.
 */
import { expect, it } from "vitest";
import { precompile, rowsStatement } from "../../src/store/precompiled.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";

// log_state rows: space, size, root, frontier, updated_at (any table of the schema would do).
const upsert = precompile((db, $) =>
  db
    .insertInto("log_state")
    .values({ updated_at: $(4), frontier: $(3), root: $(2), size: $(1), space: $(0) })
    .onConflict((oc) => oc.column("space").doUpdateSet({ size: $(1), updated_at: $(4) })),
);
const select = precompile((db, $) =>
  db
    .selectFrom("log_state")
    .select(["space", "size", "updated_at"])
    .where("size", ">=", $(1))
    .where("space", "=", $(0)),
);
const insertMany = rowsStatement(3, (db, rows, $) =>
  db.insertInto("log_state").values(
    Array.from({ length: rows }, (_, r) => ({
      space: $(r * 5),
      size: $(r * 5 + 1),
      root: $(r * 5 + 2),
      frontier: $(r * 5 + 3),
      updated_at: $(r * 5 + 4),
    })),
  ),
);
const bytes = (n: number) => Buffer.alloc(32, n);

describeBackends("precompiled statements", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("binds each value to its slot, on the database and in a transaction", async () => {
    const { db } = current();
    await upsert.execute(db.kysely, ["a", 3, bytes(1), bytes(2), "t1"]);
    await db.transaction(async (tx) => {
      await upsert.execute(tx, ["b", 5, bytes(3), bytes(4), "t2"]);
      await upsert.execute(tx, ["a", 4, bytes(1), bytes(2), "t3"]);
    });
    const { rows } = await select.execute(db.kysely, ["a", 0]);
    expect(rows).toEqual([{ space: "a", size: 4, updated_at: "t3" }]);
    expect((await select.execute(db.kysely, ["b", 6])).rows).toEqual([]);
    expect((await select.execute(db.kysely, ["b", 5])).rows).toEqual([
      { space: "b", size: 5, updated_at: "t2" },
    ]);
  });

  it("rolls back with its transaction", async () => {
    const { db } = current();
    await expect(
      db.transaction(async (tx) => {
        await upsert.execute(tx, ["c", 1, bytes(1), bytes(2), "t"]);
        expect((await select.execute(tx, ["c", 0])).rows).toHaveLength(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await select.execute(db.kysely, ["c", 0])).rows).toEqual([]);
  });

  it("writes many rows per statement, one statement per row count up to its limit", async () => {
    const { db } = current();
    const row = (space: string, size: number) => [space, size, bytes(0), bytes(1), "t"];
    await insertMany.execute(db.kysely, 3, [...row("x", 1), ...row("y", 2), ...row("z", 3)]);
    await insertMany.execute(db.kysely, 1, row("w", 9));
    for (const [space, size] of [
      ["x", 1],
      ["y", 2],
      ["z", 3],
      ["w", 9],
    ] as const) {
      expect((await select.execute(db.kysely, [space, 0])).rows[0]?.size).toBe(size);
    }
    expect(() => insertMany.execute(db.kysely, 4, [])).toThrow(RangeError);
    expect(() => insertMany.execute(db.kysely, 0, [])).toThrow(RangeError);
  });

  it("refuses a statement with a value outside its slots", () => {
    const { db } = current();
    const constant = precompile((d, $) =>
      d.selectFrom("log_state").select("space").where("space", "=", $(0)).where("size", "=", 1),
    );
    expect(() => constant.execute(db.kysely, ["a"])).toThrow(/not a slot/);
  });
});
