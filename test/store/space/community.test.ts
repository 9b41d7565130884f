/**
 * The scripted community through the space service, on both backends: at every checkpoint the SQL
 * projections, the SQL DomainReader and event_private equal the in-memory reference fed the same log,
 * and the read queries show exactly what the domain's views allow (a sealed review nowhere).
 */
import { expect, it } from "vitest";
import { DAY_MS } from "../../../src/domain/policy.js";
import { isVisible } from "../../../src/domain/sealing.js";
import { createSqlDomainReader } from "../../../src/store/projections/sql-reader.js";
import {
  getPublicReview,
  subjectReviewSummary,
} from "../../../src/store/space/queries/review-queries.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import {
  type Checkpoint,
  type Community,
  MEMBERS,
  SPACE,
  scriptCommunity,
} from "./support/community.js";
import {
  expectPrivateParity,
  expectRecordParity,
  expectReviewQueriesFollowViews,
} from "./support/parity.js";
import { expectReaderParity } from "./support/reader-parity.js";

describeBackends("space service: a scripted community", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("keeps projections, reader and private parts equal to the in-memory reference", async () => {
    const { db } = current();
    const seen: Checkpoint[] = [];
    const look = async (checkpoint: Checkpoint, c: Community) => {
      seen.push(checkpoint);
      const now = c.t.now;
      await expectRecordParity(db, c.mirror, SPACE);
      await expectPrivateParity(db, c.mirror, SPACE);
      const asked = await expectReaderParity(
        createSqlDomainReader(db.kysely),
        c.mirror,
        SPACE,
        now,
      );
      expect(asked).toBeGreaterThan(500);
      await expectReviewQueriesFollowViews(db, c.mirror, SPACE, now);
      await specifics(checkpoint, c);
    };
    const c = await scriptCommunity(db, look);
    expect(seen).toEqual(["sealed", "swept-sealed", "removed", "erased", "end"]);
    expect(c.sweeps.map((s) => s.store)).toEqual(c.sweeps.map((s) => s.mirror));
  });

  /** What each checkpoint is about, said explicitly. */
  async function specifics(checkpoint: Checkpoint, c: Community) {
    const { db } = current();
    const review = (id: string) => c.mirror.store.all("review").find((r) => r.id === id);
    switch (checkpoint) {
      case "sealed": {
        const alices = review(c.ids.aliceReview);
        expect(alices !== undefined && isVisible(alices, c.t.now)).toBe(false);
        expect(await getPublicReview(db.kysely, SPACE, c.ids.aliceReview, c.t.now)).toBeNull();
        const summary = await subjectReviewSummary(db.kysely, SPACE, "flat-7", c.t.now);
        expect(summary).toMatchObject({ published: 0, removed: 0, overallMean: null });
        break;
      }
      case "swept-sealed": {
        // Carol's and erin's sealed ratings outlived their (shortened) retention, and were kept.
        expect(c.sweeps[0]?.store.keptSealed).toBe(2);
        expect(c.sweeps[0]?.store.shredded).toBeGreaterThan(0);
        const carols = review(c.ids.carolReview);
        expect(carols?.overall).toBe(2);
        expect(carols !== undefined && isVisible(carols, c.t.now)).toBe(false);
        // Erin's window has ended, the sealer has not run: visible by rule, from the kept rating.
        const erins = await getPublicReview(db.kysely, SPACE, c.ids.erinSealedReview, c.t.now);
        expect(erins?.review).toMatchObject({ state: "published", overall: 4 });
        expect(review(c.ids.erinSealedReview)?.revealedAt).toBeNull();
        // Alice's revealed review lost its text to retention, not its public rating.
        expect(review(c.ids.aliceReview)).toMatchObject({ text: null, title: null, overall: 5 });
        break;
      }
      case "removed": {
        // The sealer revealed the earliest window first.
        expect(c.revealedBySealer).toEqual([c.ids.erinSealedReview, c.ids.carolReview]);
        const item = await getPublicReview(db.kysely, SPACE, c.ids.carolReview, c.t.now);
        expect(item?.review).toEqual({
          state: "removed",
          id: c.ids.carolReview,
          subject: "flat-7",
          decision: c.ids.decision,
        });
        break;
      }
      case "erased": {
        expect(review(c.ids.danSealedReview)).toMatchObject({
          withdrawnReason: "erasure",
          overall: null,
          text: null,
        });
        const members = c.mirror.store.all("member");
        expect(members.find((m) => m.id === MEMBERS.alice)?.displayName).toBeNull();
        expect(members.find((m) => m.id === MEMBERS.bob)?.displayName).toBe("BOB");
        expect([...c.mirror.privates.values()].some((p) => p.owner === MEMBERS.dan)).toBe(false);
        // Alice's vouch is hidden by a decision in force: bob holds no active vouch until it ends.
        expect(c.mirror.store.all("vouch").find((v) => v.id === c.ids.aliceVouch)).toMatchObject({
          removedBy: c.ids.vouchDecision,
        });
        const reader = createSqlDomainReader(db.kysely);
        expect(await reader.countVouchesFor(SPACE, MEMBERS.bob, c.t.now)).toBe(0);
        expect(await reader.countVouchesFor(SPACE, MEMBERS.bob, c.t.now + 5 * DAY_MS)).toBe(1);
        break;
      }
      case "end": {
        expect(c.sweeps[1]?.store.shredded).toBeGreaterThan(0);
        const stays = c.mirror.store.all("interaction");
        expect(stays.map((s) => s.reference)).toEqual(stays.map(() => null));
        break;
      }
    }
  }
});
