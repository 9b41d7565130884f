/**
 * The routes the web UI added to the API, on both backends: a member's own reviews (sealed ones with
 * their status, to their author alone) and own alerts (as their reporter is told), the log's checkpoint
 * history (every note verifies with the log's key, pages go down in size), and the public review's
 * `revealedAt`.
 */
import { expect, it } from "vitest";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { verifierFromKey } from "../../../src/log/note/index.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { describeBackends } from "../../store/support/backends.js";
import { testAppPerTest } from "../support/app.js";
import { call, expectStatus, setUpSpace } from "./support/space-fixture.js";

describeBackends("routes for the web UI", (backend) => {
  const current = testAppPerTest(backend);

  it("lists a member's own reviews with their status, to that member only", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const first = await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.guest, {
      subject: f.listing,
      interaction: f.interaction,
      overall: 5,
      text: "Bright flat.",
    });
    const mine = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.guest}/reviews`,
      f.tokens.guest,
    );
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      review: first.review,
      state: "sealed",
      overall: 5,
      subject: f.listing,
    });
    expect(mine.items[0].sealedUntil).toBeGreaterThan(Date.now());
    // Nobody else: not another member, not an operator (a sealed rating is its author's alone).
    const other = await call(t, "GET", `${base}/members/${f.guest}/reviews`, f.tokens.host);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain("Bright flat");
    expect((await call(t, "GET", `${base}/members/${f.guest}/reviews`, f.keys.read)).status).toBe(
      403,
    );
    expect((await call(t, "GET", `${base}/members/${f.guest}/reviews`)).status).toBe(401);

    await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.host, {
      subject: f.guest,
      interaction: f.interaction,
      overall: 4,
      text: "Tidy guest.",
    });
    const after = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.guest}/reviews`,
      f.tokens.guest,
    );
    expect(after.items[0]).toMatchObject({ state: "revealed" });
    const hosts = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.host}/reviews`,
      f.tokens.host,
    );
    expect(hosts.items.map((r: { subject: string }) => r.subject)).toEqual([f.guest]);
  });

  it("gives public reviews the moment they became public", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    for (const [token, subject] of [
      [f.tokens.guest, f.listing],
      [f.tokens.host, f.guest],
    ] as const) {
      await expectStatus(t, 201, "POST", `${base}/reviews`, token, {
        subject,
        interaction: f.interaction,
        overall: 4,
        text: "Fine.",
      });
    }
    const list = await expectStatus(t, 200, "GET", `${base}/subjects/${f.listing}/reviews`);
    const review = list.items[0].review;
    expect(review.revealedAt).toBeGreaterThanOrEqual(review.submittedAt);
    expect(review.revealedAt).toBeLessThanOrEqual(Date.now());
  });

  it("lists the alerts a member raised as their reporter is told, to that member only", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const raised = await expectStatus(t, 201, "POST", `${base}/alerts`, f.tokens.other, {
      target: { kind: "subject", id: f.listing },
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      explanation: "The photos are of another flat.",
      goodFaith: true,
    });
    const empty = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.guest}/alerts`,
      f.tokens.guest,
    );
    expect(empty.items).toEqual([]);
    const mine = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.other}/alerts`,
      f.tokens.other,
    );
    expect(mine.items).toEqual([
      expect.objectContaining({ id: raised.alert, status: "pending", outcome: null }),
    ]);
    await expectStatus(
      t,
      200,
      "POST",
      `${base}/alerts/${raised.alert}/resolution`,
      f.keys.moderate,
      {
        outcome: "no-action",
        decision: null,
        message: "The photos match the flat we inspected.",
      },
    );
    const resolved = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.other}/alerts`,
      f.tokens.other,
    );
    expect(resolved.items[0]).toMatchObject({
      status: "resolved",
      outcome: "no-action",
      message: "The photos match the flat we inspected.",
    });
    // The reported listing's owner learns nothing of it here.
    expect((await call(t, "GET", `${base}/members/${f.other}/alerts`, f.tokens.host)).status).toBe(
      403,
    );
    expect(
      (await call(t, "GET", `${base}/members/${f.other}/alerts`, f.keys.moderate)).status,
    ).toBe(403);
  });

  it("serves the checkpoints the log issued, largest first, each verifying with the log key", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    await sealSpace(t.db, t.signers, f.space);
    await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.guest, {
      subject: f.listing,
      interaction: f.interaction,
      overall: 5,
      text: "Bright flat.",
    });
    await sealSpace(t.db, t.signers, f.space);
    const key = (await t.app.inject({ url: `${base}/log/key` })).body.trim();
    const all = await expectStatus(t, 200, "GET", `${base}/log/checkpoints`);
    expect(all.items.length).toBe(2);
    const sizes = all.items.map((c: { size: number }) => c.size);
    expect(sizes[0]).toBeGreaterThan(sizes[1]);
    for (const item of all.items) {
      const opened = openCheckpoint(item.note, { logVerifier: verifierFromKey(key) });
      expect(opened.checkpoint.size).toBe(item.size);
      expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);
    }
    const first = await expectStatus(t, 200, "GET", `${base}/log/checkpoints?limit=1`);
    expect(first.items.map((c: { size: number }) => c.size)).toEqual([sizes[0]]);
    expect(first.next).toBe(sizes[0]);
    const second = await expectStatus(
      t,
      200,
      "GET",
      `${base}/log/checkpoints?limit=1&before=${first.next}`,
    );
    expect(second.items.map((c: { size: number }) => c.size)).toEqual([sizes[1]]);
    expect(second.next).toBeNull();
    expect((await call(t, "GET", `${base}/log/checkpoints?before=0`)).status).toBe(400);
    expect((await call(t, "GET", `${base}/log/checkpoints?limit=101`)).status).toBe(400);
    expect((await call(t, "GET", "/v1/spaces/nowhere/log/checkpoints")).status).toBe(404);
  });
});
