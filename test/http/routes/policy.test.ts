/**
 * A space's policy over HTTP, on both backends: an admin key changes it (a space.policy-changed entry,
 * with its receipt; the new rules apply to the next command), other credentials may not, and bad
 * changes (an unknown member, a bad value, a new rating scale) are refused as problems writing nothing.
 * Creating a space refuses unknown policy members the same way.
 */
import { expect, it } from "vitest";
import { decodeEntry } from "../../../src/domain/entry.js";
import { fromDbBytes } from "../../../src/store/db-bytes.js";
import { describeBackends } from "../../store/support/backends.js";
import { ADMIN_TOKEN, type TestApp, testAppPerTest } from "../support/app.js";
import { call, expectStatus, setUpSpace } from "./support/space-fixture.js";

async function entryTypes(t: TestApp, space: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom("log_entries")
    .select(["idx", "entry"])
    .where("space", "=", space)
    .orderBy("idx")
    .execute();
  return rows.map((r) => {
    const decoded = decodeEntry(fromDbBytes(r.entry));
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value.type;
  });
}

describeBackends("space policy", (backend) => {
  const current = testAppPerTest(backend);

  it("an admin key changes the policy: logged, versioned, applied to the next command", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const url = "/v1/spaces/market/policy";
    const before = await entryTypes(t, "market");
    const r = await call(t, "PATCH", url, f.keys.admin, {
      unverified: { accept: "all", label: "Not verified" },
      doubleBlindDays: 7,
    });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.space).toMatchObject({
      policyVersion: 2,
      policy: { doubleBlindDays: 7, unverified: { accept: "all" }, rating: { min: 1, max: 5 } },
    });
    expect(r.body.receipts).toHaveLength(1);
    expect(await entryTypes(t, "market")).toEqual([...before, "space.policy-changed"]);
    const read = await expectStatus(t, 200, "GET", "/v1/spaces/market");
    expect(read.policyVersion).toBe(2);
    // Unverified reviews were refused under the old policy; they are accepted now.
    const organic = await call(t, "POST", "/v1/spaces/market/reviews", f.tokens.other, {
      subject: f.listing,
      overall: 4,
      text: "Saw it from the street.",
    });
    expect(organic.status, organic.raw).toBe(201);
  });

  it("refuses other credentials and bad changes, writing nothing", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const url = "/v1/spaces/market/policy";
    const before = await entryTypes(t, "market");
    const change = { doubleBlindDays: 7 };
    for (const [who, token, status] of [
      ["no credential", undefined, 401],
      ["a members key", f.keys.members, 403],
      ["a moderate key", f.keys.moderate, 403],
      ["a member", f.tokens.guest, 403],
      ["the platform admin", ADMIN_TOKEN, 403],
    ] as const) {
      expect((await call(t, "PATCH", url, token, change)).status, who).toBe(status);
    }
    const unknown = await call(t, "PATCH", url, f.keys.admin, { doubleBlindDay: 7 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("invalid-input");
    const badValue = await call(t, "PATCH", url, f.keys.admin, { doubleBlindDays: -1 });
    expect(badValue.status).toBe(400);
    expect(badValue.body.rule).toBe("input.policy.doubleBlindDays");
    const scale = await call(t, "PATCH", url, f.keys.admin, { rating: { min: 1, max: 10 } });
    expect(scale.status).toBe(422);
    expect(scale.body.rule).toBe("policy.rating-scale-immutable");
    expect((await call(t, "PATCH", url, f.keys.admin, [1])).status).toBe(400);
    expect((await call(t, "PATCH", "/v1/spaces/nowhere/policy", f.keys.admin, change)).status).toBe(
      403,
    );
    expect(await entryTypes(t, "market")).toEqual(before);
  });

  it("refuses an unknown policy member when a space is created", async () => {
    const t = current();
    const r = await call(t, "POST", "/v1/spaces", ADMIN_TOKEN, {
      space: "typo",
      name: "Typo",
      policy: { doubleBlindDay: 3 },
    });
    expect(r.status).toBe(400);
    expect((await call(t, "GET", "/v1/spaces/typo")).status).toBe(404);
  });
});
