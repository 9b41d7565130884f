/**
 * GET /v1/spaces/{space}/subjects/{id}/reviews?order=rating-desc|rating-asc on both backends: a subject's
 * public reviews by overall rating, highest or lowest first, ties by id in the same direction, across
 * pages of one; a sealed review never appears (its rating is not sorted either); a review removed by a
 * decision, whose rating is hidden, comes last in both directions; a cursor of another order and an
 * unknown order are 400s; the order is in /openapi.json.
 */
import { expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { randomBytes } from "../../../src/log/crypto.js";
import { removal } from "../../domain/support/moderation.js";
import { describeBackends } from "../../store/support/backends.js";
import { memberTokenMinter, type TestApp, testAppPerTest } from "../support/app.js";
import { call, expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

describeBackends("a subject's reviews by rating", (backend) => {
  const current = testAppPerTest(backend);

  /** A guest stays at the fixture's listing and both review: the guest's review is public at once. */
  async function stay(t: TestApp, f: SpaceFixture, name: string, overall: number, mutual = true) {
    const base = `/v1/spaces/${f.space}`;
    const guest = memberIdFor(randomBytes(32), name);
    await expectStatus(t, 201, "POST", `${base}/members`, f.keys.members, {
      member: guest,
      displayName: name,
    });
    const interaction = `stay-${name}`;
    await expectStatus(t, 201, "POST", `${base}/interactions`, f.keys.attest, {
      interaction,
      occurredAt: Date.now() - 60_000,
      parties: [
        { member: guest, role: "guest", reviews: f.listing },
        { member: f.host, role: "host", reviews: guest },
      ],
      kind: "stay",
    });
    const token = await (await memberTokenMinter(t.db, f.space)).mint(guest);
    const review = await expectStatus(t, 201, "POST", `${base}/reviews`, token, {
      subject: f.listing,
      interaction,
      overall,
      text: `${name} rates it ${overall}.`,
    });
    if (mutual) {
      await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.host, {
        subject: guest,
        interaction,
        overall: 5,
        text: `A good guest, ${name}.`,
      });
    }
    return review.review as string;
  }

  async function pages(t: TestApp, url: string): Promise<{ id: string; overall?: number }[]> {
    const items: { id: string; overall?: number }[] = [];
    let cursor: string | null = null;
    do {
      const page = await expectStatus(
        t,
        200,
        "GET",
        `${url}&limit=1${cursor === null ? "" : `&cursor=${cursor}`}`,
      );
      items.push(
        ...page.items.map((i: { review: { id: string; overall?: number } }) => ({
          id: i.review.id,
          ...(i.review.overall === undefined ? {} : { overall: i.review.overall }),
        })),
      );
      cursor = page.next;
    } while (cursor !== null);
    return items;
  }

  it("lists highest or lowest first, removed reviews last, sealed ones never", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const three = await stay(t, f, "ana", 3);
    const five = await stay(t, f, "ben", 5);
    const oneA = await stay(t, f, "cy", 1);
    const oneB = await stay(t, f, "dee", 1);
    const removed = await stay(t, f, "eve", 4);
    await stay(t, f, "fay", 2, false); // sealed: the host has not reviewed back
    await expectStatus(t, 201, "POST", `${base}/decisions`, f.keys.moderate, {
      ...removal({ kind: "review", id: removed }),
    });
    const url = `${base}/subjects/${f.listing}/reviews?order=`;

    const highest = await pages(t, `${url}rating-desc`);
    // Equal ratings by id in the list's direction: the later review first when highest first.
    const [firstOne, secondOne] = [oneA, oneB].sort();
    expect(highest).toEqual([
      { id: five, overall: 5 },
      { id: three, overall: 3 },
      { id: secondOne, overall: 1 },
      { id: firstOne, overall: 1 },
      { id: removed },
    ]);
    const lowest = await pages(t, `${url}rating-asc`);
    expect(lowest).toEqual([
      { id: firstOne, overall: 1 },
      { id: secondOne, overall: 1 },
      { id: three, overall: 3 },
      { id: five, overall: 5 },
      { id: removed },
    ]);
    // The default order still lists the same reviews, newest first.
    const newest = await expectStatus(t, 200, "GET", `${base}/subjects/${f.listing}/reviews`);
    expect(newest.items.map((i: { review: { id: string } }) => i.review.id).sort()).toEqual(
      highest.map((i) => i.id).sort(),
    );
  });

  it("refuses an unknown order and a cursor of another order", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    await stay(t, f, "ana", 3);
    await stay(t, f, "ben", 4);
    const url = `/v1/spaces/${f.space}/subjects/${f.listing}/reviews`;
    const byRating = await expectStatus(t, 200, "GET", `${url}?order=rating-desc&limit=1`);
    expect(byRating.next).toEqual(expect.any(String));
    for (const query of [
      "order=rating",
      "order=rating-up",
      `order=rating-asc&cursor=${byRating.next}`,
      `order=submitted&cursor=${byRating.next}`,
    ]) {
      const r = await call(t, "GET", `${url}?${query}`);
      expect(r.status, query).toBe(400);
    }
    const openapi = (await t.app.inject({ url: "/openapi.json" })).json();
    const parameters = openapi.paths["/v1/spaces/{space}/subjects/{id}/reviews"].get.parameters;
    const order = parameters.find((p: { name: string }) => p.name === "order");
    expect(JSON.stringify(order.schema)).toContain("rating-desc");
    expect(JSON.stringify(order.schema)).toContain("rating-asc");
  });
});
