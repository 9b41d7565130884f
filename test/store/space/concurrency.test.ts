/**
 * Many writers on one space through the service: every command gets its own contiguous indices, the
 * log has no gap, an independently recomputed Merkle root (RFC 6962, naive) equals log_state's, every
 * receipt verifies under the space's verifier key for exactly the entry at its index, and the
 * projections equal the in-memory reference fed the same log. Batches: per-command outcomes, the
 * commands after a refusal see the state without it, an infrastructure error rolls back the whole
 * batch. On both backends.
 */
import { expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { verifyReceipt } from "../../../src/log/receipt/index.js";
import { isStoreError } from "../../../src/store/errors.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import type { CommandCall } from "../../../src/store/space/commands.js";
import type { ExecuteResult } from "../../../src/store/space/results.js";
import { createSpaceService, MAX_BATCH_COMMANDS } from "../../../src/store/space/service.js";
import { admin, membersKey, SECRET } from "../../domain/support/world.js";
import { naiveLeafHash, naiveRoot } from "../../log/merkle/naive-tree.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { as } from "./support/community.js";
import { createMirror } from "./support/mirror.js";
import { expectPrivateParity, expectRecordParity } from "./support/parity.js";
import { testService } from "./support/service.js";
import { snapshot } from "./support/snapshot.js";

const WRITERS = 40;

function ok(result: ExecuteResult | undefined): asserts result is ExecuteResult & { ok: true } {
  if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
}

describeBackends("space service: concurrent writers", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("get gap-free indices, a root that recomputes, and receipts that verify", async () => {
    const { db } = current();
    const t = testService(db);
    const created = await t.service.createSpace({ space: "market", name: "Market" }, admin);
    ok(created);
    const members = Array.from({ length: WRITERS }, (_, i) => memberIdFor(SECRET, `user-${i}`));
    const results = await Promise.all([
      ...members.map((member, i) =>
        t.service.execute("market", membersKey, "joinMember", { member, displayName: `U${i}` }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        t.service.executeBatch("market", [
          {
            actor: membersKey,
            command: "registerSubject",
            input: { subject: `shop-${i}`, kind: "business", owner: null, name: `Shop ${i}` },
          },
          {
            actor: membersKey,
            command: "registerSubject",
            input: { subject: `shop-${i}-b`, kind: "business", owner: null, name: "B" },
          },
        ]),
      ),
    ]);
    const outcomes = [created, ...results.flat()];
    for (const o of outcomes) ok(o);

    // Every command's indices are contiguous; together they are 0 … size − 1, each once.
    const indices = outcomes.flatMap((o) => (o.ok ? [...o.indices] : []));
    const size = 1 + WRITERS * 2 + 10;
    expect([...indices].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
    for (const o of outcomes) {
      if (!o.ok) continue;
      const first = o.indices[0] ?? 0;
      expect(o.indices).toEqual(o.indices.map((_, i) => first + i));
      expect(o.events.map((e) => e.index)).toEqual(o.indices);
    }

    const entries = await db.kysely
      .selectFrom("log_entries")
      .select(["idx", "entry"])
      .where("space", "=", "market")
      .orderBy("idx")
      .execute();
    expect(entries.map((e) => e.idx)).toEqual(Array.from({ length: size }, (_, i) => i));
    const leaves = entries.map((e) => naiveLeafHash(new Uint8Array(e.entry)));
    const state = await readLogState(db.kysely, "market");
    expect(state.size).toBe(size);
    expect(Buffer.from(state.root).toString("hex")).toBe(
      Buffer.from(naiveRoot(leaves)).toString("hex"),
    );

    const signer = await t.signers.signerFor(db.kysely, "market");
    for (const o of outcomes) {
      if (!o.ok) continue;
      expect(o.receipts.map((r) => r.index)).toEqual(o.indices);
      for (const issued of o.receipts) {
        const receipt = verifyReceipt(issued.note, signer.verifierKey);
        expect(receipt.index).toBe(issued.index);
        expect(receipt.leafHash).toEqual(leaves[issued.index]);
      }
    }

    const mirror = createMirror(db, "market");
    await mirror.sync();
    await expectRecordParity(db, mirror, "market");
    await expectPrivateParity(db, mirror, "market");
  });

  it("a batch keeps the commands that pass, later ones seeing earlier ones", async () => {
    const { db } = current();
    const t = testService(db);
    ok(await t.service.createSpace({ space: "market", name: "Market" }, admin));
    const [ann, ben] = [memberIdFor(SECRET, "ann"), memberIdFor(SECRET, "ben")];
    const calls: CommandCall[] = [
      { actor: membersKey, command: "joinMember", input: { member: ann, displayName: "Ann" } },
      { actor: membersKey, command: "joinMember", input: { member: "nope", displayName: "X" } },
      { actor: membersKey, command: "joinMember", input: { member: ben, displayName: "Ben" } },
      // Sees ann and ben, joined earlier in this batch.
      { actor: as(ann), command: "giveVouch", input: { vouchee: ben, scope: "met-in-person" } },
      // Refused: the same vouch again, also seen within the batch.
      { actor: as(ann), command: "giveVouch", input: { vouchee: ben, scope: "met-in-person" } },
      { actor: admin, command: "nonsense", input: {} } as unknown as CommandCall,
    ];
    const outcomes = await t.service.executeBatch("market", calls);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.rule))).toEqual([
      "ok",
      "input.member.member",
      "ok",
      "ok",
      "vouch.one-active-per-scope",
      "command.known",
    ]);
    expect(outcomes.flatMap((o) => (o.ok ? o.indices : []))).toEqual([1, 2, 3, 4, 5]);
    const mirror = createMirror(db, "market");
    await mirror.sync();
    await expectRecordParity(db, mirror, "market");
    expect(mirror.store.all("vouch")).toHaveLength(1);
  });

  it("an infrastructure error rolls the whole batch back", async () => {
    const { db } = current();
    const t = testService(db);
    ok(await t.service.createSpace({ space: "market", name: "Market" }, admin));
    const [ann, ben] = [memberIdFor(SECRET, "ann"), memberIdFor(SECRET, "ben")];
    ok(
      await t.service.execute("market", membersKey, "joinMember", {
        member: ann,
        displayName: "A",
      }),
    );
    ok(
      await t.service.execute("market", membersKey, "joinMember", {
        member: ben,
        displayName: "B",
      }),
    );
    const before = await snapshot(db, "market");
    // A broken id source: every id the same, so the second vouch's record collides with the first.
    const broken = createSpaceService({
      db,
      vault: t.vault,
      signers: t.signers,
      clock: () => t.now,
      newId: () => "same-id",
    });
    const error = await broken
      .executeBatch("market", [
        { actor: as(ann), command: "giveVouch", input: { vouchee: ben, scope: "met-in-person" } },
        { actor: as(ben), command: "giveVouch", input: { vouchee: ann, scope: "met-in-person" } },
      ])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isStoreError(error, "conflict")).toBe(true);
    expect(await snapshot(db, "market")).toEqual(before);
    await expect(t.service.executeBatch("market", Array(MAX_BATCH_COMMANDS + 1))).rejects.toThrow(
      RangeError,
    );
  });
});
