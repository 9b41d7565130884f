/**
 * Operator relay on both backends: an API key holding `relay` with `Fabrique-On-Behalf-Of: <member>`
 * acts as that member on member routes; the events it appends name the member and the key in their
 * public actor; with `attest` too it may mark a review invited, which a member token may not. Every
 * other way of sending the header is refused before the route runs, as a problem, writing nothing; and
 * one member's Idempotency-Key never replays another member's answer.
 */
import { expect, it } from "vitest";
import { decodeEntry } from "../../../src/domain/entry.js";
import { parseApiKey } from "../../../src/store/access/api-key-format.js";
import { fromDbBytes } from "../../../src/store/db-bytes.js";
import { rebuild } from "../../../src/store/projections/rebuild.js";
import { describeBackends } from "../../store/support/backends.js";
import {
  ADMIN_TOKEN,
  apiKey,
  bearer,
  memberTokenMinter,
  problemOfResponse,
  type TestApp,
  testAppPerTest,
} from "../support/app.js";
import { call, expectStatus, setUpSpace } from "./support/space-fixture.js";

const RELAY = "fabrique-on-behalf-of";

function keyIdOf(key: string): string {
  const id = parseApiKey(key)?.id;
  if (id === undefined) throw new Error("not an API key");
  return id;
}

async function logEntries(t: TestApp, space: string) {
  const rows = await t.db.kysely
    .selectFrom("log_entries")
    .select(["idx", "entry"])
    .where("space", "=", space)
    .orderBy("idx")
    .execute();
  return rows.map((r) => {
    const decoded = decodeEntry(fromDbBytes(r.entry));
    if (!decoded.ok) throw new Error(`entry ${r.idx}: ${decoded.error.message}`);
    return { index: Number(r.idx), ...decoded.value };
  });
}

