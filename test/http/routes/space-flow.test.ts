/**
 * The space resources end to end in process, on both backends: a space created by the platform admin,
 * members, a subject, an interaction, two double-blind reviews (sealed, then revealed together), a
 * reply, vouches, an alert, a decision and an appeal; every write answers receipts that verify with the
 * space's log key, and creations answer 201 with a Location.
 */
import { expect, it } from "vitest";
import { describeBackends } from "../../store/support/backends.js";
import { testAppPerTest } from "../support/app.js";
import { call, expectStatus, setUpSpace } from "./support/space-fixture.js";

describeBackends("space routes: happy paths", (backend) => {
  const current = testAppPerTest(backend);

  it("creates a space with an admin key shown once and its log key", async () => {
    const t = current();
    const r = await call(t, "POST", "/v1/spaces", `fbp_${"ab".repeat(32)}`, {
      space: "stays",
      name: "Stays",
    });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe("/v1/spaces/stays");
    expect(r.body.adminKey).toMatch(/^fbk_/);
    expect(r.body.space.space).toBe("stays");
    const logKey = await t.app.inject({ url: "/v1/spaces/stays/log/key" });
    expect(`${r.body.logKey}\n`).toBe(logKey.body);
    expect(r.body.receipts).toHaveLength(1);
    const whoami = await expectStatus(t, 200, "GET", "/v1/spaces/stays/whoami", r.body.adminKey);
    expect(whoami.actor.scopes).toEqual(["admin"]);
    const again = await call(t, "POST", "/v1/spaces", `fbp_${"ab".repeat(32)}`, {
      space: "stays",
      name: "Again",
    });
    expect(again.status).toBe(409);
  });

  it("runs a double-blind exchange: sealed until both reviewed, then public", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const first = await call(t, "POST", `${base}/reviews`, f.tokens.guest, {
      subject: f.listing,
      interaction: f.interaction,
      overall: 5,
      text: "Bright flat, quiet street.",
    });
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`${base}/reviews/${first.body.review}`);
    expect(first.body.receipts[0]).toContain(`\n`);
    const id = first.body.review;

    // Sealed: nobody but its author sees it, not even in the summary.
    await expectStatus(t, 404, "GET", `${base}/reviews/${id}`);
    await expectStatus(t, 404, "GET", `${base}/reviews/${id}`, f.tokens.host);
    const list = await expectStatus(t, 200, "GET", `${base}/subjects/${f.listing}/reviews`);
    expect(list.items).toEqual([]);
    const mine = await expectStatus(t, 200, "GET", `${base}/reviews/${id}`, f.tokens.guest);
    expect(mine).toMatchObject({ state: "sealed", overall: 5 });
    const status = await expectStatus(
      t,
      200,
      "GET",
      `${base}/reviews/${id}/status`,
      f.tokens.guest,
    );
    expect(status.state).toBe("sealed");
    await expectStatus(t, 200, "PUT", `${base}/reviews/${id}`, f.tokens.guest, {
      overall: 4,
      text: "Bright flat, a little noisy at night.",
    });

    const second = await call(t, "POST", `${base}/reviews`, f.tokens.host, {
      subject: f.guest,
      interaction: f.interaction,
      overall: 5,
      text: "Tidy and friendly guest.",
    });
    expect(second.status).toBe(201);
    const revealed = await expectStatus(t, 200, "GET", `${base}/reviews/${id}`);
    expect(revealed.review).toMatchObject({ state: "published", overall: 4 });
    const summary = await expectStatus(t, 200, "GET", `${base}/subjects/${f.listing}/summary`);
    expect(summary).toMatchObject({ published: 1, overallMean: 4 });

    const reply = await call(t, "POST", `${base}/reviews/${id}/reply`, f.tokens.host, {
      text: "Thanks, we fitted thicker curtains.",
    });
    expect(reply.status).toBe(201);
    const page = await expectStatus(t, 200, "GET", `${base}/subjects/${f.listing}/reviews?limit=1`);
    expect(page.items[0].reply.text).toBe("Thanks, we fitted thicker curtains.");
    expect(page.next).toBeNull();
    const late = await call(t, "PUT", `${base}/reviews/${id}`, f.tokens.guest, {
      overall: 1,
      text: "late edit",
    });
    expect(late.status).toBe(422);
    expect(late.body.rule).toBe("review.no-edits-after-reveal");
  });

  it("members, subjects, interactions, vouches and erasure", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const members = await expectStatus(t, 200, "GET", `${base}/members?limit=2`, f.keys.read);
    expect(members.items).toHaveLength(2);
    const rest = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members?limit=2&cursor=${members.next}`,
      f.keys.read,
    );
    expect(rest.items).toHaveLength(1);
    const pub = await expectStatus(t, 200, "GET", `${base}/members/${f.host}`);
    expect(pub).toEqual({ member: f.host, joinedAt: expect.any(Number), erased: false });
    const self = await expectStatus(t, 200, "GET", `${base}/members/${f.host}`, f.tokens.host);
    expect(self.displayName).toBe("Hannah Host");

    const subjects = await expectStatus(t, 200, "GET", `${base}/subjects?kind=listing`);
    expect(subjects.items.map((s: { subject: string }) => s.subject)).toEqual([f.listing]);
    expect(subjects.items[0].description).toBeUndefined();
    const owned = await expectStatus(t, 200, "GET", `${base}/subjects/${f.listing}`, f.tokens.host);
    expect(owned.description).toBe("private notes of the host");

    const interaction = await expectStatus(
      t,
      200,
      "GET",
      `${base}/interactions/${f.interaction}`,
      f.tokens.guest,
    );
    expect(interaction.reference).toBeUndefined();
    const asOperator = await expectStatus(
      t,
      200,
      "GET",
      `${base}/interactions/${f.interaction}`,
      f.keys.read,
    );
    expect(asOperator.reference).toBe("private-ref-42");
    await expectStatus(t, 404, "GET", `${base}/interactions/${f.interaction}`, f.tokens.other);
    const mine = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.guest}/interactions`,
      f.tokens.guest,
    );
    expect(mine.items).toHaveLength(1);

    const vouch = await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.guest, {
      vouchee: f.host,
      scope: "met-in-person",
      note: "stayed twice",
    });
    const received = await expectStatus(t, 200, "GET", `${base}/members/${f.host}/vouches`);
    expect(received.items).toHaveLength(1);
    expect(received.items[0].note).toBeUndefined();
    await expectStatus(t, 200, "DELETE", `${base}/vouches/${vouch.vouch}`, f.tokens.guest);
    const active = await expectStatus(
      t,
      200,
      "GET",
      `${base}/members/${f.host}/vouches?active=true`,
    );
    expect(active.items).toEqual([]);
    // A vouch that lapses sooner than the space's rule, at the voucher's word; never later.
    const until = Date.now() + 7 * 86_400_000;
    const short = await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.guest, {
      vouchee: f.host,
      scope: "met-in-person",
      expiresAt: until,
    });
    const shown = await expectStatus(t, 200, "GET", `${base}/vouches/${short.vouch}`);
    expect(shown.expiresAt).toBe(until);
    const tooLate = await call(t, "POST", `${base}/vouches`, f.tokens.host, {
      vouchee: f.guest,
      scope: "met-in-person",
      expiresAt: Date.now() + 4000 * 86_400_000,
    });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body).toMatchObject({ rule: "vouch.expiry-within-policy" });

    const dispute = await call(
      t,
      "POST",
      `${base}/interactions/${f.interaction}/disputes`,
      f.tokens.host,
      { explanation: "The guest never arrived." },
    );
    expect(dispute.status).toBe(201);

    await expectStatus(t, 200, "DELETE", `${base}/members/${f.other}`, f.tokens.other);
    const erased = await expectStatus(t, 200, "GET", `${base}/members/${f.other}`, f.keys.read);
    expect(erased).toMatchObject({ erased: true, displayName: null });
  });

  it("moderation: alert, queue, decision, resolution, appeal", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const alert = await expectStatus(t, 201, "POST", `${base}/alerts`, f.tokens.guest, {
      target: { kind: "subject", id: f.listing },
      category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
      explanation: "The listing advertises a flat that does not exist.",
      goodFaith: true,
    });
    const queue = await expectStatus(t, 200, "GET", `${base}/alerts`, f.keys.moderate);
    expect(queue.items.map((a: { alert: string }) => a.alert)).toEqual([alert.alert]);
    // The reporter follows their alert; the reported host learns nothing, not even that it exists.
    const asReporter = await expectStatus(
      t,
      200,
      "GET",
      `${base}/alerts/${alert.alert}`,
      f.tokens.guest,
    );
    expect(asReporter).toMatchObject({ id: alert.alert, status: "pending" });
    expect(JSON.stringify(asReporter)).not.toContain(f.guest);
    await expectStatus(t, 404, "GET", `${base}/alerts/${alert.alert}`, f.tokens.host);

    const decision = await expectStatus(t, 201, "POST", `${base}/decisions`, f.keys.moderate, {
      target: { kind: "subject", id: f.listing },
      alert: alert.alert,
      decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
      incompatibleContentGround: "Terms §4: listings describe real places",
      incompatibleContentExplanation: "The address does not exist.",
      category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
      territorialScope: ["FR"],
      decisionFacts: "Checked the address against the land registry.",
      automatedDetection: false,
      automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED",
      decisionVisibility: ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    });
    await expectStatus(
      t,
      200,
      "POST",
      `${base}/alerts/${alert.alert}/resolution`,
      f.keys.moderate,
      {
        outcome: "actioned",
        decision: decision.decision,
        message: "We removed the listing.",
      },
    );
    const decisions = await expectStatus(t, 200, "GET", `${base}/decisions`);
    expect(decisions.items[0].texts).toBeUndefined();
    const affected = await expectStatus(
      t,
      200,
      "GET",
      `${base}/decisions/${decision.decision}`,
      f.tokens.host,
    );
    expect(affected.texts.decisionFacts).toContain("land registry");

    const appeal = await expectStatus(t, 201, "POST", `${base}/appeals`, f.tokens.host, {
      target: { kind: "decision", id: decision.decision },
      explanation: "The flat exists; here is the deed.",
    });
    const own = await expectStatus(t, 200, "GET", `${base}/appeals`, f.tokens.host);
    expect(own.items).toHaveLength(1);
    const others = await expectStatus(t, 200, "GET", `${base}/appeals`, f.tokens.guest);
    expect(others.items).toEqual([]);
    await expectStatus(
      t,
      200,
      "POST",
      `${base}/appeals/${appeal.appeal}/decision`,
      f.keys.moderate,
      {
        outcome: "reversed",
        reasons: "The deed checks out.",
        humanReviewed: true,
      },
    );
    const reversed = await expectStatus(t, 200, "GET", `${base}/decisions/${decision.decision}`);
    expect(reversed.reversedBy).toBe(appeal.appeal);
  });
});
