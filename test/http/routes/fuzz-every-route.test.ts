/**
 * Hostile input on every route, on both backends: fast-check picks an operation of /openapi.json (so a
 * new route is fuzzed without being listed here), fills its path with real ids or generated segments,
 * and sends generated queries, headers (credentials of every kind, valid or not, relays, Idempotency-Keys,
 * content types) and bodies (JSON of any shape, broken JSON, text). Every answer is a success or a 4xx
 * problem+json whose body states the same status; never a 5xx. A refused request writes nothing: the
 * space's log, its API keys, member-token keys and webhook subscriptions keep their counts.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "../../store/support/backends.js";
import { ADMIN_TOKEN, apiKey, openTestApp, type TestApp } from "../support/app.js";
import { expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

interface Operation {
  readonly method: string;
  readonly path: string;
}

interface World {
  readonly t: TestApp;
  readonly f: SpaceFixture;
  readonly operations: readonly Operation[];
  readonly ids: readonly string[];
  readonly credentials: readonly string[];
}

const COUNTED = [
  "log_entries",
  "access_keys",
  "member_token_keys",
  "webhook_subscriptions",
] as const;

async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await t.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

async function buildWorld(t: TestApp): Promise<World> {
  const f = await setUpSpace(t, "market");
  const review = await expectStatus(t, 201, "POST", "/v1/spaces/market/reviews", f.tokens.guest, {
    subject: f.listing,
    interaction: f.interaction,
    overall: 3,
    text: "Fine.",
  });
  const doc = JSON.parse((await t.app.inject({ url: "/openapi.json" })).body);
  const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
  return {
    t,
    f,
    operations,
    ids: [f.guest, f.host, f.listing, f.interaction, review.review, "booking-1", "flat-7"],
    credentials: [
      ...Object.values(f.keys),
      ...Object.values(f.tokens),
      ADMIN_TOKEN,
      await apiKey(t.db, "market", ["relay"]),
    ],
  };
}

const segment = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "1.5",
    "1e3",
    "9007199254740993",
    "%00",
    "..",
    ".",
    "%2F",
    "a".repeat(80),
  ),
  fc.webSegment(),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);

const queryValue = fc.oneof(
  fc.integer({ min: -5, max: 500 }).map(String),
  fc.constantFrom(
    "",
    "true",
    "false",
    "NaN",
    "1e309",
    "0x10",
    "pending",
    "all",
    "revealed",
    "given",
  ),
  fc.string({ maxLength: 20 }),
);

const queryName = fc.constantFrom(
  "limit",
  "cursor",
  "order",
  "status",
  "kind",
  "owner",
  "affected",
  "direction",
  "active",
  "index",
  "size",
  "from",
  "to",
  "before",
  "x",
);

const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.object().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        member: fc.string({ maxLength: 30 }),
        subject: fc.string({ maxLength: 30 }),
        overall: fc.oneof(fc.integer(), fc.double(), fc.string()),
        text: fc.string({ maxLength: 40 }),
        scopes: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
        target: fc.jsonValue(),
        policy: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom("{", "[]", "null", '"x"', "", '{"__proto__":{"admin":true}}', "1e999"),
  fc.string({ maxLength: 60 }),
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/jsonx",
  undefined,
);

describeBackends("every route, fuzzed", (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(await openTestApp(backend));
  }, 60_000);
  afterAll(async () => {
    await world?.t.app.close();
    await world?.t.database.dispose();
  });

  it("answers only successes or 4xx problems, and a refusal writes nothing", async () => {
    const { t, operations, ids, credentials } = world;
    /** Mostly absent: a request with every header set would rarely get past authentication. */
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
    const credential = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...credentials).map((c) => `Bearer ${c}`),
      fc.constantFrom("Bearer", "Basic YTpi", "Bearer fbk_market_0_0", "Bearer a.b.c", "bearer  x"),
      fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
    );
    const headers = fc.record({
      authorization: credential,
      "fabrique-on-behalf-of": sometimes(
        fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 70 })),
      ),
      "idempotency-key": sometimes(fc.oneof(fc.constant("k1"), fc.string({ maxLength: 300 }))),
      accept: sometimes(fc.constantFrom("*/*", "application/json", "text/html", "image/png")),
      "x-forwarded-for": sometimes(fc.string({ maxLength: 20 })),
    });
    const space = fc.oneof(
      { weight: 4, arbitrary: fc.constant("market") },
      { weight: 1, arbitrary: segment },
    );
    const id = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: segment },
    );
    const seen = new Set<number>();
    const run = fc.asyncProperty(
      fc.constantFrom(...operations),
      space,
      fc.array(id, { minLength: 3, maxLength: 3 }),
      fc.dictionary(queryName, queryValue, { maxKeys: 3 }),
      headers,
      body,
      contentType,
      async (operation, spaceId, fill, query, sent, payload, type) => {
        let i = 0;
        const url = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          name === "space" ? spaceId : (fill[i++ % fill.length] ?? "x"),
        );
        const requestHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(sent)) {
          if (value !== undefined) requestHeaders[name] = value;
        }
        const withBody = ["POST", "PUT", "PATCH"].includes(operation.method);
        if (withBody && type !== undefined) requestHeaders["content-type"] = type;
        const before = await counts(t);
        const response = await t.app.inject({
          method: operation.method as "GET",
          url,
          query,
          headers: requestHeaders,
          ...(withBody ? { payload } : {}),
        });
        seen.add(response.statusCode);
        const what = `${operation.method} ${url} ${JSON.stringify(query)} ${JSON.stringify(sent)} ${payload.slice(0, 80)}`;
        expect(response.statusCode, `${what} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(String(response.headers["content-type"]), what).toMatch(
            /^application\/problem\+json/,
          );
          expect(JSON.parse(response.body).status, what).toBe(response.statusCode);
          expect(await counts(t), what).toEqual(before);
        }
      },
    );
    await fc.assert(run, { numRuns: backend.name === "sqlite" ? 500 : 200 });
    expect([...seen]).toEqual(expect.arrayContaining([200, 400, 401, 403, 404]));
  }, 180_000);
});
