/**
 * The log entry encoding: round trips for every event type a scenario produces, commitments, the
 * double-blind property of entry bytes, and hostile bytes refused without throwing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBase64Url } from "../../src/domain/base64url.js";
import { canonicalBytes, canonicalJson } from "../../src/domain/canonical-json.js";
import {
  decodeEntry,
  encodeEntry,
  entryByteLength,
  MAX_ENTRY_BYTES,
  verifyCommitment,
} from "../../src/domain/entry.js";
import { EVENT_TYPES } from "../../src/domain/events.js";
import { defaultPolicy } from "../../src/domain/policy.js";
import { hmacSha256 } from "../../src/log/crypto.js";
import { busyWorld } from "./support/busy-world.js";
import { review, stay } from "./support/scenario.js";
import { expectOk, world } from "./support/world.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("encodeEntry / decodeEntry", () => {
  it("round-trips every event type, byte for byte", async () => {
    const w = await busyWorld();
    const seen = new Set(w.h.log.map((l) => l.event.type));
    expect([...EVENT_TYPES].filter((t) => !seen.has(t))).toEqual([]);
    for (const { bytes, event, commitment } of w.h.log) {
      const decoded = decodeEntry(bytes);
      if (!decoded.ok) throw new Error(`${event.type}: ${decoded.error.message}`);
      expect(decoded.value).toEqual({
        v: 1,
        type: event.type,
        id: event.id,
        at: event.at,
        actor: event.actor,
        public: event.public,
        ...(commitment === null ? {} : { commitment }),
      });
      expect(canonicalBytes(decoded.value)).toEqual(bytes);
      expect(entryByteLength(event)).toBe(bytes.length);
    }
  });

  it("encodes a measured event to the bytes of an unmeasured copy (the measured text is reused)", async () => {
    const w = await busyWorld();
    for (const { event } of w.h.log) {
      const salt = new Uint8Array(32).fill(7);
      const fresh = encodeEntry(structuredClone(event), salt);
      expect(entryByteLength(event)).toBe(fresh.bytes.length);
      const first = encodeEntry(event, salt);
      expect(first).toEqual(fresh);
      expect(first.privateJson).toBe(
        event.private === undefined ? null : canonicalJson(event.private),
      );
      // The measured bytes are handed out once: the caller's to keep, a second encoding is fresh.
      first.bytes.fill(0);
      expect(encodeEntry(event, salt)).toEqual(fresh);
    }
  });

  it("commits to the private part under a salt, and only that part opens it", async () => {
    const w = await busyWorld();
    let checked = 0;
    for (const [id, stored] of w.h.privates) {
      const entry = w.h.log.find((l) => l.event.id === id);
      if (entry === undefined) throw new Error("no entry");
      expect(verifyCommitment(entry, stored.private, stored.salt)).toBe(true);
      expect(verifyCommitment(entry, { ...(stored.private as object), x: 1 }, stored.salt)).toBe(
        false,
      );
      const otherSalt = stored.salt.slice();
      otherSalt[0] = (otherSalt[0] ?? 0) ^ 1;
      expect(verifyCommitment(entry, stored.private, otherSalt)).toBe(false);
      expect(verifyCommitment(entry, stored.private, stored.salt.subarray(1))).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    const noPrivate = w.h.log.find((l) => l.commitment === null);
    expect(verifyCommitment(noPrivate ?? {}, {}, new Uint8Array(32))).toBe(false);
  });

  it("needs a salt for a private part and refuses an entry over 65,535 bytes", async () => {
    const w = await busyWorld();
    const withPrivate = w.h.log.find((l) => l.event.private !== undefined)?.event;
    if (withPrivate === undefined) throw new Error("no event");
    expect(() => encodeEntry(withPrivate)).toThrow(RangeError);
    expect(() => encodeEntry(withPrivate, new Uint8Array(31))).toThrow(RangeError);
    const space = w.h.log[0]?.event;
    if (space?.type !== "space.created") throw new Error("no space");
    const huge = { ...space, public: { ...space.public, name: "x".repeat(MAX_ENTRY_BYTES) } };
    expect(() => encodeEntry(huge)).toThrow(RangeError);
  });
});

describe("double-blind in the log", () => {
  it("a sealed review's rating and text appear in no entry before reveal, and only then", async () => {
    const w = await world();
    const i = await stay(w, w.alice);
    const secretText = "The-kettle-was-broken-7f3a";
    expectOk(
      await review(w, w.alice, {
        subject: w.listing,
        interaction: i,
        overall: 2,
        text: secretText,
      }),
    );
    const submitted = w.h.log.at(-1);
    if (submitted?.event.type !== "review.submitted") throw new Error("no submission");
    const decoded = decodeEntry(submitted.bytes);
    expect(decoded.ok && Object.keys(decoded.value.public).sort()).toEqual([
      "author",
      "connection",
      "interaction",
      "provenance",
      "ratingCommitment",
      "review",
      "sealedUntil",
      "space",
      "subject",
    ]);
    const all = () => w.h.log.map((l) => text(l.bytes)).join("\n");
    expect(all()).not.toContain(secretText);
    expect(all()).not.toContain('"overall"');
    expect(all()).not.toContain(submitted.event.private?.ratingSalt ?? "none");

    expectOk(await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "ok" }));
    expect(all()).toContain('"overall":2');
    expect(all()).not.toContain(secretText); // texts never reach the log, only commitments
  });
});

describe("hostile entry bytes", () => {
  const valid = {
    v: 1,
    type: "vouch.revoked",
    id: "e1",
    at: 1,
    actor: "member:abc",
    public: { space: "s", vouch: "v1" },
  };
  const commitment = encodeBase64Url(new Uint8Array(32));
  const withPrivate = {
    ...valid,
    type: "review.replied",
    public: { space: "s", review: "r", reply: "p", author: "a" },
  };
  const cases: readonly [string, Uint8Array, string][] = [
    ["not JSON", utf8("{"), "entry.not-json"],
    ["not UTF-8", Uint8Array.of(0xff), "entry.not-utf8"],
    ["non-canonical JSON", utf8(JSON.stringify(valid, null, 1)), "entry.not-canonical"],
    ["an array", canonicalBytes([valid]), "entry.envelope"],
    ["an unknown envelope member", canonicalBytes({ ...valid, extra: 1 }), "entry.envelope"],
    ["version 2", canonicalBytes({ ...valid, v: 2 }), "entry.version"],
    ["an unknown type", canonicalBytes({ ...valid, type: "vouch.sold" }), "entry.type"],
    ["an inherited type name", canonicalBytes({ ...valid, type: "toString" }), "entry.type"],
    ["a bad id", canonicalBytes({ ...valid, id: "a b" }), "entry.id"],
    ["a negative time", canonicalBytes({ ...valid, at: -1 }), "entry.at"],
    ["a fractional time", canonicalBytes({ ...valid, at: 1.5 }), "entry.at"],
    ["a bad actor", canonicalBytes({ ...valid, actor: "root:x" }), "entry.actor"],
    [
      "a missing public member",
      canonicalBytes({ ...valid, public: { space: "s" } }),
      "entry.public",
    ],
    [
      "an extra public member",
      canonicalBytes({ ...valid, public: { ...valid.public, rating: 5 } }),
      "entry.public",
    ],
    [
      "a public text over its limit",
      canonicalBytes({
        ...valid,
        type: "space.created",
        public: { space: "s", name: "x".repeat(101), policy: defaultPolicy(), policyVersion: 1 },
      }),
      "entry.public",
    ],
    [
      "a policy missing its members",
      canonicalBytes({
        ...valid,
        type: "space.policy-changed",
        public: { space: "s", policy: {}, policyVersion: 2 },
      }),
      "entry.public",
    ],
    [
      "a commitment on a type without private part",
      canonicalBytes({ ...valid, commitment }),
      "entry.commitment",
    ],
    [
      "a commitment with non-zero trailing bits",
      canonicalBytes({ ...withPrivate, commitment: `${commitment.slice(0, 42)}B` }),
      "entry.commitment",
    ],
    [
      "a short commitment",
      canonicalBytes({ ...withPrivate, commitment: commitment.slice(1) }),
      "entry.commitment",
    ],
    ["65,536 bytes", utf8(`"${"a".repeat(MAX_ENTRY_BYTES - 1)}"`), "entry.too-large"],
  ];
  for (const [name, bytes, rule] of cases) {
    it(`refuses ${name} (${rule})`, () => {
      const r = decodeEntry(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.rule).toBe(rule);
    });
  }

  it("accepts the valid entries these were derived from", () => {
    expect(decodeEntry(canonicalBytes(valid)).ok).toBe(true);
    const space = {
      ...valid,
      type: "space.created",
      public: { space: "s", name: "x".repeat(100), policy: defaultPolicy(), policyVersion: 1 },
    };
    expect(decodeEntry(canonicalBytes(space)).ok).toBe(true);
    expect(decodeEntry(canonicalBytes({ ...withPrivate, commitment })).ok).toBe(true);
  });

  it("never throws on mutated or random bytes, and accepts only canonical ones", async () => {
    const w = await busyWorld();
    const entries = w.h.log.map((l) => l.bytes);
    fc.assert(
      fc.property(
        fc.constantFrom(...entries),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (bytes, edits) => {
          const mutated = bytes.slice();
          for (const [at, value] of edits) mutated[at % mutated.length] = value;
          const r = decodeEntry(mutated);
          if (r.ok) expect(canonicalBytes(r.value)).toEqual(mutated);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const r = decodeEntry(bytes);
        if (r.ok) expect(canonicalBytes(r.value)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });
});

describe("hmacSha256 (src/log/crypto.ts)", () => {
  it("matches RFC 4231 test cases 1 and 2", () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    expect(hex(hmacSha256(new Uint8Array(20).fill(0x0b), utf8("Hi There")))).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    expect(hex(hmacSha256(utf8("Jefe"), utf8("what do ya want "), utf8("for nothing?")))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});
