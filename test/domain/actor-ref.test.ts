/**
 * Actor references in log entries, including a member's call relayed by an operator key: the relay is
 * written into the entry's public actor, read back from untrusted bytes, and never confuses whose
 * private part an event holds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  actorRef,
  isActorRef,
  memberOfRef,
  type OperatorActor,
  parseActorRef,
} from "../../src/domain/actor.js";
import { canonicalBytes } from "../../src/domain/canonical-json.js";
import { decodeEntry, encodeEntry } from "../../src/domain/entry.js";
import { privateOwner } from "../../src/domain/retention.js";

const key: OperatorActor = { kind: "operator", key: "3f9a0c1e5b7d2a46", scopes: ["attest"] };
const id = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);

describe("actorRef / parseActorRef", () => {
  it("writes a relayed member with the key that relayed it, and reads both back", () => {
    const relayed: Actor = { kind: "member", member: "abc", via: key };
    expect(actorRef(relayed)).toBe("member:abc;via=operator:3f9a0c1e5b7d2a46");
    expect(parseActorRef(actorRef(relayed))).toEqual({
      kind: "member",
      member: "abc",
      via: "3f9a0c1e5b7d2a46",
    });
    expect(memberOfRef(actorRef(relayed))).toBe("abc");
    expect(parseActorRef("member:abc")).toEqual({ kind: "member", member: "abc", via: null });
    expect(parseActorRef("operator:k1")).toEqual({ kind: "operator", key: "k1" });
    expect(parseActorRef("system")).toEqual({ kind: "system" });
    expect(memberOfRef("operator:k1")).toBeNull();
  });

  it("round-trips every member and key id, relayed or not", () => {
    fc.assert(
      fc.property(id, fc.option(id, { nil: undefined }), (member, via) => {
        const actor: Actor =
          via === undefined
            ? { kind: "member", member }
            : { kind: "member", member, via: { ...key, key: via } };
        const ref = actorRef(actor);
        expect(isActorRef(ref)).toBe(true);
        expect(parseActorRef(ref)).toEqual({ kind: "member", member, via: via ?? null });
        expect(memberOfRef(ref)).toBe(member);
      }),
    );
  });

  it.each<[unknown, string]>([
    ["member:", "an empty member"],
    ["member:abc;via=operator:", "an empty key"],
    ["member:abc;via=operator:k1;via=operator:k2", "two relays"],
    ["member:abc;via=member:def", "a member relaying"],
    ["member:abc;via=system", "the system relaying"],
    ["operator:k1;via=operator:k2", "an operator relayed"],
    ["member:a b", "a space in an id"],
    ["member:abc;", "a dangling separator"],
    ["system;via=operator:k1", "the system relayed"],
    [42, "a number"],
  ])("refuses %j (%s)", (ref) => {
    expect(isActorRef(ref)).toBe(false);
    expect(parseActorRef(ref)).toBeNull();
  });
});

describe("a relayed event in its log entry", () => {
  const event = {
    type: "vouch.revoked",
    id: "e1",
    at: 1,
    actor: actorRef({ kind: "member", member: "abc", via: key }),
    public: { space: "s", vouch: "v1" },
  } as const;

  it("keeps the relay in the entry's clear bytes and decodes it back", () => {
    const { bytes } = encodeEntry(event);
    expect(new TextDecoder().decode(bytes)).toContain(
      '"actor":"member:abc;via=operator:3f9a0c1e5b7d2a46"',
    );
    const decoded = decodeEntry(bytes);
    expect(decoded.ok && decoded.value.actor).toBe(event.actor);
  });

  it("files the private part under the member, not the relaying key", () => {
    expect(
      privateOwner({
        type: "review.replied",
        id: "e2",
        at: 1,
        actor: event.actor,
        public: { space: "s", review: "r", reply: "p", author: "abc" },
        private: { text: "thanks" },
      }),
    ).toBe("abc");
  });

  it("refuses an entry whose relay is malformed", () => {
    const bad = canonicalBytes({ v: 1, ...event, actor: "member:abc;via=operator:" });
    const decoded = decodeEntry(bad);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.error.rule).toBe("entry.actor");
  });
});
