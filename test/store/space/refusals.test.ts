/**
 * A refused command writes nothing. For every command of the service, hostile or rule-breaking input
 * comes back as a typed DomainError (the expected code and a rule name), and every row of the space in
 * every table (log entries, node hashes, log state, projections, private parts, keys) is unchanged. On
 * both backends.
 */
import { expect, it } from "vitest";
import type { Actor } from "../../../src/domain/actor.js";
import type { DomainErrorCode } from "../../../src/domain/errors.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import type { CommandInputs, CommandName } from "../../../src/store/space/commands.js";
import { COMMAND_NAMES } from "../../../src/store/space/commands.js";
import type { ExecuteResult } from "../../../src/store/space/results.js";
import { removal } from "../../domain/support/moderation.js";
import { admin, attestKey, membersKey, moderator, SECRET } from "../../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { as, MEMBERS } from "./support/community.js";
import { type TestService, testService } from "./support/service.js";
import { snapshot } from "./support/snapshot.js";

const { alice, bob, carol } = MEMBERS;
const stranger = memberIdFor(SECRET, "stranger");
const system: Actor = { kind: "system" };

interface Refusal {
  readonly actor: Actor;
  readonly input: unknown;
  readonly code: DomainErrorCode;
  readonly rule: string;
}

/** Refusals of every command (the mapped type makes a missing command a compile error). */
const REFUSALS: { readonly [N in CommandName]: readonly Refusal[] } = {
  changePolicy: [
    { actor: membersKey, input: { policy: {} }, code: "forbidden", rule: "space.admin-only" },
    {
      actor: admin,
      input: { policy: { rating: { min: 1, max: 10 } } },
      code: "rule-violation",
      rule: "policy.rating-scale-immutable",
    },
    { actor: admin, input: null, code: "invalid-input", rule: "input.policy" },
    {
      actor: admin,
      input: { policy: { doubleBlindDays: 0 } },
      code: "invalid-input",
      rule: "input.policy.doubleBlindDays",
    },
  ],
  joinMember: [
    {
      actor: membersKey,
      input: { member: "user-42", displayName: "Leaked user id" },
      code: "invalid-input",
      rule: "input.member.member",
    },
    {
      actor: as(alice),
      input: { member: stranger, displayName: "S" },
      code: "forbidden",
      rule: "member.operator-only",
    },
    {
      actor: membersKey,
      input: { member: alice, displayName: "Again" },
      code: "conflict",
      rule: "member.unique",
    },
  ],
  eraseMember: [
    {
      actor: as(bob),
      input: { member: alice },
      code: "forbidden",
      rule: "member.erase-self-or-operator",
    },
    { actor: membersKey, input: { member: stranger }, code: "not-found", rule: "member.exists" },
  ],
  registerSubject: [
    {
      actor: membersKey,
      input: { subject: "flat-7", kind: "listing", owner: null, name: "Again" },
      code: "conflict",
      rule: "subject.unique-id",
    },
    {
      actor: membersKey,
      input: { subject: "moon", kind: "planet", owner: null, name: "Moon" },
      code: "invalid-input",
      rule: "input.subject.kind",
    },
    {
      actor: attestKey,
      input: { subject: "moon", kind: "other", owner: null, name: "Moon" },
      code: "forbidden",
      rule: "subject.operator-only",
    },
  ],
  recordInteraction: [
    {
      actor: membersKey,
      input: stayInput("stay-9", Date.UTC(2025, 0, 1)),
      code: "forbidden",
      rule: "interaction.operator-only",
    },
    {
      actor: attestKey,
      input: stayInput("stay-1", Date.UTC(2025, 0, 1)),
      code: "conflict",
      rule: "interaction.unique-id",
    },
    {
      actor: attestKey,
      input: stayInput("stay-9", Date.UTC(2026, 0, 1)),
      code: "rule-violation",
      rule: "interaction.not-in-future",
    },
    {
      actor: attestKey,
      input: { ...stayInput("stay-9", Date.UTC(2025, 0, 1)), parties: [] },
      code: "invalid-input",
      rule: "input.interaction.parties",
    },
  ],
  disputeInteraction: [
    {
      actor: as(carol),
      input: { interaction: "stay-1", explanation: "Not mine" },
      code: "forbidden",
      rule: "interaction.party-only",
    },
    {
      actor: as(alice),
      input: { interaction: "stay-1", explanation: "" },
      code: "invalid-input",
      rule: "input.dispute.explanation",
    },
    {
      actor: as(alice),
      input: { interaction: "stay-1", explanation: "I reviewed it" },
      code: "rule-violation",
      rule: "interaction.dispute-after-review",
    },
  ],
  submitReview: [
    {
      actor: membersKey,
      input: { subject: "flat-7", overall: 5, text: "Operator" },
      code: "forbidden",
      rule: "review.members-only",
    },
    {
      actor: as(alice),
      input: { subject: "flat-7", interaction: "stay-1", overall: 5, text: "Twice" },
      code: "conflict",
      rule: "review.one-per-party-per-interaction",
    },
    {
      actor: as(carol),
      input: { subject: "flat-7", overall: 9, text: "Off the scale" },
      code: "invalid-input",
      rule: "review.rating-in-scale",
    },
    {
      actor: as(bob),
      input: { subject: "flat-7", overall: 5, text: "Mine is great" },
      code: "forbidden",
      rule: "review.no-self-review",
    },
    {
      actor: as(carol),
      input: { subject: "flat-7", overall: 4, text: "x".repeat(50_000) },
      code: "too-large",
      rule: "input.review.text",
    },
  ],
  amendReview: [
    {
      actor: as(bob),
      input: { review: "REVIEW", overall: 1, text: "Hijack" },
      code: "forbidden",
      rule: "review.author-only",
    },
    {
      actor: as(alice),
      input: { review: "no-such-review", overall: 1, text: "?" },
      code: "not-found",
      rule: "review.exists",
    },
  ],
  withdrawReview: [
    { actor: as(bob), input: { review: "REVIEW" }, code: "forbidden", rule: "review.author-only" },
    {
      actor: as(alice),
      input: { review: 7 },
      code: "invalid-input",
      rule: "input.withdrawal.review",
    },
  ],
  replyToReview: [
    {
      actor: as(bob),
      input: { review: "REVIEW", text: "Too early" },
      code: "rule-violation",
      rule: "review.reply-after-reveal",
    },
    {
      actor: as(carol),
      input: { review: "REVIEW", text: "Not mine" },
      code: "forbidden",
      rule: "review.reply-by-reviewed-party",
    },
  ],
  revealDueReviews: [
    { actor: as(alice), input: { limit: 10 }, code: "forbidden", rule: "review.sealer-only" },
    { actor: system, input: { limit: 0 }, code: "invalid-input", rule: "input.sealer.limit" },
  ],
  giveVouch: [
    {
      actor: as(alice),
      input: { vouchee: alice, scope: "hosted-me" },
      code: "rule-violation",
      rule: "vouch.no-self",
    },
    {
      actor: as(alice),
      input: { vouchee: bob, scope: "sold-me-a-car" },
      code: "rule-violation",
      rule: "vouch.scope-allowed",
    },
    {
      actor: as(alice),
      input: { vouchee: stranger, scope: "hosted-me" },
      code: "not-found",
      rule: "member.exists",
    },
  ],
  revokeVouch: [
    { actor: as(alice), input: { vouch: "no-vouch" }, code: "not-found", rule: "vouch.exists" },
  ],
  raiseAlert: [
    {
      actor: as(alice),
      input: {
        target: { kind: "subject", id: "flat-7" },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Hm",
        goodFaith: false,
      },
      code: "rule-violation",
      rule: "alert.good-faith-statement",
    },
    {
      actor: as(alice),
      input: {
        target: { kind: "subject", id: "no-subject" },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Hm",
        goodFaith: true,
      },
      code: "not-found",
      rule: "alert.target-exists",
    },
  ],
  resolveAlert: [
    {
      actor: moderator,
      input: { alert: "no-alert", outcome: "no-action", decision: null, message: "ok" },
      code: "not-found",
      rule: "alert.exists",
    },
    {
      actor: as(alice),
      input: { alert: "no-alert", outcome: "no-action", decision: null, message: "ok" },
      code: "forbidden",
      rule: "alert.moderators-only",
    },
  ],
  flagMember: [
    {
      actor: moderator,
      input: { member: bob, category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", explanation: "x" },
      code: "forbidden",
      rule: "flag.system-only",
    },
    {
      actor: { kind: "system" },
      input: { member: stranger, category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", explanation: "x" },
      code: "not-found",
      rule: "member.exists",
    },
  ],
  makeDecision: [
    {
      actor: as(alice),
      input: removal({ kind: "subject", id: "flat-7" }),
      code: "forbidden",
      rule: "decision.moderators-only",
    },
    {
      actor: moderator,
      input: removal({ kind: "subject", id: "no-subject" }),
      code: "not-found",
      rule: "decision.target-exists",
    },
  ],
  fileAppeal: [
    {
      actor: moderator,
      input: { target: { kind: "decision", id: "d" }, explanation: "x" },
      code: "forbidden",
      rule: "appeal.members-only",
    },
    {
      actor: as(alice),
      input: { target: { kind: "decision", id: "no-decision" }, explanation: "x" },
      code: "not-found",
      rule: "decision.exists",
    },
  ],
  decideAppeal: [
    {
      actor: moderator,
      input: { appeal: "no-appeal", outcome: "upheld", reasons: "x", humanReviewed: false },
      code: "rule-violation",
      rule: "appeal.human-review",
    },
    {
      actor: moderator,
      input: { appeal: "no-appeal", outcome: "upheld", reasons: "x", humanReviewed: true },
      code: "not-found",
      rule: "appeal.exists",
    },
  ],
  importPrior: [
    {
      actor: moderator,
      input: priorFacts("https://fabrique.example/v1/spaces/market"),
      code: "forbidden",
      rule: "prior.members-only",
    },
    {
      // The space's policy accepts no issuer.
      actor: as(alice),
      input: priorFacts("https://fabrique.example/v1/spaces/market"),
      code: "rule-violation",
      rule: "prior.issuer-accepted",
    },
  ],
  withdrawPrior: [
    { actor: as(alice), input: { prior: "no-prior" }, code: "not-found", rule: "prior.exists" },
    {
      actor: moderator,
      input: { prior: "no-prior" },
      code: "forbidden",
      rule: "prior.members-only",
    },
  ],
};

function priorFacts(issuer: string) {
  return {
    issuer,
    disclosed: { space: "market", reviews_at_least_20: true, rating_at_least_4_5: true },
    credentialExpiresAt: Date.now() + 86_400_000,
    holderKeyThumbprint: "A".repeat(43),
    presentationDigest: "B".repeat(43),
  };
}

function stayInput(interaction: string, occurredAt: number) {
  return {
    interaction,
    occurredAt,
    parties: [
      { member: alice, role: "guest", reviews: "flat-7" },
      { member: bob, role: "host", reviews: alice },
    ],
  };
}

/** A small world: the space, alice, bob, carol, bob's flat-7, stay-1 and alice's sealed review. */
async function smallWorld(t: TestService): Promise<string> {
  const s = t.service;
  const must = async (r: Promise<ExecuteResult>) => {
    const result = await r;
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result;
  };
  await must(s.createSpace({ space: "stays", name: "Stays" }, admin));
  for (const member of [alice, bob, carol]) {
    await must(s.execute("stays", membersKey, "joinMember", { member, displayName: "M" }));
  }
  await must(
    s.execute("stays", membersKey, "registerSubject", {
      subject: "flat-7",
      kind: "listing",
      owner: bob,
      name: "Flat 7",
    }),
  );
  await must(s.execute("stays", attestKey, "recordInteraction", stayInput("stay-1", t.now)));
  const review = await must(
    s.execute("stays", as(alice), "submitReview", {
      subject: "flat-7",
      interaction: "stay-1",
      overall: 4,
      text: "Sealed",
    }),
  );
  const id = (review.events[0]?.public as { review?: string } | undefined)?.review;
  if (id === undefined) throw new Error("no review id");
  return id;
}

/** Replaces the placeholder "REVIEW" with alice's review id. */
function withReview(input: unknown, review: string): unknown {
  return JSON.parse(JSON.stringify(input).replaceAll('"REVIEW"', JSON.stringify(review)));
}

describeBackends("space service: refused commands write nothing", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("every command refuses hostile or rule-breaking input with a typed error", async () => {
    const { db } = current();
    const t = testService(db);
    const review = await smallWorld(t);
    const before = await snapshot(db, "stays");
    expect(before.log_entries?.length).toBeGreaterThan(5);
    let refused = 0;
    for (const command of COMMAND_NAMES) {
      for (const r of REFUSALS[command]) {
        const input = withReview(r.input, review) as CommandInputs[typeof command];
        const result = await t.service.execute("stays", r.actor, command, input);
        const label = `${command} ${JSON.stringify(r.input).slice(0, 80)}`;
        expect(result.ok, label).toBe(false);
        if (result.ok) continue;
        expect({ code: result.error.code, rule: result.error.rule }, label).toEqual({
          code: r.code,
          rule: r.rule,
        });
        expect(await snapshot(db, "stays"), label).toEqual(before);
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(COMMAND_NAMES.length * 2 - 4);
  });

  it("a batch of refused commands writes nothing, and neither does a command of a missing space", async () => {
    const { db } = current();
    const t = testService(db);
    const review = await smallWorld(t);
    const before = await snapshot(db, "stays");
    const calls = COMMAND_NAMES.flatMap((command) =>
      REFUSALS[command].map((r) => ({
        actor: r.actor,
        command,
        input: withReview(r.input, review),
      })),
    ) as Parameters<typeof t.service.executeBatch>[1];
    const outcomes = await t.service.executeBatch("stays", calls);
    expect(outcomes.map((o) => o.ok)).toEqual(calls.map(() => false));
    expect(await snapshot(db, "stays")).toEqual(before);

    const nowhere = await t.service.execute("nowhere", admin, "changePolicy", { policy: {} });
    expect(nowhere).toMatchObject({
      ok: false,
      error: { code: "not-found", rule: "space.exists" },
    });
    const bad = await t.service.execute("", admin, "changePolicy", { policy: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: "not-found", rule: "space.exists" } });
    expect(await snapshot(db, "nowhere")).toEqual(await snapshot(db, "never-used"));
  });

  it("createSpace refuses a taken id, a bad id, a bad policy and a non-admin, writing no key", async () => {
    const { db } = current();
    const t = testService(db);
    await smallWorld(t);
    const before = await snapshot(db, "stays");
    const keysBefore = await db.kysely.selectFrom("space_keys").select("space").execute();
    const cases: [unknown, Actor, DomainErrorCode, string][] = [
      [{ space: "stays", name: "Again" }, admin, "conflict", "space.unique-id"],
      [{ space: "", name: "Empty" }, admin, "invalid-input", "input.space.space"],
      [{ space: "no spaces!", name: "Bad" }, admin, "invalid-input", "input.space.space"],
      [{ space: "other", name: "Other" }, membersKey, "forbidden", "space.admin-only"],
      [
        { space: "other", name: "Other", policy: { doubleBlindDays: 99 } },
        admin,
        "invalid-input",
        "input.policy.doubleBlindDays",
      ],
      [null, admin, "invalid-input", "input.space"],
    ];
    for (const [input, actor, code, rule] of cases) {
      const result = await t.service.createSpace(input as never, actor);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code, rule } });
    }
    expect(await snapshot(db, "stays")).toEqual(before);
    expect(await snapshot(db, "other")).toEqual(await snapshot(db, "never-used"));
    expect(await db.kysely.selectFrom("space_keys").select("space").execute()).toEqual(keysBefore);
  });
});
