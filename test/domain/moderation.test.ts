/** Scenarios of notice and action (alerts), decisions and appeals (DSA Art. 16, 17, 20). */
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/actor.js";
import { resolveAlert } from "../../src/domain/commands/alert.js";
import { decideAppeal, fileAppeal } from "../../src/domain/commands/appeal.js";
import { encodeEntry, MAX_ENTRY_BYTES } from "../../src/domain/entry.js";
import { alertReporter } from "../../src/domain/events/alert.js";
import type { DecisionMade } from "../../src/domain/events.js";
import { DAY_MS, defaultPolicy } from "../../src/domain/policy.js";
import { subjectSummary } from "../../src/domain/summary.js";
import { toTransparencyDatabase } from "../../src/domain/transparency-database.js";
import { publicReviewView, reporterAlertView } from "../../src/domain/views.js";
import { alert, decide, idOf, removal } from "./support/moderation.js";
import { review, reviewOf, stay } from "./support/scenario.js";
import {
  admin,
  as,
  expectOk,
  expectRule,
  membersKey,
  moderator,
  typesOf,
  type World,
  world,
} from "./support/world.js";

/** A world where alice's review of bob's listing is published; returns its id. */
async function publishedReview(w: World): Promise<string> {
  const i = await stay(w, w.alice);
  expectOk(
    await review(w, w.alice, { subject: w.listing, interaction: i, overall: 1, text: "Bad" }),
  );
  expectOk(await review(w, w.bob, { subject: w.alice, interaction: i, overall: 4, text: "Fine" }));
  return (await reviewOf(w, i, w.alice)).id;
}

const notice = (target: { kind: "review"; id: string }) => ({
  target,
  category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD" as const,
  explanation: "This review is from a competitor.",
  goodFaith: true,
});

describe("raiseAlert (Art. 16)", () => {
  it("records a member's notice: target and category public; reporter and explanation private", async () => {
    const w = await world();
    const id = await publishedReview(w);
    const events = expectOk(await alert(w, as(w.bob), notice({ kind: "review", id })));
    const e = events[0];
    if (e?.type !== "alert.raised") throw new Error("no alert");
    expect(e.public).toEqual({
      space: "stays",
      alert: e.public.alert,
      target: { kind: "review", id },
      sourceType: "SOURCE_ARTICLE_16",
      goodFaith: true,
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      shape: 2,
    });
    // Issue 3: nothing public names the reporter, neither the public part nor the actor.
    expect(e.actor).toBe("concealed-member");
    expect(new TextDecoder().decode(encodeEntry(e, new Uint8Array(32)).bytes)).not.toContain(w.bob);
    expect(e.private).toEqual({
      explanation: "This review is from a competitor.",
      reporter: w.bob,
    });
    const record = await w.h.reader.get("alert", "stays", e.public.alert);
    expect(record === null ? null : reporterAlertView(record, w.bob)?.status).toBe("pending");
    expect(record === null ? "none" : reporterAlertView(record, w.carol)).toBeNull();
  });

  it("takes outside notifiers and trusted flaggers through a moderator key", async () => {
    const w = await world();
    const id = await publishedReview(w);
    const target = { kind: "review" as const, id };
    const withNotifier = {
      ...notice(target),
      notifier: { name: "N. Otifier", email: "n@example.org" },
    };
    const sources = [
      [withNotifier, "SOURCE_ARTICLE_16"],
      [{ ...notice(target), trustedFlagger: true }, "SOURCE_TRUSTED_FLAGGER"],
      [notice(target), "SOURCE_TYPE_OTHER_NOTIFICATION"],
    ] as const;
    for (const [cmd, source] of sources) {
      const e = expectOk(await alert(w, moderator, cmd))[0];
      expect(e?.public).toMatchObject({ sourceType: source, shape: 2 });
      expect(e?.actor).toBe("operator:k-mod");
      expect(e?.type === "alert.raised" ? alertReporter(e) : "?").toBeNull();
    }
    expectRule(
      await alert(w, membersKey, notice(target)),
      "forbidden",
      "alert.members-or-moderators",
    );
    expectRule(await alert(w, as(w.bob), withNotifier), "forbidden", "alert.notifier-via-operator");
  });

  it("requires the good-faith statement and an existing target", async () => {
    const w = await world();
    const id = await publishedReview(w);
    expectRule(
      await alert(w, as(w.bob), { ...notice({ kind: "review", id }), goodFaith: false }),
      "rule-violation",
      "alert.good-faith-statement",
    );
    expectRule(
      await alert(w, as(w.bob), notice({ kind: "review", id: "nope" })),
      "not-found",
      "alert.target-exists",
    );
  });
});

