/**
 * An Idempotency-Key claim applied by the write it guards, on both backends: the space service marks the
 * claim applied with the appended indices in the write's own transaction (a claim is then answered from
 * the log, equal to the first result); a refused command leaves it pending; a claim lost to a takeover
 * refuses the command and writes nothing; a rolled-back batch leaves it pending; readApplied gives back
 * the events and byte-identical receipts.
 */
import { expect, it } from "vitest";
import { sha256 } from "../../../src/log/crypto.js";
import {
  claimIdempotencyKey,
  type HeldClaim,
  type IdempotencyOutcome,
} from "../../../src/store/access/idempotency.js";
import { CLAIM_LOST_RULE } from "../../../src/store/space/claimed-write.js";
import { admin, membersKey } from "../../domain/support/world.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { as, MEMBERS } from "./support/community.js";
import { testService } from "./support/service.js";

const SPACE = "stays";
const { alice, bob } = MEMBERS;
const LEASE_MS = 60_000;

describeBackends("space service: writes under an Idempotency-Key claim", (backend) => {
  const current = freshDatabasePerTest(backend);

  async function setUp() {
    const t = testService(current().db);
    const created = await t.service.createSpace({ space: SPACE, name: "Stays" }, admin);
    expect(created.ok).toBe(true);
    return t;
  }

  async function claim(key: string, at: number, fingerprint = 1): Promise<IdempotencyOutcome> {
    return claimIdempotencyKey(current().db.kysely, {
      space: SPACE,
      credential: "key:stays/members",
      key,
      fingerprint: sha256(new Uint8Array([fingerprint])),
      now: new Date(at),
      ttlMs: 24 * 3600_000,
      leaseMs: LEASE_MS,
    });
  }

  function held(outcome: IdempotencyOutcome): HeldClaim {
    if (outcome.kind !== "claimed") throw new Error(`expected a claim, got ${outcome.kind}`);
    return outcome.claim;
  }

  async function row(key: string) {
    return current()
      .db.kysely.selectFrom("idempotency_keys")
      .select(["state", "applied", "created_at"])
      .where("idem_key", "=", key)
      .executeTakeFirstOrThrow();
  }

  async function logSize(): Promise<number> {
    const rows = await current()
      .db.kysely.selectFrom("log_entries")
      .select("idx")
      .where("space", "=", SPACE)
      .execute();
    return rows.length;
  }

  it("marks the claim applied with the entries' indices, and a retry reads the same result back", async () => {
    const t = await setUp();
    const c = held(await claim("join-alice", t.now));
    const done = await t.service.execute(
      SPACE,
      membersKey,
      "joinMember",
      { member: alice, displayName: "Alice" },
      c,
    );
    if (!done.ok) throw new Error(done.error.message);
    expect(await row("join-alice")).toMatchObject({
      state: "applied",
      applied: JSON.stringify(done.indices),
    });

    const retry = await claim("join-alice", t.now + 1);
    expect(retry).toEqual({ kind: "applied", claim: c, indices: done.indices });
    // Still applied after the lease: never taken over, never run again.
    expect((await claim("join-alice", t.now + LEASE_MS + 1)).kind).toBe("applied");
    const size = await logSize();
    const again = await t.service.readApplied(SPACE, done.indices);
    expect(again).toEqual(done);
    expect(again.receipts.map((r) => r.note)).toEqual(done.receipts.map((r) => r.note));
    expect(await logSize()).toBe(size);
  });

  it("puts the claim back to pending when the domain refuses the command", async () => {
    const t = await setUp();
    await t.service.execute(SPACE, membersKey, "joinMember", { member: alice, displayName: "A" });
    const size = await logSize();
    const c = held(await claim("join-again", t.now));
    const refused = await t.service.execute(
      SPACE,
      membersKey,
      "joinMember",
      { member: alice, displayName: "Again" },
      c,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "conflict", rule: "member.unique" },
    });
    expect(await row("join-again")).toMatchObject({ state: "pending", applied: null });
    expect(await logSize()).toBe(size);
  });

  it("refuses the command and writes nothing when the claim was taken over", async () => {
    const t = await setUp();
    const lost = held(await claim("slow", t.now));
    const takeover = held(await claim("slow", t.now + LEASE_MS));
    expect(takeover.claimedAt).not.toBe(lost.claimedAt);
    const size = await logSize();
    const refused = await t.service.execute(
      SPACE,
      membersKey,
      "joinMember",
      { member: alice, displayName: "Alice" },
      lost,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "conflict", rule: CLAIM_LOST_RULE },
    });
    expect(await logSize()).toBe(size);
    expect(await row("slow")).toMatchObject({ state: "pending", created_at: takeover.claimedAt });
    // The request that holds the claim now runs, once.
    const done = await t.service.execute(
      SPACE,
      membersKey,
      "joinMember",
      { member: alice, displayName: "Alice" },
      takeover,
    );
    expect(done.ok).toBe(true);
    expect((await row("slow")).state).toBe("applied");
  });

  it("keeps each call's claim apart in one batch, and leaves claims pending when the batch rolls back", async () => {
    const t = await setUp();
    const a = held(await claim("a", t.now));
    const b = held(await claim("b", t.now));
    const [first, second] = await t.service.executeBatch(SPACE, [
      {
        actor: membersKey,
        command: "joinMember",
        input: { member: alice, displayName: "A" },
        claim: a,
      },
      {
        actor: membersKey,
        command: "joinMember",
        input: { member: bob, displayName: "B" },
        claim: b,
      },
    ]);
    if (!first?.ok || !second?.ok) throw new Error("refused");
    expect((await row("a")).applied).toBe(JSON.stringify(first.indices));
    expect((await row("b")).applied).toBe(JSON.stringify(second.indices));

    const c = held(await claim("c", t.now));
    const size = await logSize();
    // A thrown (infrastructure) failure rolls back the whole transaction, the claim's mark included.
    const broken = {
      actor: as(alice),
      command: "giveVouch",
      input: {
        get vouchee(): string {
          throw new Error("the input could not be read");
        },
      },
      claim: c,
    } as never;
    await expect(t.service.executeBatch(SPACE, [broken])).rejects.toThrow("could not be read");
    expect(await row("c")).toMatchObject({ state: "pending", applied: null });
    expect(await logSize()).toBe(size);
  });

  it("applies a claim with the space's creation", async () => {
    const t = testService(current().db);
    const c = held(
      await claimIdempotencyKey(current().db.kysely, {
        space: "",
        credential: "platform",
        key: "create",
        fingerprint: sha256(new Uint8Array([3])),
        now: new Date(t.now),
        ttlMs: 3600_000,
        leaseMs: LEASE_MS,
      }),
    );
    const created = await t.service.createSpace({ space: "lofts", name: "Lofts" }, admin, c);
    if (!created.ok) throw new Error(created.error.message);
    expect(await row("create")).toMatchObject({
      state: "applied",
      applied: JSON.stringify(created.indices),
    });
  });
});
