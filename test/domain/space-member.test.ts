/** Scenarios of spaces, policies, members, subjects and interactions. */
import { describe, expect, it } from "vitest";
import { disputeInteraction, recordInteraction } from "../../src/domain/commands/interaction.js";
import { joinMember } from "../../src/domain/commands/member.js";
import { changePolicy, createSpace } from "../../src/domain/commands/space.js";
import { registerSubject } from "../../src/domain/commands/subject.js";
import { memberIdFor } from "../../src/domain/ids.js";
import { DAY_MS, defaultPolicy, parsePolicy } from "../../src/domain/policy.js";
import { createHarness } from "./support/harness.js";
import { review, stay } from "./support/scenario.js";
import {
  admin,
  as,
  attestKey,
  expectOk,
  expectRule,
  membersKey,
  moderator,
  SECRET,
  typesOf,
  world,
} from "./support/world.js";

describe("createSpace and changePolicy", () => {
  it("creates a space with the default policy, once, by an admin key", async () => {
    const h = createHarness();
    const cmd = { space: "market", name: "Market" };
    expectRule(
      await h.run(moderator, (r, ctx) => createSpace(r, cmd, ctx)),
      "forbidden",
      "space.admin-only",
    );
    const events = expectOk(await h.run(admin, (r, ctx) => createSpace(r, cmd, ctx)));
    expect(events[0]?.public).toEqual({
      space: "market",
      name: "Market",
      policy: defaultPolicy(),
      policyVersion: 1,
    });
    expectRule(
      await h.run(admin, (r, ctx) => createSpace(r, cmd, ctx)),
      "conflict",
      "space.unique-id",
    );
    expectRule(
      await h.run(admin, (r, ctx) => createSpace(r, { space: "bad id!", name: "x" }, ctx)),
      "invalid-input",
      "input.space.space",
    );
    const extra = { space: "other", name: "Other", owner: "me" } as unknown as typeof cmd;
    expectRule(
      await h.run(admin, (r, ctx) => createSpace(r, extra, ctx)),
      "invalid-input",
      "input.space.owner",
    );
  });

  it("refuses unknown fields in a policy change, and a policy that is not an object", async () => {
    const w = await world();
    const s = await w.space();
    const run = (cmd: unknown) =>
      w.h.run(admin, (r, ctx) => changePolicy(r, s, cmd as { policy: object }, ctx));
    expectRule(await run({ policy: {}, unknown: 1 }), "invalid-input", "input.policy.unknown");
    expectRule(await run(null), "invalid-input", "input.policy");
  });

  it("changes the policy with a new version, never the rating scale", async () => {
    const w = await world();
    const s = await w.space();
    const change = (policy: object) =>
      w.h.run(admin, (r, ctx) => changePolicy(r, s, { policy }, ctx));
    const events = expectOk(await change({ doubleBlindDays: 7, reviewDeadlineDays: 7 }));
    expect(events[0]?.public).toMatchObject({ policyVersion: 2, policy: { doubleBlindDays: 7 } });
    expect((await w.space()).policy.doubleBlindDays).toBe(7);
    expectRule(
      await change({ rating: { min: 1, max: 10 } }),
      "rule-violation",
      "policy.rating-scale-immutable",
    );
    expectRule(
      await w.h.run(moderator, (r, ctx) => changePolicy(r, s, { policy: {} }, ctx)),
      "forbidden",
      "space.admin-only",
    );
  });

  it("validates policies: shapes, limits and the rules between fields", () => {
    const base = defaultPolicy();
    const rule = (input: unknown) => {
      const r = parsePolicy(input, base);
      return r.ok ? "ok" : r.error.rule;
    };
    expect(rule({})).toBe("ok");
    expect(rule({ appealWindowDays: 30 })).toBe("policy.appeal-window-min-six-months");
    expect(rule({ rating: { min: 5, max: 5 } })).toBe("policy.rating-scale");
    expect(
      rule({
        criteria: [
          { key: "a", label: "A" },
          { key: "a", label: "B" },
        ],
      }),
    ).toBe("policy.criteria-unique");
    expect(rule({ retention: { ...base.retention, reviews: 14 } })).toBe(
      "policy.review-retention-outlasts-window",
    );
    expect(rule({ doubleBlindDays: 0 })).toBe("input.policy.doubleBlindDays");
    expect(rule({ criteria: [{ key: "Bad Key", label: "x" }] })).toBe(
      "input.policy.criteria.0.key",
    );
    expect(rule({ surprise: true })).toBe("input.policy.surprise");
    expect(rule([])).toBe("input.policy");
  });
});

