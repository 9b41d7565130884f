/**
 * One read per batch for the records a batch names (src/store/projections/record-prefetch.ts): the
 * cache gets each named member, subject and interaction's row text, null for the ids that name none of
 * that kind, and a batch's outcomes are those of its commands run one by one. The lookups by key
 * (record-lookups.ts) it reads answer as the reader's queries do, and stay exact as the batch writes.
 * On both backends.
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/domain/actor.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import type { InteractionRecord, ReviewRecord } from "../../../src/domain/records.js";
import { createRecordCache } from "../../../src/store/projections/record-cache.js";
import {
  PREFETCH_CHUNK,
  prefetchNamedRecords,
} from "../../../src/store/projections/record-prefetch.js";
import { selectRecordData } from "../../../src/store/projections/record-statements.js";
import { createSqlDomainReader } from "../../../src/store/projections/sql-reader.js";
import type { CommandCall } from "../../../src/store/space/commands.js";
import { admin, attestKey, membersKey, SECRET } from "../../domain/support/world.js";
import { testService } from "../space/support/service.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

const SPACE = "stays";
const ann = memberIdFor(SECRET, "ann");
const ben = memberIdFor(SECRET, "ben");

describeBackends("record prefetch", (backend) => {
  const current = freshDatabasePerTest(backend);

  async function seeded() {
    const { db } = current();
    const t = testService(db);
    expect((await t.service.createSpace({ space: SPACE, name: "Stays" }, admin)).ok).toBe(true);
    const calls: CommandCall[] = [
      { actor: membersKey, command: "joinMember", input: { member: ann, displayName: "Ann" } },
      { actor: membersKey, command: "joinMember", input: { member: ben, displayName: "Ben" } },
      {
        actor: membersKey,
        command: "registerSubject",
        input: { subject: "flat-1", kind: "listing", owner: ben, name: "Flat" },
      },
      {
        actor: attestKey,
        command: "recordInteraction",
        input: {
          interaction: "stay-1",
          occurredAt: t.now,
          kind: "stay",
          parties: [
            { member: ann, role: "guest", reviews: "flat-1" },
            { member: ben, role: "host", reviews: ann },
          ],
        },
      },
    ];
    for (const outcome of await t.service.executeBatch(SPACE, calls)) {
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    }
    return t;
  }

  it("caches the named records' rows and null for ids that name no record of a kind", async () => {
    const { db } = await seeded();
    const cache = createRecordCache();
    const named = [
      { interaction: "stay-1", parties: [{ member: ann, reviews: "flat-1" }] },
      { kind: "member", member: ben } as Actor,
      { subject: "nowhere", text: "not an id: it has spaces" },
    ];
    await db.transaction(async (tx) => {
      await prefetchNamedRecords(tx, cache, SPACE, named);
      for (const [kind, id] of [
        ["member", ann],
        ["member", ben],
        ["subject", "flat-1"],
        ["interaction", "stay-1"],
      ] as const) {
        expect(cache.get(kind, SPACE, id), `${kind} ${id}`).toBe(
          await selectRecordData(tx, kind, SPACE, id),
        );
        expect(cache.get(kind, SPACE, id)).not.toBeNull();
      }
      expect(cache.get("subject", SPACE, "nowhere")).toBeNull();
      expect(cache.get("member", SPACE, "flat-1")).toBeNull();
      expect(cache.get("interaction", SPACE, ann)).toBeNull();
      expect(cache.get("subject", SPACE, "not an id: it has spaces")).toBeUndefined();
      // Another space's rows are not this space's.
      const other = createRecordCache();
      await prefetchNamedRecords(tx, other, "elsewhere", named);
      expect(other.get("member", "elsewhere", ann)).toBeNull();
    });
  });

  it("looks up more ids than one query holds", async () => {
    const { db } = await seeded();
    const cache = createRecordCache();
    const many = Array.from({ length: PREFETCH_CHUNK * 2 + 3 }, (_, i) => `x-${i}`);
    await db.transaction(async (tx) => {
      expect(await prefetchNamedRecords(tx, cache, SPACE, [...many, ann])).toBe(many.length + 1);
    });
    expect(cache.get("member", SPACE, ann)).not.toBeNull();
    for (const id of many) expect(cache.get("subject", SPACE, id)).toBeNull();
  });

  it("lets a batch see records its earlier commands created after the prefetch said none", async () => {
    const t = await seeded();
    const carl = memberIdFor(SECRET, "carl");
    const outcomes = await t.service.executeBatch(SPACE, [
      // Prefetched as absent, then created by the first command, then read by the next ones.
      { actor: membersKey, command: "joinMember", input: { member: carl, displayName: "Carl" } },
      {
        actor: membersKey,
        command: "registerSubject",
        input: { subject: "flat-2", kind: "listing", owner: carl, name: "Flat 2" },
      },
      { actor: membersKey, command: "joinMember", input: { member: carl, displayName: "Again" } },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    const refused = outcomes[2];
    expect(refused?.ok === false && refused.error.code).toBe("conflict");
  });

  it("reads the reviews, disputes and decisions the named records have as the queries do", async () => {
    const t = await seeded();
    const review = await t.service.execute(SPACE, { kind: "member", member: ann }, "submitReview", {
      subject: "flat-1",
      interaction: "stay-1",
      overall: 4,
      text: "Fine.",
    });
    expect(review.ok, JSON.stringify(review)).toBe(true);
    const dispute = await t.service.execute(
      SPACE,
      { kind: "member", member: ben },
      "disputeInteraction",
      { interaction: "stay-1", explanation: "Never came." },
    );
    expect(dispute.ok, JSON.stringify(dispute)).toBe(true);
    const cache = createRecordCache();
    await t.db.transaction(async (tx) => {
      await prefetchNamedRecords(tx, cache, SPACE, [
        { interaction: "stay-1", parties: [ann, ben] },
        { interaction: "stay-9" },
      ]);
      const plain = createSqlDomainReader(tx);
      const cached = createSqlDomainReader(tx, cache);
      expect(cache.ids("reviewsByInteraction", SPACE, "stay-1")).toHaveLength(1);
      expect(cache.ids("disputesByInteraction", SPACE, "stay-1")).toHaveLength(1);
      // No interaction: no reviews nor disputes, known without a query; no member: left to the query.
      expect(cache.ids("reviewsByInteraction", SPACE, "stay-9")).toEqual([]);
      expect(cache.ids("decisionsByAffected", SPACE, ann)).toEqual([]);
      expect(cache.ids("decisionsByAffected", SPACE, "stay-9")).toBeUndefined();
      for (const member of [ann, ben]) {
        for (const interaction of ["stay-1", "stay-9"]) {
          expect(await cached.findReview(SPACE, interaction, member)).toEqual(
            await plain.findReview(SPACE, interaction, member),
          );
          expect(await cached.findDispute(SPACE, interaction, member)).toEqual(
            await plain.findDispute(SPACE, interaction, member),
          );
        }
        expect(await cached.listDecisionsAffecting(SPACE, member)).toEqual(
          await plain.listDecisionsAffecting(SPACE, member),
        );
      }
      expect((await cached.findReview(SPACE, "stay-1", ann))?.author).toBe(ann);
      expect((await cached.findDispute(SPACE, "stay-1", ben))?.member).toBe(ben);
    });
  });

  it("sees the reviews a batch writes for an interaction it records", async () => {
    const t = await seeded();
    const guest: Actor = { kind: "member", member: ann };
    const host: Actor = { kind: "member", member: ben };
    const outcomes = await t.service.executeBatch(SPACE, [
      {
        actor: attestKey,
        command: "recordInteraction",
        input: {
          interaction: "stay-2",
          occurredAt: t.now,
          kind: "stay",
          parties: [
            { member: ann, role: "guest", reviews: "flat-1" },
            { member: ben, role: "host", reviews: ann },
          ],
        },
      },
      {
        actor: guest,
        command: "submitReview",
        input: { subject: "flat-1", interaction: "stay-2", overall: 5, text: "Lovely." },
      },
      {
        actor: guest,
        command: "submitReview",
        input: { subject: "flat-1", interaction: "stay-2", overall: 1, text: "Again." },
      },
      {
        actor: host,
        command: "submitReview",
        input: { subject: ann, interaction: "stay-2", overall: 4, text: "Tidy guest." },
      },
      {
        actor: guest,
        command: "disputeInteraction",
        input: { interaction: "stay-2", explanation: "It did not happen." },
      },
    ]);
    const summary = outcomes.map((o) =>
      o.ok ? o.events.map((e) => e.type).join(",") : o.error.rule,
    );
    expect(summary).toEqual([
      "interaction.recorded",
      "review.submitted", // sealed: the host has not reviewed
      "review.one-per-party-per-interaction",
      // The host's review reveals both: the guest's was found in the batch's cache.
      "review.submitted,review.revealed,review.revealed",
      "interaction.dispute-after-review",
    ]);
  });
});

describe("record cache lookups", () => {
  const review = (id: string, interaction: string | null) =>
    ({ space: SPACE, id, interaction, author: ann }) as unknown as ReviewRecord;

  it("adds the records a transaction puts and forgets every list when a key changes", () => {
    const cache = createRecordCache();
    cache.setIds("reviewsByInteraction", SPACE, "stay-1", ["r2"]);
    cache.wrote("review", review("r3", "stay-1"));
    cache.wrote("review", review("r1", "stay-1"));
    cache.wrote("review", review("r0", null));
    expect(cache.ids("reviewsByInteraction", SPACE, "stay-1")).toEqual(["r1", "r2", "r3"]);
    cache.wrote("review", review("r3", "stay-1"), review("r3", "stay-1"));
    expect(cache.ids("reviewsByInteraction", SPACE, "stay-1")).toEqual(["r1", "r2", "r3"]);
    // An interaction just put has no reviews yet.
    cache.wrote("interaction", { space: SPACE, id: "stay-5" } as unknown as InteractionRecord);
    expect(cache.ids("reviewsByInteraction", SPACE, "stay-5")).toEqual([]);
    expect(cache.ids("disputesByInteraction", SPACE, "stay-5")).toEqual([]);
    cache.wrote("review", review("r2", "stay-2"), review("r2", "stay-1"));
    expect(cache.ids("reviewsByInteraction", SPACE, "stay-1")).toBeUndefined();
    expect(cache.ids("reviewsByInteraction", SPACE, "stay-5")).toBeUndefined();
  });

  it("reads a written record back as written, deeply frozen, and a read one from its text", () => {
    const cache = createRecordCache();
    const written = { ...review("r1", "stay-1"), criteria: { clean: 5 } };
    const text = JSON.stringify(written);
    cache.set("review", SPACE, "r1", text, written);
    expect(cache.get("review", SPACE, "r1")).toBe(text);
    const back = cache.record("review", SPACE, "r1");
    expect(back).toBe(written);
    expect(Object.isFrozen(back) && Object.isFrozen(back?.criteria)).toBe(true);
    expect(cache.record("review", SPACE, "r1")).toBe(back); // the same record, frozen once
    cache.set("review", SPACE, "r2", JSON.stringify(review("r2", null)));
    const parsed = cache.record("review", SPACE, "r2");
    expect(parsed).toEqual(review("r2", null));
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it("shares the frozen record of a row text across transactions, by the whole text", () => {
    const text = JSON.stringify(review("r5", "stay-5"));
    const [one, two] = [createRecordCache(), createRecordCache()];
    one.set("review", SPACE, "r5", text);
    two.set("review", SPACE, "r5", `${text}`);
    expect(two.record("review", SPACE, "r5")).toBe(one.record("review", SPACE, "r5"));
    const changed = JSON.stringify({ ...review("r5", "stay-5"), author: ben });
    two.set("review", SPACE, "r5", changed);
    expect(two.record("review", SPACE, "r5")).toEqual({ ...review("r5", "stay-5"), author: ben });
    expect(one.record("review", SPACE, "r5")?.author).toBe(ann);
    // A long text is parsed for each transaction, not kept.
    const long = JSON.stringify({ ...review("r6", null), text: "x".repeat(5000) });
    one.set("review", SPACE, "r6", long);
    two.set("review", SPACE, "r6", long);
    expect(two.record("review", SPACE, "r6")).not.toBe(one.record("review", SPACE, "r6"));
    expect(two.record("review", SPACE, "r6")).toEqual(one.record("review", SPACE, "r6"));
  });

  it("forgets the lists with the rows when it starts over", () => {
    const cache = createRecordCache(2);
    cache.setIds("reviewsByInteraction", SPACE, "stay-1", []);
    cache.set("review", SPACE, "r1", "{}");
    cache.set("review", SPACE, "r2", "{}");
    cache.set("review", SPACE, "r3", "{}"); // the limit: starts over
    expect(cache.ids("reviewsByInteraction", SPACE, "stay-1")).toBeUndefined();
  });
});
