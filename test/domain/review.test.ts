/** Scenarios of the review commands: each rule's happy path and each rule broken. */
import { describe, expect, it } from "vitest";
import { disputeInteraction } from "../../src/domain/commands/interaction.js";
import {
  amendReview,
  replyToReview,
  revealDueReviews,
  withdrawReview,
} from "../../src/domain/commands/review.js";
import { DAY_MS } from "../../src/domain/policy.js";
import { verifyRatingOpening } from "../../src/domain/rating-commitment.js";
import { provenanceLabel, publicReviewView } from "../../src/domain/views.js";
import { review, reviewOf, stay } from "./support/scenario.js";
import {
  admin,
  as,
  attestKey,
  expectOk,
  expectRule,
  system,
  typesOf,
  world,
} from "./support/world.js";

const criteria = [
  { key: "cleanliness", label: "Cleanliness" },
  { key: "accuracy", label: "Accuracy" },
];

describe("submitReview, verified", () => {
  it("seals the first review of a mutual interaction and reveals both with the second", async () => {
    const w = await world({ criteria });
    const i = await stay(w, w.alice);
    const first = expectOk(
      await review(w, w.alice, {
        subject: w.listing,
        interaction: i,
        overall: 4,
        criteria: { cleanliness: 5 },
        text: "Quiet flat",
      }),
    );
    expect(typesOf(first)).toEqual(["review.submitted"]);
    const sealed = await reviewOf(w, i, w.alice);
    expect(sealed.provenance).toBe("verified");
    expect(sealed.sealedUntil).toBe(w.h.now + 14 * DAY_MS);
    expect(publicReviewView(sealed, w.h.now)).toBeNull();

    w.h.now += DAY_MS;
    const second = expectOk(
      await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "Tidy guest" }),
    );
    expect(typesOf(second)).toEqual(["review.submitted", "review.revealed", "review.revealed"]);
    const [a, b] = [await reviewOf(w, i, w.alice), await reviewOf(w, i, w.bob)];
    for (const r of [a, b]) {
      expect(r.revealedAt).toBe(w.h.now);
      expect(publicReviewView(r, w.h.now)?.state).toBe("published");
    }
    expect(publicReviewView(a, w.h.now)).toMatchObject({ overall: 4, text: "Quiet flat" });
    // Each reveal opens the commitment its review was submitted with.
    for (const e of second.filter((x) => x.type === "review.revealed")) {
      if (e.type !== "review.revealed") continue;
      const submitted = w.h.log.find(
        (l) => l.event.type === "review.submitted" && l.event.public.review === e.public.review,
      )?.event;
      if (submitted?.type !== "review.submitted") throw new Error("no submission");
      expect(
        verifyRatingOpening(submitted.public.ratingCommitment, e.public, e.public.ratingSalt),
      ).toBe(true);
      expect(e.public.reason).toBe("counterpart-reviewed");
    }
  });

  it("reveals at once when the counterpart reviews no one", async () => {
    const w = await world();
    const s = await w.space();
    const { recordInteraction } = await import("../../src/domain/commands/interaction.js");
    expectOk(
      await w.h.run(attestKey, (r, ctx) =>
        recordInteraction(
          r,
          s,
          {
            interaction: "sale-1",
            occurredAt: w.h.now,
            parties: [
              { member: w.alice, role: "buyer", reviews: w.listing },
              { member: w.bob, role: "seller", reviews: null },
            ],
          },
          ctx,
        ),
      ),
    );
    const events = expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: "sale-1", overall: 3, text: "" }),
    );
    expect(typesOf(events)).toEqual(["review.submitted", "review.revealed"]);
    expect((await reviewOf(w, "sale-1", w.alice)).sealedUntil).toBeNull();
  });

  it("reveals the second review at once when the first was withdrawn", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 1, text: "x" }),
    );
    const a = await reviewOf(w, i, w.alice);
    const s = await w.space();
    expectOk(await w.h.run(as(w.alice), (r, ctx) => withdrawReview(r, s, { review: a.id }, ctx)));
    const events = expectOk(
      await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "y" }),
    );
    expect(typesOf(events)).toEqual(["review.submitted", "review.revealed"]);
    expect((await reviewOf(w, i, w.alice)).revealedAt).toBeNull();
  });

  it("one review per party per interaction, withdrawn reviews included", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    const cmd = { subject: w.listing, interaction: i, overall: 4, text: "ok" };
    expectOk(await review(w, w.alice, cmd));
    expectRule(await review(w, w.alice, cmd), "conflict", "review.one-per-party-per-interaction");
    const s = await w.space();
    const id = (await reviewOf(w, i, w.alice)).id;
    expectOk(await w.h.run(as(w.alice), (r, ctx) => withdrawReview(r, s, { review: id }, ctx)));
    expectRule(await review(w, w.alice, cmd), "conflict", "review.one-per-party-per-interaction");
  });

  const broken: readonly [string, string, string][] = [
    ["a non-party", "forbidden", "review.party-only"],
    ["the wrong subject", "rule-violation", "review.subject-of-interaction"],
    ["one's own subject", "forbidden", "review.no-self-review"],
    ["an unknown interaction", "not-found", "interaction.exists"],
    ["an unknown subject", "not-found", "subject.exists"],
    ["a rating off the scale", "invalid-input", "review.rating-in-scale"],
    ["an unknown criterion", "invalid-input", "review.criteria-known"],
    ["a verified review flagged invited", "invalid-input", "review.invited-or-verified"],
    ["a text over 5,000 characters", "too-large", "input.review.text"],
    ["an unknown field", "invalid-input", "input.review.rating"],
  ];
  for (const [what, code, rule] of broken) {
    it(`refuses ${what} (${rule})`, async () => {
      const w = await world({ criteria });
      const i = await stay(w, w.alice);
      const ok = { subject: w.listing, interaction: i, overall: 4, text: "fine" };
      const bad = {
        "a non-party": [w.carol, ok],
        "the wrong subject": [w.alice, { ...ok, subject: w.bob }],
        "one's own subject": [w.bob, { ...ok, subject: w.listing }],
        "an unknown interaction": [w.alice, { ...ok, interaction: "nope" }],
        "an unknown subject": [w.alice, { ...ok, subject: "nope" }],
        "a rating off the scale": [w.alice, { ...ok, overall: 6 }],
        "an unknown criterion": [w.alice, { ...ok, criteria: { wifi: 3 } }],
        "a verified review flagged invited": [w.alice, { ...ok, invited: true }],
        "a text over 5,000 characters": [w.alice, { ...ok, text: "a".repeat(5001) }],
        "an unknown field": [w.alice, { ...ok, rating: 5 }],
      }[what] as [string, Parameters<typeof review>[2]];
      const before = w.h.log.length;
      expectRule(await review(w, bad[0], bad[1]), code as never, rule);
      expect(w.h.log.length).toBe(before);
    });
  }

  it("requires every criterion when the policy says so", async () => {
    const w = await world({ criteria, criteriaRequired: true });
    const i = await stay(w, w.alice);
    const cmd = {
      subject: w.listing,
      interaction: i,
      overall: 4,
      text: "",
      criteria: { accuracy: 4 },
    };
    expectRule(await review(w, w.alice, cmd), "invalid-input", "review.criteria-required");
    expectOk(await review(w, w.alice, { ...cmd, criteria: { accuracy: 4, cleanliness: 3 } }));
  });

  it("closes reviews after the deadline", async () => {
    const w = await world({ reviewDeadlineDays: 10 });
    const i = await stay(w, w.alice);
    w.h.now += 10 * DAY_MS + 1;
    expectRule(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 4, text: "" }),
      "rule-violation",
      "review.deadline-passed",
    );
  });

  it("refuses a review of an interaction the author said did not happen", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    const s = await w.space();
    expectOk(
      await w.h.run(as(w.alice), (r, ctx) =>
        disputeInteraction(r, s, { interaction: i, explanation: "Never went" }, ctx),
      ),
    );
    expectRule(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 1, text: "" }),
      "rule-violation",
      "review.interaction-disputed",
    );
  });

  it("is for members only", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    const s = await w.space();
    const { submitReview } = await import("../../src/domain/commands/review.js");
    expectRule(
      await w.h.run(admin, (r, ctx) =>
        submitReview(r, s, { subject: w.listing, interaction: i, overall: 5, text: "" }, ctx),
      ),
      "forbidden",
      "review.members-only",
    );
  });
});

