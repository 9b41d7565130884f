/**
 * Idempotency-Key on POST, through the app: a retry with the same key and body gets the first answer
 * (status, body, Location) and writes nothing; the same key with another body is 422; a duplicate that
 * arrives while the first runs is 409; failures a retry may fix are not kept; keys are per credential;
 * a malformed key is 400.
 */
import { expect, it } from "vitest";
import { describeBackends } from "../store/support/backends.js";
import { ADMIN_TOKEN, apiKey, bearer, problemOfResponse, testAppPerTest } from "./support/app.js";

describeBackends("Idempotency-Key", (backend) => {
  let release: () => void = () => {};
  let runs = 0;
  const current = testAppPerTest(backend, {
    routes(app) {
      app.post("/v1/spaces/:space/test/slow", async () => {
        runs += 1;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { run: runs };
      });
      app.post("/v1/spaces/:space/test/flaky", async (_request, reply) => {
        runs += 1;
        if (runs === 1) return reply.code(503).send({ run: runs });
        return { run: runs };
      });
    },
  });

  const create = (headers: Record<string, string>, body: unknown = { scopes: ["read"] }) =>
    current().app.inject({
      method: "POST",
      url: "/v1/spaces/market/keys",
      headers: { ...bearer(ADMIN_TOKEN), ...headers },
      payload: body as Record<string, unknown>,
    });

  async function keyRows(): Promise<number> {
    const rows = await current().db.kysely.selectFrom("access_keys").select("key_id").execute();
    return rows.length;
  }

  it("replays the first answer to a retry and writes nothing new", async () => {
    const first = await create({ "idempotency-key": "create-1" });
    expect(first.statusCode).toBe(201);
    const retry = await create({ "idempotency-key": "create-1" });
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(String(retry.headers["content-type"])).toBe(String(first.headers["content-type"]));
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await keyRows()).toBe(1);
    // The structured-field spelling of the same key is the same key.
    expect((await create({ "idempotency-key": '"create-1"' })).body).toBe(first.body);
    // Without a key, every POST acts.
    await create({});
    await create({});
    expect(await keyRows()).toBe(3);
  });

  it("refuses the same key with another body (422) or another path, and writes nothing", async () => {
    await create({ "idempotency-key": "k" });
    const other = await create({ "idempotency-key": "k" }, { scopes: ["admin"] });
    expect(other.statusCode).toBe(422);
    expect(problemOfResponse(other).code).toBe("idempotency-key-reused");
    const spaced = await create({ "idempotency-key": "k" }, { scopes: ["read"], label: "x" });
    expect(spaced.statusCode).toBe(422);
    const elsewhere = await current().app.inject({
      method: "POST",
      url: "/v1/spaces/market/member-token-keys",
      headers: { ...bearer(ADMIN_TOKEN), "idempotency-key": "k" },
      payload: {
        jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
      },
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(await keyRows()).toBe(1);
  });

  it("keeps keys per credential: another key's identical request acts", async () => {
    const { db, app } = current();
    const admin = await apiKey(db, "market", ["admin"]);
    const viaAdminKey = await app.inject({
      method: "POST",
      url: "/v1/spaces/market/keys",
      headers: { ...bearer(admin), "idempotency-key": "same" },
      payload: { scopes: ["read"] },
    });
    const viaPlatform = await create({ "idempotency-key": "same" });
    expect(viaAdminKey.statusCode).toBe(201);
    expect(viaPlatform.statusCode).toBe(201);
    expect(viaPlatform.body).not.toBe(viaAdminKey.body);
    expect(await keyRows()).toBe(3);
  });

  it("refuses a duplicate while the first runs (409), then replays once it has answered", async () => {
    const { app } = current();
    runs = 0;
    const request = () =>
      app.inject({
        method: "POST",
        url: "/v1/spaces/market/test/slow",
        headers: { "idempotency-key": "slow-1", "content-type": "application/json" },
        payload: "{}",
      });
    const first = request();
    while (runs === 0) await new Promise((r) => setTimeout(r, 5));
    const duplicate = await request();
    expect(duplicate.statusCode).toBe(409);
    expect(problemOfResponse(duplicate).code).toBe("idempotency-in-progress");
    expect(duplicate.headers["retry-after"]).toBe("1");
    release();
    expect((await first).json()).toEqual({ run: 1 });
    const replay = await request();
    expect(replay.json()).toEqual({ run: 1 });
    expect(runs).toBe(1);
  });

  it("does not keep a server failure: the retry runs again", async () => {
    const { app } = current();
    runs = 0;
    const request = () =>
      app.inject({
        method: "POST",
        url: "/v1/spaces/market/test/flaky",
        headers: { "idempotency-key": "flaky-1" },
      });
    expect((await request()).statusCode).toBe(503);
    const retry = await request();
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ run: 2 });
    expect((await request()).json()).toEqual({ run: 2 });
  });

  it("holds no key for a request refused before it ran (validation, guard)", async () => {
    const invalid = await create({ "idempotency-key": "v" }, { scopes: ["root"] });
    expect(invalid.statusCode).toBe(400);
    const ok = await create({ "idempotency-key": "v" });
    expect(ok.statusCode).toBe(201);
    const rows = await current().db.kysely.selectFrom("idempotency_keys").selectAll().execute();
    expect(rows.map((r) => [r.space, r.credential, r.idem_key, r.state])).toEqual([
      ["market", "platform", "v", "done"],
    ]);
  });

  it("refuses a malformed key with 400", async () => {
    for (const key of ["", "a".repeat(256), "with space", '"quo"te"', "é"]) {
      const res = await create({ "idempotency-key": key });
      expect(res.statusCode, key).toBe(400);
      expect(problemOfResponse(res).code).toBe("invalid-input");
    }
    expect(await keyRows()).toBe(0);
  });
});