describe("resolveAlert (Art. 16(5))", () => {
  it("tells the reporter the outcome; once; 'actioned' names the decision taken on it", async () => {
    const w = await world();
    const id = await publishedReview(w);
    const alertId = idOf(await alert(w, as(w.bob), notice({ kind: "review", id })), "alert");
    const s = await w.space();
    const resolve = (cmd: Parameters<typeof resolveAlert>[2], actor: Actor = moderator) =>
      w.h.run(actor, (r, ctx) => resolveAlert(r, s, cmd, ctx));
    const base = { alert: alertId, message: "We removed it." };
    expectRule(
      await resolve({ ...base, outcome: "actioned", decision: null }),
      "rule-violation",
      "alert.actioned-names-decision",
    );
    const unrelated = idOf(await decide(w, removal({ kind: "review", id })), "decision");
    expectRule(
      await resolve({ ...base, outcome: "actioned", decision: unrelated }),
      "rule-violation",
      "alert.actioned-names-decision",
    );
    expectRule(
      await resolve({ ...base, outcome: "no-action", decision: null }, as(w.bob)),
      "forbidden",
      "alert.moderators-only",
    );
    expectRule(
      await resolve({ ...base, alert: "nope", outcome: "no-action", decision: null }),
      "not-found",
      "alert.exists",
    );
    const decision = idOf(
      await decide(w, removal({ kind: "review", id }, { alert: alertId })),
      "decision",
    );
    expectOk(await resolve({ ...base, outcome: "actioned", decision }));
    const record = await w.h.reader.get("alert", "stays", alertId);
    expect(record === null ? null : reporterAlertView(record, w.bob)).toMatchObject({
      status: "resolved",
      outcome: "actioned",
      decision,
      message: "We removed it.",
    });
    expectRule(
      await resolve({ ...base, outcome: "no-action", decision: null }),
      "conflict",
      "alert.resolved-once",
    );
  });
});