describe("submitReview, unverified", () => {
  it("is refused when the space accepts only verified reviews (the default)", async () => {
    const w = await world();
    expectRule(
      await review(w, w.alice, { subject: w.listing, overall: 5, text: "" }),
      "rule-violation",
      "review.unverified-not-accepted",
    );
  });

  it("is organic, labelled and revealed at once when the space accepts all", async () => {
    const w = await world({ unverified: { accept: "all", label: "Unverified" } });
    const events = expectOk(
      await review(w, w.alice, { subject: w.listing, overall: 2, text: "meh" }),
    );
    expect(typesOf(events)).toEqual(["review.submitted", "review.revealed"]);
    const r = w.h.store.all("review")[0];
    expect(r?.provenance).toBe("organic");
    const view = r === undefined ? null : publicReviewView(r, w.h.now);
    expect(
      view?.state === "published" && provenanceLabel(view.provenance, (await w.space()).policy),
    ).toBe("Unverified");
    expectRule(
      await review(w, w.alice, { subject: w.listing, overall: 5, text: "again" }),
      "conflict",
      "review.one-unverified-per-subject",
    );
  });

  it("is invited only when an operator key with attest scope relays it", async () => {
    const w = await world({ unverified: { accept: "invited", label: "Invited" } });
    const cmd = { subject: w.listing, overall: 5, text: "", invited: true };
    expectRule(await review(w, w.alice, cmd), "forbidden", "review.invitation-attested");
    expectRule(
      await review(w, w.alice, { ...cmd, invited: false }),
      "rule-violation",
      "review.unverified-not-accepted",
    );
    const s = await w.space();
    const { submitReview } = await import("../../src/domain/commands/review.js");
    expectOk(
      await w.h.run({ kind: "member", member: w.alice, via: attestKey }, (r, ctx) =>
        submitReview(r, s, cmd, ctx),
      ),
    );
    expect(w.h.store.all("review")[0]?.provenance).toBe("invited");
  });
});

