/**
 * Robustness of the space resources: fast-check bodies, queries and headers on every write and read
 * route answer only 4xx problem+json (never 5xx) or success, and a refused request writes nothing (the
 * log's size is unchanged); Idempotency-Key on a domain POST replays the first answer with one entry.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "../../store/support/backends.js";
import { bearer, openTestApp, type TestApp } from "../support/app.js";
import { type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

async function logSize(t: TestApp, space: string): Promise<number> {
  const row = await t.db.kysely
    .selectFrom("log_entries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("space", "=", space)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const WRITES = [
  ["POST", "members", "members"],
  ["POST", "subjects", "members"],
  ["POST", "interactions", "attest"],
  ["POST", "reviews", "guest"],
  ["POST", "vouches", "guest"],
  ["POST", "alerts", "guest"],
  ["POST", "decisions", "moderate"],
  ["POST", "appeals", "host"],
  ["POST", "reveals", "admin"],
  ["POST", "interactions/booking-1/disputes", "guest"],
  ["PUT", "reviews/nope", "guest"],
  ["POST", "reviews/nope/reply", "host"],
  ["POST", "alerts/nope/resolution", "moderate"],
  ["POST", "appeals/nope/decision", "moderate"],
] as const;

const READS = [
  "members",
  "subjects",
  "subjects/flat-7/reviews",
  "subjects/flat-7/summary",
  "alerts",
  "decisions",
  "appeals",
] as const;

describeBackends("space routes: robustness", (backend) => {
  let t: TestApp;
  let f: SpaceFixture;
  beforeAll(async () => {
    t = await openTestApp(backend);
    f = await setUpSpace(t, "market");
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await t?.database.dispose();
  });

  const tokenOf = (who: string) =>
    who === "guest" ? f.tokens.guest : who === "host" ? f.tokens.host : f.keys[who as "admin"];

  it("fuzzed bodies never 5xx and refused writes append nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...WRITES),
        fc.oneof(fc.jsonValue(), fc.object(), fc.string()),
        async ([method, path, who], body) => {
          const before = await logSize(t, "market");
          const r = await t.app.inject({
            method,
            url: `/v1/spaces/market/${path}`,
            headers: { ...bearer(tokenOf(who)), "content-type": "application/json" },
            payload: JSON.stringify(body),
          });
          expect(r.statusCode, r.body).toBeLessThan(500);
          if (r.statusCode >= 400) {
            expect(String(r.headers["content-type"])).toMatch(/^application\/problem\+json/);
            expect(await logSize(t, "market")).toBe(before);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it("fuzzed queries and headers on reads never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...READS),
        fc.dictionary(
          fc.constantFrom("limit", "cursor", "order", "status", "kind", "x"),
          fc.string(),
        ),
        fc.dictionary(fc.constantFrom("authorization", "accept", "x-forwarded-for"), fc.string()),
        async (path, query, headers) => {
          const r = await t.app.inject({
            method: "GET",
            url: `/v1/spaces/market/${path}`,
            query,
            headers: { ...bearer(f.keys.admin), ...headers },
          });
          expect(r.statusCode, r.body).toBeLessThan(500);
          if (r.statusCode >= 400) {
            expect(String(r.headers["content-type"])).toMatch(/^application\/problem\+json/);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it("replays a domain POST with the same Idempotency-Key: the first answer, one log entry", async () => {
    const before = await logSize(t, "market");
    const send = () =>
      t.app.inject({
        method: "POST",
        url: "/v1/spaces/market/vouches",
        headers: { ...bearer(f.tokens.host), "idempotency-key": "vouch-once-1" },
        payload: { vouchee: f.other, scope: "met-in-person" },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(await logSize(t, "market")).toBe(before + 1);
  });
});