async function relayed(
  t: TestApp,
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  key: string,
  member: string | string[],
  payload?: unknown,
  extra: Record<string, string> = {},
) {
  const response = await t.app.inject({
    method,
    url,
    headers: { ...bearer(key), [RELAY]: member, ...extra },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    raw: response.body,
    body: response.body === "" ? undefined : JSON.parse(response.body),
  };
}

describeBackends("operator relay", (backend) => {
  const current = testAppPerTest(backend);

  it("acts as the member on member routes and records the key in each event's public actor", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = "/v1/spaces/market";
    const relayKey = await apiKey(t.db, "market", ["relay"]);

    const who = await relayed(t, "GET", `${base}/whoami`, relayKey, f.guest);
    expect(who.status).toBe(200);
    expect(who.body).toEqual({
      credential: "relay",
      actor: { kind: "member", member: f.guest, via: { key: keyIdOf(relayKey), scopes: [] } },
    });

    const review = await relayed(t, "POST", `${base}/reviews`, relayKey, f.guest, {
      subject: f.listing,
      interaction: f.interaction,
      overall: 4,
      text: "Written through the platform's app.",
    });
    expect(review.status, review.raw).toBe(201);
    const id = review.body.review as string;
    // The relay reads what the member may read, and nothing of the other party's.
    const own = await relayed(t, "GET", `${base}/reviews/${id}/status`, relayKey, f.guest);
    expect(own.body).toMatchObject({ review: id, state: "sealed" });
    expect((await relayed(t, "GET", `${base}/reviews/${id}`, relayKey, f.host)).status).toBe(404);
    expect((await call(t, "GET", `${base}/reviews/${id}`, f.tokens.host)).status).toBe(404);

    const vouch = await relayed(t, "POST", `${base}/vouches`, relayKey, f.host, {
      vouchee: f.guest,
      scope: "hosted-me",
    });
    expect(vouch.status, vouch.raw).toBe(201);

    const entries = await logEntries(t, "market");
    const byIndex = new Map(entries.map((e) => [e.index, e]));
    const via = `;via=operator:${keyIdOf(relayKey)}`;
    for (const index of review.body.indices as number[]) {
      expect(byIndex.get(index)?.actor).toBe(`member:${f.guest}${via}`);
    }
    expect(byIndex.get(vouch.body.indices[0])?.actor).toBe(`member:${f.host}${via}`);
    // A member token's events name the member alone.
    const direct = await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.guest, {
      vouchee: f.host,
      scope: "met-in-person",
    });
    expect((await logEntries(t, "market")).find((e) => e.index === direct.indices[0])?.actor).toBe(
      `member:${f.guest}`,
    );
    // The relayed entries replay like any other.
    const report = await rebuild(t.db, "market");
    expect(report.entries).toBe(entries.length + 1);
  });

  it("lets a key with relay and attest mark a review invited, and nobody else", async () => {
    const t = current();
    await expectStatus(t, 201, "POST", "/v1/spaces", ADMIN_TOKEN, {
      space: "shop",
      name: "Shop",
      policy: { unverified: { accept: "invited", label: "Invited by the shop" } },
    });
    const base = "/v1/spaces/shop";
    const members = await apiKey(t.db, "shop", ["members"]);
    const [buyer, seller] = ["AAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBA"];
    for (const member of [buyer, seller]) {
      await expectStatus(t, 201, "POST", `${base}/members`, members, { member, displayName: "M" });
    }
    await expectStatus(t, 201, "POST", `${base}/subjects`, members, {
      subject: "kettle",
      kind: "product",
      owner: seller,
      name: "Kettle",
    });
    const invitedReview = { subject: "kettle", overall: 5, text: "Boils fast.", invited: true };

    const before = (await logEntries(t, "shop")).length;
    const token = await (await memberTokenMinter(t.db, "shop")).mint(buyer);
    const byToken = await call(t, "POST", `${base}/reviews`, token, invitedReview);
    expect(byToken.status).toBe(403);
    expect(byToken.body.rule).toBe("review.invitation-attested");
    const relayOnly = await apiKey(t.db, "shop", ["relay"]);
    const byRelay = await relayed(t, "POST", `${base}/reviews`, relayOnly, buyer, invitedReview);
    expect(byRelay.status).toBe(403);
    expect(byRelay.body.rule).toBe("review.invitation-attested");
    expect(await logEntries(t, "shop")).toHaveLength(before);

    const attesting = await apiKey(t.db, "shop", ["relay", "attest"]);
    const done = await relayed(t, "POST", `${base}/reviews`, attesting, buyer, invitedReview);
    expect(done.status, done.raw).toBe(201);
    const own = await relayed(t, "GET", `${base}/reviews/${done.body.review}`, attesting, buyer);
    expect(own.body).toMatchObject({ provenance: "invited", text: "Boils fast." });
    const entry = (await logEntries(t, "shop")).find((e) => e.index === done.body.indices[0]);
    expect(entry?.actor).toBe(`member:${buyer};via=operator:${keyIdOf(attesting)}`);
    expect(entry?.public).toMatchObject({ provenance: "invited" });
  });

  it("refuses every other use of the header before the route runs, writing nothing", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const foreign = await setUpSpace(t, "elsewhere");
    const base = "/v1/spaces/market";
    const relayKey = await apiKey(t.db, "market", ["relay"]);
    const foreignRelay = await apiKey(t.db, "elsewhere", ["relay"]);
    const vouch = { vouchee: f.host, scope: "met-in-person" };
    const cases: readonly (readonly [string, string | undefined, string | string[], number])[] = [
      ["a key without relay (read)", f.keys.read, f.guest, 403],
      ["a key without relay (attest)", f.keys.attest, f.guest, 403],
      ["a key without relay (members)", f.keys.members, f.guest, 403],
      ["a relay key of another space", foreignRelay, f.guest, 403],
      ["an admin key of another space", foreign.keys.admin, f.guest, 403],
      ["a member token", f.tokens.guest, f.guest, 403],
      ["a member token for someone else", f.tokens.host, f.guest, 403],
      ["the platform admin", ADMIN_TOKEN, f.guest, 403],
      ["no credential", undefined, f.guest, 401],
      ["a member id that is not an id", relayKey, "not an id!", 400],
      ["an empty member id", relayKey, "", 400],
      ["two members", relayKey, [f.guest, f.host], 400],
    ];
    const before = (await logEntries(t, "market")).length;
    for (const [label, token, member, status] of cases) {
      const response = await t.app.inject({
        method: "POST",
        url: `${base}/vouches`,
        headers: { ...(token === undefined ? {} : bearer(token)), [RELAY]: member },
        payload: vouch,
      });
      expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
      const problem = problemOfResponse(response);
      expect(problem.rule, label).toBeUndefined();
      if (status === 401) expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
      // Public reads refuse a relay that may not act here just as they refuse a bad token.
      const read = await t.app.inject({
        url: `${base}/subjects`,
        headers: { ...(token === undefined ? {} : bearer(token)), [RELAY]: member },
      });
      expect(read.statusCode, `${label} on a public read`).toBe(status);
    }
    // A relay is the member: operator routes refuse it, and so do routes outside a space.
    const join = await relayed(t, "POST", `${base}/members`, relayKey, f.guest, {
      member: "CCCCCCCCCCCCCCCCCCCCCA",
      displayName: "Not by a relay",
    });
    expect(join.status).toBe(403);
    const admin = await apiKey(t.db, "market", ["admin"]);
    expect((await relayed(t, "GET", `${base}/members`, admin, f.guest)).status).toBe(403);
    const create = await relayed(t, "POST", "/v1/spaces", relayKey, f.guest, {
      space: "s3",
      name: "S",
    });
    expect(create.status).toBe(403);
    // Without the header, a relay key is an operator key, and member routes need a member.
    expect((await call(t, "POST", `${base}/vouches`, relayKey, vouch)).status).toBe(403);
    expect(await logEntries(t, "market")).toHaveLength(before);
  });

  it("keeps each relayed member's Idempotency-Keys apart", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = "/v1/spaces/market";
    const relayKey = await apiKey(t.db, "market", ["admin"]);
    const vouch = { vouchee: f.other, scope: "met-in-person" };
    const key = { "idempotency-key": "vouch-42" };
    const byGuest = await relayed(t, "POST", `${base}/vouches`, relayKey, f.guest, vouch, key);
    const byHost = await relayed(t, "POST", `${base}/vouches`, relayKey, f.host, vouch, key);
    expect([byGuest.status, byHost.status]).toEqual([201, 201]);
    expect(byHost.headers["idempotent-replayed"]).toBeUndefined();
    expect(byHost.body.vouch).not.toBe(byGuest.body.vouch);
    const again = await relayed(t, "POST", `${base}/vouches`, relayKey, f.guest, vouch, key);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toEqual(byGuest.body);
  });

  it("documents the relay as a security scheme of the member routes", async () => {
    const t = current();
    const doc = JSON.parse((await t.app.inject({ url: "/openapi.json" })).body);
    expect(doc.components.securitySchemes.onBehalfOf).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Fabrique-On-Behalf-Of",
    });
    expect(doc.paths["/v1/spaces/{space}/reviews"].post.security).toContainEqual({
      apiKey: [],
      onBehalfOf: [],
    });
    expect(
      doc.paths["/v1/spaces/{space}/reviews"].post.requestBody.content["application/json"].schema
        .properties.invited,
    ).toMatchObject({ type: "boolean" });
  });
});