describe("joinMember", () => {
  it("joins a pseudonymous member with their subject; display data private", async () => {
    const w = await world();
    const dan = memberIdFor(SECRET, "dan");
    const s = await w.space();
    const join = (member: string) =>
      w.h.run(membersKey, (r, ctx) => joinMember(r, s, { member, displayName: "Dan" }, ctx));
    const events = expectOk(await join(dan));
    expect(typesOf(events)).toEqual(["member.joined", "subject.registered"]);
    expect(events[0]?.public).toEqual({ space: "stays", member: dan });
    expect(events[0]?.private).toEqual({ displayName: "Dan" });
    expect(events[1]?.public).toEqual({ space: "stays", subject: dan, kind: "member", owner: dan });
    expectRule(await join(dan), "conflict", "member.unique");
    expectRule(await join("user-42"), "invalid-input", "input.member.member");
    expectRule(
      await w.h.run(attestKey, (r, ctx) =>
        joinMember(r, s, { member: dan, displayName: "D" }, ctx),
      ),
      "forbidden",
      "member.operator-only",
    );
  });

  it("derives member ids as unlinkable pairwise pseudonyms", () => {
    const other = new Uint8Array(32).fill(8);
    const a = memberIdFor(SECRET, "user-42");
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(memberIdFor(SECRET, "user-42")).toBe(a);
    expect(memberIdFor(other, "user-42")).not.toBe(a);
    expect(memberIdFor(SECRET, "user-43")).not.toBe(a);
    expect(() => memberIdFor(new Uint8Array(16), "u")).toThrow(RangeError);
  });
});

describe("registerSubject", () => {
  it("registers a subject; its name public or private as the policy says", async () => {
    const w = await world({ publish: { ...defaultPolicy().publish, subjectName: false } });
    const s = await w.space();
    const register = (cmd: Parameters<typeof registerSubject>[2], actor = membersKey) =>
      w.h.run(actor, (r, ctx) => registerSubject(r, s, cmd, ctx));
    const cmd = { subject: "cafe", kind: "business" as const, owner: w.carol, name: "Café" };
    const events = expectOk(await register(cmd));
    expect(events[0]?.public).not.toHaveProperty("name");
    expect(events[0]?.private).toEqual({ name: "Café" });
    expect((await w.h.reader.get("subject", "stays", "cafe"))?.name).toBe("Café");
    expectRule(await register(cmd), "conflict", "subject.unique-id");
    expectRule(
      await register({ ...cmd, subject: "x", owner: "AAAAAAAAAAAAAAAAAAAAAA" }),
      "not-found",
      "member.exists",
    );
    expectRule(
      await register({ ...cmd, subject: "y", kind: "member" as never }),
      "invalid-input",
      "input.subject.kind",
    );
    expectRule(
      await register({ ...cmd, subject: "z" }, attestKey),
      "forbidden",
      "subject.operator-only",
    );
  });
});