describe("makeDecision (Art. 17)", () => {
  it("removes a review: shown as removed, counted as removed, statement complete", async () => {
    const w = await world();
    const id = await publishedReview(w);
    const alertId = idOf(await alert(w, as(w.bob), notice({ kind: "review", id })), "alert");
    const events = expectOk(await decide(w, removal({ kind: "review", id }, { alert: alertId })));
    const e = events[0] as DecisionMade;
    expect(e.public).toMatchObject({
      affected: w.alice,
      alert: alertId,
      sourceType: "SOURCE_ARTICLE_16",
      contentType: ["CONTENT_TYPE_TEXT"],
      redress: [
        "internal-complaint-handling",
        "out-of-court-dispute-settlement",
        "judicial-redress",
      ],
      appealUntil: w.h.now + 183 * DAY_MS,
    });
    // Texts are private by default: they may hold personal data.
    expect(e.public).not.toHaveProperty("decisionFacts");
    expect(e.private?.decisionFacts).toContain("another address");
    const r = await reviewOf(w, "stay-1", w.alice);
    expect(publicReviewView(r, w.h.now)).toEqual({
      state: "removed",
      id,
      subject: w.listing,
      decision: e.public.decision,
    });
    const summary = subjectSummary(
      w.h.store.all("review").filter((x) => x.subject === w.listing),
      w.h.now,
    );
    expect({ published: summary.published, removed: summary.removed }).toEqual({
      published: 0,
      removed: 1,
    });
  });

  it("publishes the texts when the policy says so", async () => {
    const w = await world({ publish: { ...defaultPolicy().publish, decisionTexts: true } });
    const id = await publishedReview(w);
    const e = expectOk(await decide(w, removal({ kind: "review", id })))[0];
    expect(e?.public).toHaveProperty("decisionFacts");
    expect(e?.private).toBeUndefined();
    const decision = e?.type === "decision.made" ? e.public.decision : "";
    const record = await w.h.reader.get("decision", "stays", decision);
    expect(record?.texts?.decisionFacts).toContain("another address");
  });

  it("maps onto the DSA Transparency Database's statement fields", async () => {
    const w = await world();
    const id = await publishedReview(w);
    const end = w.h.now + 30 * DAY_MS;
    const decisionId = idOf(
      await decide(
        w,
        removal(
          { kind: "review", id },
          {
            decisionVisibility: [
              "DECISION_VISIBILITY_CONTENT_DEMOTED",
              "DECISION_VISIBILITY_OTHER",
            ],
            decisionVisibilityOther: "Hidden from search",
            endDateVisibilityRestriction: end,
            categorySpecification: ["KEYWORD_INAUTHENTIC_USER_REVIEWS"],
            incompatibleContentIllegal: false,
          },
        ),
      ),
      "decision",
    );
    const record = await w.h.reader.get("decision", "stays", decisionId);
    if (record === null) throw new Error("no decision");
    expect(toTransparencyDatabase(record, Date.UTC(2024, 11, 24))).toEqual({
      decision_visibility: ["DECISION_VISIBILITY_CONTENT_DEMOTED", "DECISION_VISIBILITY_OTHER"],
      decision_visibility_other: "Hidden from search",
      end_date_visibility_restriction: "2025-01-31",
      decision_ground: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
      incompatible_content_ground: "Terms §4.2 (reviews describe the stay)",
      incompatible_content_explanation: "The review is about a different flat.",
      incompatible_content_illegal: "No",
      category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
      category_specification: ["KEYWORD_INAUTHENTIC_USER_REVIEWS"],
      content_type: ["CONTENT_TYPE_TEXT"],
      content_date: "2024-12-24",
      application_date: "2025-01-01",
      decision_facts: "Reported on 2025-01-01; the text names another address.",
      source_type: "SOURCE_VOLUNTARY",
      automated_detection: "No",
      automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED",
      territorial_scope: ["DE", "FR"],
      puid: decisionId,
    });
    // A demotion does not hide the review.
    expect(publicReviewView(await reviewOf(w, "stay-1", w.alice), w.h.now)?.state).toBe(
      "published",
    );
  });

  const broken: readonly [string, string, string][] = [
    ["no restriction", "rule-violation", "decision.restriction-required"],
    ["an unknown target", "not-found", "decision.target-exists"],
    ["an unknown alert", "not-found", "alert.exists"],
    ["an account restriction with no member", "rule-violation", "decision.account-needs-member"],
    ["an illegal-content ground without the law", "invalid-input", "decision.ground-explained"],
    ["both grounds' fields", "invalid-input", "decision.ground-explained"],
    ["an unspecified other restriction", "invalid-input", "decision.other-specified"],
    ["an end date in the past", "invalid-input", "decision.end-dates"],
    ["an end date for no restriction", "invalid-input", "decision.end-dates"],
    ["a country outside the EEA", "invalid-input", "input.decision.territorialScope.0"],
  ];
  for (const [what, code, rule] of broken) {
    it(`refuses ${what} (${rule})`, async () => {
      const w = await world();
      const id = await publishedReview(w);
      const s = await w.space();
      const { registerSubject } = await import("../../src/domain/commands/subject.js");
      expectOk(
        await w.h.run(membersKey, (r, ctx) =>
          registerSubject(
            r,
            s,
            { subject: "museum", kind: "business", owner: null, name: "M" },
            ctx,
          ),
        ),
      );
      const ok = removal({ kind: "review", id });
      const { decisionVisibility: _v, ...noVisibility } = ok;
      const cmd = {
        "no restriction": noVisibility,
        "an unknown target": { ...ok, target: { kind: "review", id: "nope" } },
        "an unknown alert": { ...ok, alert: "nope" },
        "an account restriction with no member": {
          ...ok,
          target: { kind: "subject", id: "museum" },
          decisionAccount: "DECISION_ACCOUNT_SUSPENDED",
        },
        "an illegal-content ground without the law": {
          ...ok,
          decisionGround: "DECISION_GROUND_ILLEGAL_CONTENT",
        },
        "both grounds' fields": {
          ...ok,
          illegalContentLegalGround: "UWG §5",
          illegalContentExplanation: "Misleading",
        },
        "an unspecified other restriction": {
          ...ok,
          decisionVisibility: ["DECISION_VISIBILITY_OTHER"],
        },
        "an end date in the past": { ...ok, endDateVisibilityRestriction: w.h.now - 1 },
        "an end date for no restriction": { ...ok, endDateAccountRestriction: w.h.now + DAY_MS },
        "a country outside the EEA": { ...ok, territorialScope: ["US"] },
      }[what] as Parameters<typeof decide>[1];
      const before = w.h.log.length;
      expectRule(await decide(w, cmd), code as never, rule);
      expect(w.h.log.length).toBe(before);
    });
  }

  it("is for moderators only", async () => {
    const w = await world();
    const id = await publishedReview(w);
    expectRule(
      await decide(w, removal({ kind: "review", id }), as(w.bob)),
      "forbidden",
      "decision.moderators-only",
    );
  });

  it("suspends an account until its end date; the member may still appeal", async () => {
    const w = await world({ unverified: { accept: "all", label: "Unverified" } });
    const until = w.h.now + 7 * DAY_MS;
    expectOk(
      await decide(
        w,
        removal({ kind: "member", id: w.carol }, {
          decisionVisibility: undefined,
          decisionAccount: "DECISION_ACCOUNT_SUSPENDED",
          endDateAccountRestriction: until,
        } as never),
      ),
    );
    const cmd = { subject: w.listing, overall: 3, text: "" };
    expectRule(await review(w, w.carol, cmd), "forbidden", "member.restricted");
    w.h.now = until;
    expectOk(await review(w, w.carol, cmd));
  });

  it("fits the largest statement in one log entry", async () => {
    const w = await world({ publish: { ...defaultPolicy().publish, decisionTexts: true } });
    const id = await publishedReview(w);
    const astral = (n: number) => "😂".repeat(n); // 4 UTF-8 bytes per character
    const cmd = removal(
      { kind: "review", id },
      {
        decisionVisibility: ["DECISION_VISIBILITY_OTHER", "DECISION_VISIBILITY_CONTENT_REMOVED"],
        decisionVisibilityOther: astral(500),
        decisionMonetary: "DECISION_MONETARY_OTHER",
        decisionMonetaryOther: astral(500),
        decisionGroundReferenceUrl: `https://example.org/${"a".repeat(470)}`,
        incompatibleContentGround: astral(500),
        incompatibleContentExplanation: astral(2000),
        decisionFacts: astral(5000),
        categoryAddition: ["STATEMENT_CATEGORY_VIOLENCE", "STATEMENT_CATEGORY_SELF_HARM"],
        territorialScope: ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR"],
      },
    );
    const events = expectOk(await decide(w, cmd));
    const [made] = events;
    if (made === undefined) throw new Error("no event");
    const { bytes } = encodeEntry(made);
    expect(bytes.length).toBeGreaterThan(35_000);
    expect(bytes.length).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
  });
});

