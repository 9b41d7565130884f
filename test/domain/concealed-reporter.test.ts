/**
 * Issue 3: the reporter of a notice, and a notifier who appeals, are named in the event's private part
 * only (alert.raised and appeal.filed shape 2, actor "concealed-member"); entries of shape 1, which
 * named them in clear, still decode and replay the same, so logs written before keep verifying.
 */
import { describe, expect, it } from "vitest";
import {
  CONCEALED_MEMBER,
  concealedActorRef,
  isActorRef,
  memberOfRef,
  parseActorRef,
} from "../../src/domain/actor.js";
import { canonicalBytes } from "../../src/domain/canonical-json.js";
import { decodeEntry, encodeEntry } from "../../src/domain/entry.js";
import type { AlertRaised, AppealFiled } from "../../src/domain/events.js";
import { evolve } from "../../src/domain/evolve.js";
import { privateOwner } from "../../src/domain/retention.js";
import { shredChanges } from "../../src/domain/shred.js";

const alertPublic = {
  space: "stays",
  alert: "a1",
  target: { kind: "review", id: "r1" },
  sourceType: "SOURCE_ARTICLE_16",
  goodFaith: true,
  category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
} as const;

const commitment = "A".repeat(43);

/** Entry bytes as a writer of either shape made them. */
function entryBytes(type: string, actor: string, pub: object): Uint8Array {
  return canonicalBytes({ v: 1, type, id: "e1", at: 1000, actor, public: pub, commitment });
}

function decodedEvent(bytes: Uint8Array, priv?: object) {
  const r = decodeEntry(bytes);
  if (!r.ok) throw new Error(r.error.message);
  const { type, id, at, actor, public: pub } = r.value;
  return { type, id, at, actor, public: pub, ...(priv === undefined ? {} : { private: priv }) };
}

describe("the concealed member actor", () => {
  it("keeps the relaying key public and names no member", () => {
    expect(concealedActorRef({ kind: "member", member: "abc" })).toBe(CONCEALED_MEMBER);
    const via = { kind: "operator", key: "k1", scopes: ["members"] } as const;
    const relayed = concealedActorRef({ kind: "member", member: "abc", via });
    expect(relayed).toBe("concealed-member;via=operator:k1");
    expect(parseActorRef(relayed)).toEqual({ kind: "concealed-member", via: "k1" });
    expect(parseActorRef(CONCEALED_MEMBER)).toEqual({ kind: "concealed-member", via: null });
    expect([memberOfRef(CONCEALED_MEMBER), memberOfRef(relayed)]).toEqual([null, null]);
    expect(isActorRef("concealed-member;via=operator:")).toBe(false);
    expect(isActorRef("concealed-member:abc")).toBe(false);
  });
});

describe("alert.raised", () => {
  it("shape 1 (reporter in clear) still decodes and replays with its reporter", () => {
    const event = decodedEvent(
      entryBytes("alert.raised", "member:bob", { ...alertPublic, reporter: "bob" }),
      { explanation: "x" },
    ) as AlertRaised;
    const [put] = evolve(event);
    expect(put).toMatchObject({ op: "put", record: { reporter: "bob" } });
    expect(put?.op === "put" ? put.record : null).not.toHaveProperty("reporterIn");
    expect(privateOwner(event)).toBe("bob");
    // Retention of a shape 1 alert keeps the public reporter, as a replay would.
    expect(shredChanges(event)[0]).not.toMatchObject({ set: { reporter: null } });
  });

  it("shape 2 names the reporter privately; without the private part nobody is named", () => {
    const bytes = entryBytes("alert.raised", CONCEALED_MEMBER, { ...alertPublic, shape: 2 });
    const withPart = decodedEvent(bytes, { explanation: "x", reporter: "bob" }) as AlertRaised;
    expect(evolve(withPart)[0]).toMatchObject({
      record: { reporter: "bob", reporterIn: "private" },
    });
    expect(privateOwner(withPart)).toBe("bob");
    expect(shredChanges(withPart)[0]).toMatchObject({ set: { reporter: null, explanation: null } });
    const replayed = decodedEvent(bytes) as AlertRaised;
    expect(evolve(replayed)[0]).toMatchObject({ record: { reporter: null } });
    expect(new TextDecoder().decode(encodeEntry(withPart, new Uint8Array(32)).bytes)).not.toContain(
      "bob",
    );
  });

  it("refuses a shape 2 entry that names a reporter in public", () => {
    const pub = { ...alertPublic, shape: 2, reporter: "bob" };
    expect(decodeEntry(entryBytes("alert.raised", CONCEALED_MEMBER, pub)).ok).toBe(false);
    expect(decodeEntry(entryBytes("alert.raised", CONCEALED_MEMBER, { ...pub, shape: 3 })).ok).toBe(
      false,
    );
  });
});

describe("appeal.filed", () => {
  const appealPublic = { space: "stays", appeal: "p1", target: { kind: "alert", id: "a1" } };

  it("shape 1 (appellant in clear) still decodes and replays", () => {
    const event = decodedEvent(
      entryBytes("appeal.filed", "member:bob", { ...appealPublic, appellant: "bob" }),
    ) as AppealFiled;
    expect(evolve(event)[0]).toMatchObject({ record: { appellant: "bob" } });
  });

  it("shape 2 of a notifier names them privately, and forgets them with the part", () => {
    const pub = { ...appealPublic, appellant: null, shape: 2 };
    const bytes = entryBytes("appeal.filed", CONCEALED_MEMBER, pub);
    const withPart = decodedEvent(bytes, { explanation: "x", appellant: "bob" }) as AppealFiled;
    expect(evolve(withPart)[0]).toMatchObject({
      record: { appellant: "bob", appellantIn: "private" },
    });
    expect(privateOwner(withPart)).toBe("bob");
    expect(shredChanges(withPart)[0]).toMatchObject({ set: { appellant: null } });
    expect(evolve(decodedEvent(bytes) as AppealFiled)[0]).toMatchObject({
      record: { appellant: null },
    });
  });
});
