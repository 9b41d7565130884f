/**
 * A small world for scenario tests: a space, an operator key per scope, three members and a
 * listing. Every step goes through the real commands, so a fixture cannot drift from the rules.
 */
import { expect } from "vitest";
import type { Actor, MemberActor, OperatorActor } from "../../../src/domain/actor.js";
import { joinMember } from "../../../src/domain/commands/member.js";
import { createSpace } from "../../../src/domain/commands/space.js";
import { registerSubject } from "../../../src/domain/commands/subject.js";
import type { DomainErrorCode, Result } from "../../../src/domain/errors.js";
import type { DomainEvent } from "../../../src/domain/events.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import type { SpacePolicy } from "../../../src/domain/policy.js";
import type { SpaceRecord } from "../../../src/domain/records.js";
import { createHarness, type Harness } from "./harness.js";

export const SECRET = new Uint8Array(32).fill(7);

export const admin: OperatorActor = { kind: "operator", key: "k-admin", scopes: ["admin"] };
export const membersKey: OperatorActor = {
  kind: "operator",
  key: "k-members",
  scopes: ["members"],
};
export const attestKey: OperatorActor = { kind: "operator", key: "k-attest", scopes: ["attest"] };
export const moderator: OperatorActor = { kind: "operator", key: "k-mod", scopes: ["moderate"] };
export const system: Actor = { kind: "system" };

/** The member actor of `member`. */
export function as(member: string): MemberActor {
  return { kind: "member", member };
}

export interface World {
  readonly h: Harness;
  readonly space: () => Promise<SpaceRecord>;
  readonly alice: string;
  readonly bob: string;
  readonly carol: string;
  /** A listing owned by bob. */
  readonly listing: string;
}

/**
 * A harness with a space "stays" (policy changes applied), members alice, bob, carol and bob's
 * listing "flat-7".
 *
 * @example const w = await world({ unverified: { accept: "all", label: "Unverified" } })
 */
export async function world(policy: Partial<SpacePolicy> = {}): Promise<World> {
  const h = createHarness();
  expectOk(
    await h.run(admin, (r, ctx) => createSpace(r, { space: "stays", name: "Stays", policy }, ctx)),
  );
  const space = async () => {
    const s = await h.reader.get("space", "stays", "stays");
    if (s === null) throw new Error("no space");
    return s;
  };
  const [alice, bob, carol] = ["alice", "bob", "carol"].map((u) => memberIdFor(SECRET, u)) as [
    string,
    string,
    string,
  ];
  for (const [member, name] of [
    [alice, "Alice"],
    [bob, "Bob"],
    [carol, "Carol"],
  ] as const) {
    const s = await space();
    expectOk(
      await h.run(membersKey, (r, ctx) => joinMember(r, s, { member, displayName: name }, ctx)),
    );
  }
  const s = await space();
  expectOk(
    await h.run(membersKey, (r, ctx) =>
      registerSubject(
        r,
        s,
        { subject: "flat-7", kind: "listing", owner: bob, name: "Flat 7" },
        ctx,
      ),
    ),
  );
  return { h, space, alice, bob, carol, listing: "flat-7" };
}

/** Asserts success and returns the events. */
export function expectOk(result: Result): readonly DomainEvent[] {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.events;
}

/** Asserts a failure with `code` and `rule` (a failure carries no events by construction). */
export function expectRule(result: Result, code: DomainErrorCode, rule: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect({ code: result.error.code, rule: result.error.rule }).toEqual({ code, rule });
  expect("events" in result).toBe(false);
}

/** The types of `events`, in order. */
export function typesOf(events: readonly DomainEvent[]): readonly string[] {
  return events.map((e) => e.type);
}