describe("appeals (Art. 20)", () => {
  async function removed(w: World) {
    const id = await publishedReview(w);
    const alertId = idOf(await alert(w, as(w.bob), notice({ kind: "review", id })), "alert");
    const decision = idOf(
      await decide(w, removal({ kind: "review", id }, { alert: alertId })),
      "decision",
    );
    return { id, alertId, decision };
  }

  it("the affected member appeals; a human reversal restores the review", async () => {
    const w = await world();
    const { id, decision } = await removed(w);
    const s = await w.space();
    const file = (who: string) =>
      w.h.run(as(who), (r, ctx) =>
        fileAppeal(
          r,
          s,
          { target: { kind: "decision", id: decision }, explanation: "It is mine" },
          ctx,
        ),
      );
    expectRule(await file(w.carol), "forbidden", "appeal.affected-or-notifier");
    const filed = expectOk(await file(w.alice));
    // The affected member is named, as the decision names them.
    expect(filed[0]?.actor).toBe(`member:${w.alice}`);
    expect(filed[0]?.public).toMatchObject({ appellant: w.alice, shape: 2 });
    const appeal = idOf({ ok: true, events: filed }, "appeal");
    expectRule(await file(w.alice), "conflict", "appeal.one-per-target");
    const decideCmd = {
      appeal,
      outcome: "reversed" as const,
      reasons: "Right flat.",
      humanReviewed: true,
    };
    const run = (cmd: Parameters<typeof decideAppeal>[2], actor: Actor = moderator) =>
      w.h.run(actor, (r, ctx) => decideAppeal(r, s, cmd, ctx));
    expectRule(
      await run({ ...decideCmd, humanReviewed: false }),
      "rule-violation",
      "appeal.human-review",
    );
    expectRule(await run(decideCmd, as(w.alice)), "forbidden", "appeal.moderators-only");
    expectRule(await run({ ...decideCmd, appeal: "nope" }), "not-found", "appeal.exists");
    const events = expectOk(await run(decideCmd));
    expect(events[0]?.public).toMatchObject({ outcome: "reversed", reversedDecision: decision });
    expect((await w.h.reader.get("decision", "stays", decision))?.reversedBy).toBe(appeal);
    expect(publicReviewView(await reviewOf(w, "stay-1", w.alice), w.h.now)?.state).toBe(
      "published",
    );
    expectRule(await run(decideCmd), "conflict", "appeal.decided-once");
    expectRule(await file(w.bob), "gone", "decision.reversed");
    expect(id).toBeTruthy();
  });

  it("the notifier appeals the decision on their notice, or its resolution", async () => {
    const w = await world();
    const { alertId, decision } = await removed(w);
    const s = await w.space();
    const file = (target: { kind: "decision" | "alert"; id: string }) =>
      w.h.run(as(w.bob), (r, ctx) => fileAppeal(r, s, { target, explanation: "Too mild" }, ctx));
    expectRule(
      await file({ kind: "alert", id: alertId }),
      "rule-violation",
      "appeal.alert-resolved-first",
    );
    const onDecision = expectOk(await file({ kind: "decision", id: decision }));
    expectOk(
      await w.h.run(moderator, (r, ctx) =>
        resolveAlert(r, s, { alert: alertId, outcome: "actioned", decision, message: "Done" }, ctx),
      ),
    );
    const onAlert = expectOk(await file({ kind: "alert", id: alertId }));
    // Issue 3: the notifier stays unnamed in the log (the entry bytes), named privately, and the
    // store still knows their appeals.
    for (const e of [...onDecision, ...onAlert]) {
      if (e.type !== "appeal.filed") throw new Error("no appeal");
      expect(e.actor).toBe("concealed-member");
      expect(e.public.appellant).toBeNull();
      expect(e.private).toMatchObject({ appellant: w.bob });
      const bytes = new TextDecoder().decode(encodeEntry(e, new Uint8Array(32)).bytes);
      expect(bytes).not.toContain(w.bob);
      expect((await w.h.reader.get("appeal", "stays", e.public.appeal))?.appellant).toBe(w.bob);
    }
    expectRule(await file({ kind: "alert", id: alertId }), "conflict", "appeal.one-per-target");
  });

  it("closes after the appeal window and needs an existing decision", async () => {
    const w = await world();
    const { decision } = await removed(w);
    const s = await w.space();
    const file = (id: string) =>
      w.h.run(as(w.alice), (r, ctx) =>
        fileAppeal(r, s, { target: { kind: "decision", id }, explanation: "x" }, ctx),
      );
    expectRule(await file("nope"), "not-found", "decision.exists");
    w.h.now += 183 * DAY_MS + 1;
    expectRule(await file(decision), "rule-violation", "appeal.within-window");
    expectRule(
      await w.h.run(admin, (r, ctx) =>
        fileAppeal(r, s, { target: { kind: "decision", id: decision }, explanation: "x" }, ctx),
      ),
      "forbidden",
      "appeal.members-only",
    );
  });

  it("lets a suspended member appeal", async () => {
    const w = await world();
    const d = idOf(
      await decide(
        w,
        removal({ kind: "member", id: w.carol }, {
          decisionVisibility: undefined,
          decisionAccount: "DECISION_ACCOUNT_TERMINATED",
        } as never),
      ),
      "decision",
    );
    const s = await w.space();
    const events = expectOk(
      await w.h.run(as(w.carol), (r, ctx) =>
        fileAppeal(r, s, { target: { kind: "decision", id: d }, explanation: "Mistake" }, ctx),
      ),
    );
    expect(typesOf(events)).toEqual(["appeal.filed"]);
  });
});