describe("amendReview", () => {
  it("replaces the content while sealed; the reveal opens the latest commitment", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 2, text: "a" }),
    );
    const id = (await reviewOf(w, i, w.alice)).id;
    const s = await w.space();
    const amend = { review: id, overall: 3, text: "b" };
    expectOk(await w.h.run(as(w.alice), (r, ctx) => amendReview(r, s, amend, ctx)));
    expectRule(
      await w.h.run(as(w.bob), (r, ctx) => amendReview(r, s, amend, ctx)),
      "forbidden",
      "review.author-only",
    );
    expectOk(await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "c" }));
    const a = await reviewOf(w, i, w.alice);
    expect(publicReviewView(a, w.h.now)).toMatchObject({ overall: 3, text: "b", amended: true });
    expect(
      verifyRatingOpening(a.ratingCommitment, { overall: 3, criteria: {} }, a.ratingSalt ?? ""),
    ).toBe(true);
    expectRule(
      await w.h.run(as(w.alice), (r, ctx) => amendReview(r, s, amend, ctx)),
      "rule-violation",
      "review.no-edits-after-reveal",
    );
  });

  it("refuses edits once the window has ended, even before the sealer runs", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 2, text: "a" }),
    );
    const id = (await reviewOf(w, i, w.alice)).id;
    w.h.now += 14 * DAY_MS;
    const s = await w.space();
    expectRule(
      await w.h.run(as(w.alice), (r, ctx) =>
        amendReview(r, s, { review: id, overall: 1, text: "" }, ctx),
      ),
      "rule-violation",
      "review.no-edits-after-reveal",
    );
  });
});

