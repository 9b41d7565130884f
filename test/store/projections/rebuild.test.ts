/**
 * rebuild == incremental: after the scripted community (sealed and revealed reviews, moderation, two
 * erasures, two retention sweeps), dropping a space's projections and replaying its log gives back
 * every projection row, column for column, and leaves the log, the private parts and other spaces
 * alone. A private part that no longer opens its commitment stops the rebuild and changes nothing.
 * On both backends.
 */
import { expect, it } from "vitest";
import { isStoreError } from "../../../src/store/errors.js";
import { RECORD_TABLES } from "../../../src/store/projections/columns.js";
import { rebuild } from "../../../src/store/projections/rebuild.js";
import { admin, membersKey } from "../../domain/support/world.js";
import { MEMBERS, SPACE, scriptCommunity } from "../space/support/community.js";
import { projectionSnapshot, RECORD_TABLE_NAMES, snapshot } from "../space/support/snapshot.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

describeBackends("rebuild", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("recomputes every projection row of a rich history, erasures and sweeps included", async () => {
    const { db } = current();
    const c = await scriptCommunity(db);
    // A second space, which a rebuild of the first must not touch.
    const other = await c.t.service.createSpace({ space: "other", name: "Other" }, admin);
    expect(other.ok).toBe(true);
    await c.t.service.execute("other", membersKey, "joinMember", {
      member: MEMBERS.alice,
      displayName: "Alice elsewhere",
    });
    const incremental = await snapshot(db, SPACE);
    const otherBefore = await snapshot(db, "other");
    for (const table of RECORD_TABLE_NAMES) {
      expect(incremental[table]?.length, table).toBeGreaterThan(0);
    }

    const progress: [number, number][] = [];
    const report = await rebuild(db, SPACE, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    const size = incremental.log_entries?.length ?? 0;
    expect(report).toMatchObject({ space: SPACE, entries: size });
    expect(report.withPrivatePart).toBe(incremental.event_private?.length);
    expect(progress.at(-1)).toEqual([size, size]);
    expect(await snapshot(db, SPACE)).toEqual(incremental);
    expect(await snapshot(db, "other")).toEqual(otherBefore);

    // From nothing: every projection row deleted, then rebuilt.
    for (const { table } of Object.values(RECORD_TABLES)) {
      await db.kysely.deleteFrom(table).where("space", "=", SPACE).execute();
    }
    expect(Object.values(await projectionSnapshot(db, SPACE)).flat()).toEqual([]);
    await rebuild(db, SPACE);
    expect(await snapshot(db, SPACE)).toEqual(incremental);
  });

  it("refuses a private part that does not open its commitment, and changes nothing", async () => {
    const { db } = current();
    await scriptCommunity(db);
    const before = await snapshot(db, SPACE);
    const part = await db.kysely
      .selectFrom("event_private")
      .select(["event_id", "private"])
      .where("space", "=", SPACE)
      .orderBy("idx")
      .executeTakeFirstOrThrow();
    const altered = JSON.stringify({ ...JSON.parse(part.private), displayName: "Mallory" });
    await db.kysely
      .updateTable("event_private")
      .set({ private: altered })
      .where("space", "=", SPACE)
      .where("event_id", "=", part.event_id)
      .execute();
    const error = await rebuild(db, SPACE).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStoreError(error, "corrupt")).toBe(true);
    const after = await snapshot(db, SPACE);
    expect({ ...after, event_private: [] }).toEqual({ ...before, event_private: [] });
  });

  it("of a space with no log leaves it empty", async () => {
    const { db } = current();
    expect(await rebuild(db, "empty")).toEqual({ space: "empty", entries: 0, withPrivatePart: 0 });
  });
});
