/**
 * Erasure (GDPR Art. 17): a member's private content is shredded, public commitments stay, so the
 * log still verifies and counts stay honest.
 */
import { describe, expect, it } from "vitest";
import { raiseAlert } from "../../src/domain/commands/alert.js";
import { disputeInteraction } from "../../src/domain/commands/interaction.js";
import { eraseMember, joinMember } from "../../src/domain/commands/member.js";
import { amendReview } from "../../src/domain/commands/review.js";
import { giveVouch } from "../../src/domain/commands/vouch.js";
import { decodeEntry, verifyCommitment } from "../../src/domain/entry.js";
import { DAY_MS } from "../../src/domain/policy.js";
import { shredDeadline } from "../../src/domain/retention.js";
import { holdsSealedRating, shredChanges } from "../../src/domain/shred.js";
import { subjectSummary } from "../../src/domain/summary.js";
import { publicReviewView } from "../../src/domain/views.js";
import { review, reviewOf, stay } from "./support/scenario.js";
import {
  as,
  expectOk,
  expectRule,
  membersKey,
  typesOf,
  type World,
  world,
} from "./support/world.js";

/** Alice leaves traces of every kind; returns the interactions. */
async function busyAlice(w: World) {
  const s = () => w.space();
  // stay-3 happened 10 days ago; alice reviewed it then; its window ends in 4 days.
  await stay(w, w.alice, "stay-3", w.h.now - 10 * DAY_MS);
  expectOk(
    await review(w, w.alice, { subject: w.listing, interaction: "stay-3", overall: 3, text: "T3" }),
  );
  // stay-1: both reviewed, revealed.
  await stay(w, w.alice, "stay-1");
  expectOk(
    await review(w, w.alice, { subject: w.listing, interaction: "stay-1", overall: 5, text: "T1" }),
  );
  expectOk(
    await review(w, w.bob, { subject: w.alice, interaction: "stay-1", overall: 4, text: "B1" }),
  );
  w.h.now += 5 * DAY_MS; // stay-3's window is over, the sealer has not run yet
  // stay-2: alice reviewed, sealed.
  await stay(w, w.alice, "stay-2");
  expectOk(
    await review(w, w.alice, { subject: w.listing, interaction: "stay-2", overall: 1, text: "T2" }),
  );
  const space = await s();
  expectOk(
    await w.h.run(as(w.alice), (r, ctx) =>
      giveVouch(r, space, { vouchee: w.carol, scope: "met-in-person", note: "Lovely" }, ctx),
    ),
  );
  expectOk(
    await w.h.run(as(w.alice), (r, ctx) =>
      raiseAlert(
        r,
        space,
        {
          target: { kind: "subject", id: w.listing },
          category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
          explanation: "Fake photos, says alice",
          goodFaith: true,
        },
        ctx,
      ),
    ),
  );
  await stay(w, w.alice, "stay-4");
  expectOk(
    await w.h.run(as(w.alice), (r, ctx) =>
      disputeInteraction(r, space, { interaction: "stay-4", explanation: "Alice was away" }, ctx),
    ),
  );
}

