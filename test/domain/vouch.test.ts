/** Scenarios of vouches: scoped, revocable, expiring, optionally gated by vouches received. */
import { describe, expect, it } from "vitest";
import { changePolicy } from "../../src/domain/commands/space.js";
import { giveVouch, revokeVouch } from "../../src/domain/commands/vouch.js";
import type { Result } from "../../src/domain/errors.js";
import { DAY_MS, defaultPolicy, type SpacePolicy } from "../../src/domain/policy.js";
import { decide, idOf, removal } from "./support/moderation.js";
import {
  admin,
  as,
  expectOk,
  expectRule,
  moderator,
  typesOf,
  type World,
  world,
} from "./support/world.js";

async function vouch(w: World, from: string, to: string, scope = "met-in-person", note?: string) {
  const s = await w.space();
  return w.h.run(as(from), (r, ctx) =>
    giveVouch(r, s, { vouchee: to, scope, ...(note === undefined ? {} : { note }) }, ctx),
  );
}

async function revoke(w: World, who: string, id: string): Promise<Result> {
  const s = await w.space();
  return w.h.run(as(who), (r, ctx) => revokeVouch(r, s, { vouch: id }, ctx));
}

const gated = (n: number): Partial<SpacePolicy> => ({
  vouching: { ...defaultPolicy().vouching, minVouchesToVouch: n },
});

describe("giveVouch", () => {
  it("gives a scoped vouch that expires after the policy's period; the note is private", async () => {
    const w = await world();
    const events = expectOk(await vouch(w, w.alice, w.bob, "hosted-me", "Great host"));
    expect(typesOf(events)).toEqual(["vouch.given"]);
    expect(events[0]?.public).toMatchObject({
      voucher: w.alice,
      vouchee: w.bob,
      scope: "hosted-me",
      expiresAt: w.h.now + 365 * DAY_MS,
    });
    expect(events[0]?.private).toEqual({ note: "Great host" });
    expect(await w.h.reader.countVouchesFor("stays", w.bob, w.h.now)).toBe(1);
    expect(await w.h.reader.countVouchesFor("stays", w.bob, w.h.now + 365 * DAY_MS)).toBe(0);
    expectRule(
      await vouch(w, w.alice, w.bob, "hosted-me"),
      "conflict",
      "vouch.one-active-per-scope",
    );
    expectOk(await vouch(w, w.alice, w.bob, "met-in-person"));
  });

  it("lapses sooner when the voucher says so, never later than the policy allows", async () => {
    const w = await world();
    const s = await w.space();
    const give = (to: string, expiresAt: number) =>
      w.h.run(as(w.alice), (r, ctx) =>
        giveVouch(r, s, { vouchee: to, scope: "hosted-me", expiresAt }, ctx),
      );
    const soon = w.h.now + 30 * DAY_MS;
    const events = expectOk(await give(w.bob, soon));
    expect(events[0]?.public).toMatchObject({ vouchee: w.bob, expiresAt: soon });
    expect(await w.h.reader.countVouchesFor("stays", w.bob, soon - 1)).toBe(1);
    expect(await w.h.reader.countVouchesFor("stays", w.bob, soon)).toBe(0);
    expectRule(await give(w.carol, w.h.now), "invalid-input", "vouch.expiry-in-future");
    expectRule(
      await give(w.carol, w.h.now + 366 * DAY_MS),
      "rule-violation",
      "vouch.expiry-within-policy",
    );
    expectOk(await give(w.carol, w.h.now + 365 * DAY_MS));
    expectRule(
      await w.h.run(as(w.alice), (r, ctx) =>
        giveVouch(r, s, { vouchee: w.carol, scope: "hosted-me", expiresAt: -1 }, ctx),
      ),
      "invalid-input",
      "input.vouch.expiresAt",
    );
  });

  it("allows a new vouch in the same scope once the old one expired", async () => {
    const w = await world();
    expectOk(await vouch(w, w.alice, w.bob));
    w.h.now += 365 * DAY_MS;
    expectOk(await vouch(w, w.alice, w.bob));
  });

  it("requires the voucher to have been vouched for when the space says so", async () => {
    const w = await world(gated(1));
    expectRule(await vouch(w, w.alice, w.bob), "rule-violation", "vouch.voucher-must-be-vouched");
    // A gated space starts its chain while the gate is open: open it, let carol vouch for alice,
    // close it again; alice now holds the one vouch the gate asks for.
    const set = async (n: number) => {
      const s = await w.space();
      expectOk(await w.h.run(admin, (r, ctx) => changePolicy(r, s, { policy: gated(n) }, ctx)));
    };
    await set(0);
    expectOk(await vouch(w, w.carol, w.alice));
    await set(1);
    expectOk(await vouch(w, w.alice, w.bob));
  });

  const broken: readonly [string, string, string][] = [
    ["oneself", "rule-violation", "vouch.no-self"],
    ["an unknown scope", "rule-violation", "vouch.scope-allowed"],
    ["an unknown member", "not-found", "member.exists"],
  ];
  for (const [what, code, rule] of broken) {
    it(`refuses a vouch for ${what} (${rule})`, async () => {
      const w = await world();
      const [to, scope] = {
        oneself: [w.alice, "met-in-person"],
        "an unknown scope": [w.bob, "lent-me-money"],
        "an unknown member": ["AAAAAAAAAAAAAAAAAAAAAA", "met-in-person"],
      }[what] as [string, string];
      expectRule(await vouch(w, w.alice, to, scope), code as never, rule);
    });
  }

  it("refuses when vouching is disabled, and from a restricted member", async () => {
    const off = await world({ vouching: { ...defaultPolicy().vouching, enabled: false } });
    expectRule(await vouch(off, off.alice, off.bob), "rule-violation", "vouch.disabled");
    const w = await world();
    expectOk(
      await decide(
        w,
        removal({ kind: "member", id: w.alice }, {
          decisionVisibility: undefined,
          decisionProvision: "DECISION_PROVISION_TOTAL_SUSPENSION",
        } as never),
      ),
    );
    expectRule(await vouch(w, w.alice, w.bob), "forbidden", "member.restricted");
  });

  it("is for members only", async () => {
    const w = await world();
    const s = await w.space();
    expectRule(
      await w.h.run(moderator, (r, ctx) =>
        giveVouch(r, s, { vouchee: w.bob, scope: "met-in-person" }, ctx),
      ),
      "forbidden",
      "vouch.members-only",
    );
  });
});

describe("revokeVouch", () => {
  it("revokes once, by the voucher only, while not expired", async () => {
    const w = await world();
    const id = idOf(await vouch(w, w.alice, w.bob), "vouch");
    expectRule(await revoke(w, w.bob, id), "forbidden", "vouch.voucher-only");
    expect(typesOf(expectOk(await revoke(w, w.alice, id)))).toEqual(["vouch.revoked"]);
    expect(await w.h.reader.countVouchesFor("stays", w.bob, w.h.now)).toBe(0);
    expectRule(await revoke(w, w.alice, id), "gone", "vouch.revoked");
    expectRule(await revoke(w, w.alice, "nope"), "not-found", "vouch.exists");
    const other = idOf(await vouch(w, w.alice, w.carol), "vouch");
    w.h.now += 366 * DAY_MS;
    expectRule(await revoke(w, w.alice, other), "gone", "vouch.expired");
  });
});