describe("withdrawReview", () => {
  it("withdraws (an event, not a deletion), once, by the author only", async () => {
    const w = await world({ unverified: { accept: "all", label: "Unverified" } });
    expectOk(await review(w, w.alice, { subject: w.listing, overall: 2, text: "meh" }));
    const r = w.h.store.all("review")[0];
    if (r === undefined) throw new Error("no review");
    const s = await w.space();
    expectRule(
      await w.h.run(as(w.carol), (rd, ctx) => withdrawReview(rd, s, { review: r.id }, ctx)),
      "forbidden",
      "review.author-only",
    );
    const events = expectOk(
      await w.h.run(as(w.alice), (rd, ctx) => withdrawReview(rd, s, { review: r.id }, ctx)),
    );
    expect(typesOf(events)).toEqual(["review.withdrawn"]);
    const after = await w.h.reader.get("review", "stays", r.id);
    expect(after?.withdrawnAt).toBe(w.h.now);
    expect(after === null ? "missing" : publicReviewView(after, w.h.now)).toBeNull();
    expectRule(
      await w.h.run(as(w.alice), (rd, ctx) => withdrawReview(rd, s, { review: r.id }, ctx)),
      "gone",
      "review.withdrawn",
    );
    expectRule(
      await w.h.run(as(w.alice), (rd, ctx) => withdrawReview(rd, s, { review: "nope" }, ctx)),
      "not-found",
      "review.exists",
    );
  });
});

describe("replyToReview", () => {
  it("lets the reviewed party reply once to a published review", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: i, overall: 3, text: "ok" }),
    );
    const id = (await reviewOf(w, i, w.alice)).id;
    const s = await w.space();
    const reply = (who: string) =>
      w.h.run(as(who), (r, ctx) => replyToReview(r, s, { review: id, text: "Thanks" }, ctx));
    expectRule(await reply(w.bob), "rule-violation", "review.reply-after-reveal");
    w.h.now += 14 * DAY_MS;
    expectOk(await w.h.run(system, (r, ctx) => revealDueReviews(r, s, { limit: 10 }, ctx)));
    expectRule(await reply(w.carol), "forbidden", "review.reply-by-reviewed-party");
    expect(typesOf(expectOk(await reply(w.bob)))).toEqual(["review.replied"]);
    expect((await reviewOf(w, i, w.alice)).reply).not.toBeNull();
    expectRule(await reply(w.bob), "conflict", "review.one-reply");
  });
});

describe("revealDueReviews (the sealer)", () => {
  it("reveals sealed reviews whose window has ended, and only those", async () => {
    const w = await world();
    const i1 = await stay(w, w.alice, "stay-1");
    expectOk(
      await review(w, w.alice, { subject: w.listing, interaction: i1, overall: 5, text: "" }),
    );
    w.h.now += 5 * DAY_MS;
    const i2 = await stay(w, w.carol, "stay-2");
    expectOk(
      await review(w, w.carol, { subject: w.listing, interaction: i2, overall: 4, text: "" }),
    );
    const s = await w.space();
    w.h.now += 9 * DAY_MS - 1;
    expect(
      expectOk(await w.h.run(system, (r, ctx) => revealDueReviews(r, s, { limit: 10 }, ctx))),
    ).toEqual([]);
    w.h.now += 1;
    const events = expectOk(
      await w.h.run(system, (r, ctx) => revealDueReviews(r, s, { limit: 10 }, ctx)),
    );
    expect(events.map((e) => e.type === "review.revealed" && e.public.reason)).toEqual([
      "window-ended",
    ]);
    expect((await reviewOf(w, i1, w.alice)).revealedAt).toBe(w.h.now);
    expect((await reviewOf(w, i2, w.carol)).revealedAt).toBeNull();
    expectRule(
      await w.h.run(as(w.alice), (r, ctx) => revealDueReviews(r, s, { limit: 10 }, ctx)),
      "forbidden",
      "review.sealer-only",
    );
  });
});