describe("eraseMember", () => {
  it("shreds private content, keeps public commitments, reveals due and withdraws sealed reviews", async () => {
    const w = await world();
    await busyAlice(w);
    const logBefore = w.h.log.map((l) => l.bytes);
    const othersBefore = [...w.h.privates].filter(([, p]) => p.owner !== w.alice);
    expect([...w.h.privates.values()].some((p) => p.owner === w.alice)).toBe(true);

    const s = await w.space();
    const events = expectOk(
      await w.h.run(as(w.alice), (r, ctx) => eraseMember(r, s, { member: w.alice }, ctx)),
    );
    expect(typesOf(events)).toEqual(["review.revealed", "review.withdrawn", "member.erased"]);

    // The log is untouched and every entry still decodes with its commitment.
    expect(w.h.log.slice(0, logBefore.length).map((l) => l.bytes)).toEqual(logBefore);
    for (const l of w.h.log) {
      const d = decodeEntry(l.bytes);
      expect(d.ok && (d.value.commitment ?? null)).toBe(l.commitment);
    }
    // Alice's private parts are gone; everyone else's still open their commitments.
    expect([...w.h.privates.values()].filter((p) => p.owner === w.alice)).toEqual([]);
    expect([...w.h.privates].filter(([, p]) => p.owner !== w.alice)).toEqual(othersBefore);
    for (const [id, p] of w.h.privates) {
      const l = w.h.log.find((x) => x.event.id === id);
      expect(
        l !== undefined && verifyCommitment({ commitment: l.commitment }, p.private, p.salt),
      ).toBe(true);
    }

    // Records hold none of her private data.
    const member = await w.h.reader.get("member", "stays", w.alice);
    expect(member).toMatchObject({ displayName: null, erasedAt: w.h.now });
    for (const r of w.h.store.all("review").filter((x) => x.author === w.alice)) {
      expect({ text: r.text, title: r.title }).toEqual({ text: null, title: null });
      if (r.revealedAt === null)
        expect([r.overall, r.criteria, r.ratingSalt]).toEqual([null, null, null]);
    }
    expect(w.h.store.all("vouch").find((v) => v.voucher === w.alice)?.note).toBeNull();
    // Her notice named her in its private part only (issue 3): its record forgets her with it.
    const alerts = w.h.store.all("alert");
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.filter((a) => a.reporter === w.alice)).toEqual([]);
    expect(alerts.map((a) => [a.reporter, a.explanation])).toEqual(alerts.map(() => [null, null]));
    expect(w.h.store.all("dispute").find((d) => d.member === w.alice)?.explanation).toBeNull();
    // Bob's review of alice keeps its text: it is bob's.
    expect((await reviewOf(w, "stay-1", w.bob)).text).toBe("B1");

    // Counts stay honest: the revealed reviews still count, with their public ratings.
    const listing = w.h.store.all("review").filter((r) => r.subject === w.listing);
    const summary = subjectSummary(listing, w.h.now);
    expect(summary).toMatchObject({ published: 2, withdrawn: 1, overallSum: 8 });
    const view = publicReviewView(await reviewOf(w, "stay-1", w.alice), w.h.now);
    expect(view).toMatchObject({ state: "published", overall: 5, text: null });
  });

  it("is final: an erased member can neither act, rejoin nor be erased again", async () => {
    const w = await world();
    const s = await w.space();
    expectOk(await w.h.run(membersKey, (r, ctx) => eraseMember(r, s, { member: w.alice }, ctx)));
    await stay(w, w.carol, "stay-9");
    expectRule(
      await w.h.run(membersKey, (r, ctx) =>
        joinMember(r, s, { member: w.alice, displayName: "A" }, ctx),
      ),
      "gone",
      "member.erased",
    );
    expectRule(
      await w.h.run(membersKey, (r, ctx) => eraseMember(r, s, { member: w.alice }, ctx)),
      "gone",
      "member.erased",
    );
    expectRule(
      await w.h.run(as(w.alice), (r, ctx) =>
        giveVouch(r, s, { vouchee: w.bob, scope: "met-in-person" }, ctx),
      ),
      "gone",
      "member.erased",
    );
  });

  it("is for the member themselves or a members key", async () => {
    const w = await world();
    const s = await w.space();
    expectRule(
      await w.h.run(as(w.carol), (r, ctx) => eraseMember(r, s, { member: w.alice }, ctx)),
      "forbidden",
      "member.erase-self-or-operator",
    );
    expectRule(
      await w.h.run(membersKey, (r, ctx) =>
        eraseMember(r, s, { member: "AAAAAAAAAAAAAAAAAAAAAA" }, ctx),
      ),
      "not-found",
      "member.exists",
    );
  });
});

describe("retention (shredChanges, holdsSealedRating, shredDeadline)", () => {
  it("undoes exactly what a private part fed, and holds a sealed rating until reveal", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 2, text: "v1" }),
    );
    const id = (await reviewOf(w, i, w.alice)).id;
    const s = await w.space();
    expectOk(
      await w.h.run(as(w.alice), (r, ctx) =>
        amendReview(r, s, { review: id, overall: 3, text: "v2" }, ctx),
      ),
    );
    const [submitted, amended] = w.h.log.slice(-2).map((l) => l.event);
    if (submitted?.type !== "review.submitted" || amended?.type !== "review.amended") {
      throw new Error("unexpected log");
    }
    const current = await reviewOf(w, i, w.alice);
    expect(holdsSealedRating(submitted, current)).toBe(false); // superseded
    expect(holdsSealedRating(amended, current)).toBe(true); // the only copy of the sealed rating
    w.h.store.apply(shredChanges(submitted), () => {});
    expect(await reviewOf(w, i, w.alice)).toEqual(current); // the amendment's text stays

    expectOk(await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "b" }));
    const revealed = await reviewOf(w, i, w.alice);
    expect(holdsSealedRating(amended, revealed)).toBe(false);
    w.h.store.apply(shredChanges(amended), () => {});
    expect(await reviewOf(w, i, w.alice)).toMatchObject({ overall: 3, text: null, title: null });
    expect(publicReviewView(await reviewOf(w, i, w.alice), w.h.now)).toMatchObject({
      overall: 3,
      text: null,
    });
  });

  it("dates each private part's end from the policy's retention", async () => {
    const w = await world();
    const policy = (await w.space()).policy;
    expect(shredDeadline("alert.raised", 1000, policy)).toBe(1000 + 365 * DAY_MS);
    expect(shredDeadline("interaction.recorded", 0, policy)).toBe(730 * DAY_MS);
    expect(shredDeadline("review.submitted", 0, policy)).toBeNull();
  });
});
