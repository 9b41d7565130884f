/**
 * One read per batch for the records a batch names (src/store/projections/record-prefetch.ts): the
 * cache gets each named member, subject and interaction's row text, null for the ids that name none of
 * that kind, and a batch's outcomes are those of its commands run one by one. On both backends.
 */
import { expect, it } from "vitest";
import type { Actor } from "../../../src/domain/actor.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import { createRecordCache } from "../../../src/store/projections/record-cache.js";
import {
  PREFETCH_CHUNK,
  prefetchNamedRecords,
} from "../../../src/store/projections/record-prefetch.js";
import { selectRecordData } from "../../../src/store/projections/record-statements.js";
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
});
