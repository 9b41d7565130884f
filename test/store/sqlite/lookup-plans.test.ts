/**
 * Every DomainReader lookup is an index search on SQLite, not a scan of the space's rows: the commands
 * run them on every write, so a scan makes each write cost in proportion to the space's size (the
 * planner chose the primary key to avoid sorting by id until 0105-lookup-indexes). Likewise the
 * patch-where queries of applyChanges (an erasure, a reversed decision) since 0109.
 */
import { describe, expect, it } from "vitest";
import type { RecordChange } from "../../../src/domain/changes.js";
import type { RecordKind } from "../../../src/domain/records.js";
import { applyChanges } from "../../../src/store/projections/apply-changes.js";
import { createSqlDomainReader } from "../../../src/store/projections/sql-reader.js";
import { loggedDatabase, plan } from "./support/logged-database.js";

describe("DomainReader lookups on SQLite", () => {
  it("search an index and never scan a table", async () => {
    const { db, kysely, queries } = await loggedDatabase();

    const r = createSqlDomainReader(db.kysely);
    await r.get("review", "s", "r1");
    await r.findReview("s", "i1", "m1");
    await r.findUnverifiedReviews("s", "sub1", "m1");
    await r.findDispute("s", "i1", "m1");
    await r.listUnrevealedReviewsBy("s", "m1");
    await r.listRevealDue("s", 0, 10);
    await r.countVouchesFor("s", "m1", 0);
    await r.findActiveVouch("s", "m1", "m2", "met-in-person", 0);
    await r.listDecisionsAffecting("s", "m1");
    await r.listAppeals("s", { kind: "decision", id: "d1" }, "m1");
    expect(queries).toHaveLength(10);

    for (const q of [...queries]) {
      const found = await plan(kysely, q);
      // A search on (space=?) alone reads every row of the space; a temporary B-tree sorts them.
      expect(found, q.sql).toMatch(
        /^SEARCH \w+ USING (COVERING )?(INDEX \w+|PRIMARY KEY) \(space=\? AND /,
      );
      expect(found, q.sql).not.toMatch(/\bSCAN\b|TEMP B-TREE/);
    }
    await db.close();
  });

  it("patch-where searches an index on its where columns, not the space's primary key", async () => {
    const { db, kysely, queries } = await loggedDatabase();
    const patchWhere = (kind: RecordKind, where: object): RecordChange =>
      ({ op: "patch-where", kind, space: "s", where, set: { text: null } }) as RecordChange;
    await applyChanges(db.kysely, [
      // A reversed decision shows again what it hid (0109: a partial index on removed_by).
      patchWhere("review", { removedBy: "d1" }),
      // An erasure (0109 dropped the (space, author, id) index these used).
      patchWhere("review", { author: "m1" }),
      patchWhere("review", { author: "m1", revealedAt: null }),
      patchWhere("reply", { author: "m1" }),
      patchWhere("subject", { kind: "member", owner: "m1" }),
    ]);
    expect(queries).toHaveLength(5);
    expect(await Promise.all(queries.map((q) => plan(kysely, q)))).toEqual([
      "SEARCH reviews USING INDEX reviews_removed_by_set (space=? AND removed_by=?)",
      "SEARCH reviews USING INDEX reviews_author_submitted_at_id (space=? AND author=?)",
      "SEARCH reviews USING INDEX reviews_author_submitted_at_id (space=? AND author=?)",
      "SEARCH replies USING INDEX replies_author (space=? AND author=?)",
      "SEARCH subjects USING INDEX subjects_owner (space=? AND owner=?)",
    ]);
    await db.close();
  });
});