describe("recordInteraction and disputeInteraction", () => {
  it("records an attested interaction; kind public, amount private by default", async () => {
    const w = await world();
    await stay(w, w.alice);
    const e = w.h.log.at(-1)?.event;
    if (e?.type !== "interaction.recorded") throw new Error("no interaction");
    expect(e.public).toMatchObject({ kind: "stay", occurredAt: w.h.now });
    expect(e.public).not.toHaveProperty("amount");
    expect(e.private).toEqual({ amount: { minor: 12_000, currency: "EUR" } });
    const record = await w.h.reader.get("interaction", "stays", "stay-1");
    expect(record).toMatchObject({ kind: "stay", amount: { minor: 12_000, currency: "EUR" } });
  });

  const broken: readonly [string, string, string][] = [
    ["a used id", "conflict", "interaction.unique-id"],
    ["a time in the future", "rule-violation", "interaction.not-in-future"],
    ["an unknown party", "not-found", "member.exists"],
    ["an unknown subject", "not-found", "subject.exists"],
    ["a party reviewing its own subject", "rule-violation", "interaction.no-self-review"],
    ["the same member twice", "invalid-input", "input.interaction.parties"],
    ["three parties", "too-large", "input.interaction.parties"],
    ["a bad currency", "invalid-input", "input.interaction.amount.currency"],
    ["a non-attest key", "forbidden", "interaction.operator-only"],
  ];
  for (const [what, code, rule] of broken) {
    it(`refuses ${what} (${rule})`, async () => {
      const w = await world();
      await stay(w, w.alice, "stay-1");
      const s = await w.space();
      const guest = { member: w.carol, role: "guest", reviews: w.listing };
      const host = { member: w.bob, role: "host", reviews: w.carol };
      const ok = { interaction: "stay-2", occurredAt: w.h.now, parties: [guest, host] };
      const [cmd, actor] = {
        "a used id": [{ ...ok, interaction: "stay-1" }, attestKey],
        "a time in the future": [{ ...ok, occurredAt: w.h.now + DAY_MS }, attestKey],
        "an unknown party": [
          { ...ok, parties: [{ ...guest, member: memberIdFor(SECRET, "nobody") }, host] },
          attestKey,
        ],
        "an unknown subject": [
          { ...ok, parties: [{ ...guest, reviews: "nope" }, host] },
          attestKey,
        ],
        "a party reviewing its own subject": [
          { ...ok, parties: [guest, { ...host, reviews: w.listing }] },
          attestKey,
        ],
        "the same member twice": [{ ...ok, parties: [guest, guest] }, attestKey],
        "three parties": [
          { ...ok, parties: [guest, host, { ...guest, member: w.alice }] },
          attestKey,
        ],
        "a bad currency": [{ ...ok, amount: { minor: 1, currency: "euro" } }, attestKey],
        "a non-attest key": [ok, membersKey],
      }[what] as [Parameters<typeof recordInteraction>[2], typeof attestKey];
      expectRule(
        await w.h.run(actor, (r, ctx) => recordInteraction(r, s, cmd, ctx)),
        code as never,
        rule,
      );
    });
  }

  it("lets a party dispute once, and not after reviewing", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    const s = await w.space();
    const dispute = (who: string) =>
      w.h.run(as(who), (r, ctx) =>
        disputeInteraction(r, s, { interaction: i, explanation: "It did not happen" }, ctx),
      );
    expectRule(await dispute(w.carol), "forbidden", "interaction.party-only");
    expectOk(await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "" }));
    expectRule(await dispute(w.bob), "rule-violation", "interaction.dispute-after-review");
    const events = expectOk(await dispute(w.alice));
    expect(events[0]?.public).toMatchObject({ interaction: i, member: w.alice });
    expect(events[0]?.private).toEqual({ explanation: "It did not happen" });
    expectRule(await dispute(w.alice), "conflict", "interaction.one-dispute-per-party");
    expectRule(
      await w.h.run(attestKey, (r, ctx) =>
        disputeInteraction(r, s, { interaction: i, explanation: "x" }, ctx),
      ),
      "forbidden",
      "interaction.members-only",
    );
  });
});
