/**
 * Authentication and guards, through the app: API keys (none, malformed, unknown, wrong secret, revoked,
 * of another space, scope too low), member tokens (valid, expired, forged, wrong type, too long-lived, of
 * another space, of a revoked key, without a kid), the platform admin token, and the actor each makes.
 * Every refusal is a 401 or 403 problem; 401s carry a Bearer challenge.
 */
import { generateKeyPair, SignJWT } from "jose";
import { expect, it } from "vitest";
import { requireMember, requireScope } from "../../src/http/auth/guards.js";
import { revokeApiKey } from "../../src/store/access/api-keys.js";
import { revokeMemberTokenKey } from "../../src/store/access/member-token-keys.js";
import { describeBackends } from "../store/support/backends.js";
import {
  ADMIN_TOKEN,
  apiKey,
  bearer,
  memberTokenMinter,
  problemOfResponse,
  testAppPerTest,
} from "./support/app.js";

const NOW = Date.parse("2030-06-01T12:00:00Z");

describeBackends("authentication", (backend) => {
  const current = testAppPerTest(backend, {
    clock: () => NOW,
    routes(app) {
      app.get(
        "/v1/spaces/:space/test/moderation",
        { preHandler: requireScope("moderate") },
        async (request) => ({ actor: request.actor }),
      );
      app.get(
        "/v1/spaces/:space/test/member",
        { preHandler: requireMember() },
        async (request) => ({ actor: request.actor }),
      );
    },
  });

  async function get(url: string, headers: Record<string, string> = {}) {
    return current().app.inject({ method: "GET", url, headers });
  }

  async function refused(url: string, headers: Record<string, string>, status: 401 | 403) {
    const res = await get(url, headers);
    expect(res.statusCode, res.body).toBe(status);
    const problem = problemOfResponse(res);
    expect(problem.code).toBe(status === 401 ? "unauthenticated" : "forbidden");
    if (status === 401) expect(String(res.headers["www-authenticate"])).toMatch(/^Bearer realm=/);
    return String(problem.detail);
  }

  it("lets a key with the scope through, acting as the operator of its space", async () => {
    const key = await apiKey(current().db, "market", ["moderate"]);
    const res = await get("/v1/spaces/market/test/moderation", bearer(key));
    expect(res.statusCode).toBe(200);
    const id = key.split("_")[2];
    expect(res.json()).toEqual({ actor: { kind: "operator", key: id, scopes: ["moderate"] } });
    const admin = await apiKey(current().db, "market", ["admin"]);
    expect((await get("/v1/spaces/market/test/moderation", bearer(admin))).statusCode).toBe(200);
  });

  it("refuses no key, a malformed header, an unknown key and a wrong secret with 401", async () => {
    const url = "/v1/spaces/market/test/moderation";
    expect(await refused(url, {}, 401)).toContain("API key of space market");
    await refused(url, { authorization: "Basic dXNlcjpwYXNz" }, 401);
    await refused(url, { authorization: "Bearer" }, 401);
    await refused(url, bearer("not-a-key"), 401);
    await refused(url, bearer(`fbk_market_0123456789abcdef_${"0".repeat(64)}`), 401);
    const key = await apiKey(current().db, "market", ["moderate"]);
    const wrong = `${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}`;
    expect(await refused(url, bearer(wrong), 401)).toBe("unknown API key");
    // A public route refuses a bad credential too, rather than silently serving it as anonymous.
    await refused("/v1/spaces/market/log/checkpoint", bearer(wrong), 401);
  });

  it("refuses a revoked key with 401", async () => {
    const { db } = current();
    const key = await apiKey(db, "market", ["moderate"]);
    await revokeApiKey(db.kysely, "market", key.split("_")[2] ?? "");
    expect(await refused("/v1/spaces/market/test/moderation", bearer(key), 401)).toContain(
      "revoked",
    );
  });

  it("refuses a key of another space and a key without the scope with 403", async () => {
    const { db } = current();
    const other = await apiKey(db, "stays", ["admin"]);
    expect(await refused("/v1/spaces/market/test/moderation", bearer(other), 403)).toContain(
      "another space",
    );
    const low = await apiKey(db, "market", ["read", "attest"]);
    expect(await refused("/v1/spaces/market/test/moderation", bearer(low), 403)).toContain(
      "lacks the scope moderate",
    );
    // The actor of a key in another space's route is nobody there.
    const res = await get("/v1/spaces/market/log/checkpoint", bearer(other));
    expect(res.statusCode).toBe(404);
  });

  it("lets a member act as themself with a token, and as nothing more", async () => {
    const { db } = current();
    const minter = await memberTokenMinter(db, "market", () => NOW);
    const token = await minter.mint("member-1");
    const res = await get("/v1/spaces/market/test/member", bearer(token));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ actor: { kind: "member", member: "member-1" } });
    expect(await refused("/v1/spaces/market/test/moderation", bearer(token), 403)).toContain(
      "member token",
    );
    const whoami = await get("/v1/spaces/market/whoami", bearer(token));
    expect(whoami.json()).toEqual({
      credential: "member-token",
      actor: { kind: "member", member: "member-1" },
    });
    const key = await apiKey(db, "market", ["admin"]);
    expect(await refused("/v1/spaces/market/test/member", bearer(key), 403)).toContain(
      "member token",
    );
    expect(await refused("/v1/spaces/market/test/member", {}, 401)).toContain("member token");
  });

  it("refuses expired, not yet valid, too long-lived and wrongly typed tokens with 401", async () => {
    const { db } = current();
    const minter = await memberTokenMinter(db, "market", () => NOW);
    const url = "/v1/spaces/market/test/member";
    const now = Math.floor(NOW / 1000);
    const expired = await minter.mint("m", { claims: { iat: now - 400, exp: now - 100 } });
    expect(await refused(url, bearer(expired), 401)).toContain("exp");
    const future = await minter.mint("m", { claims: { iat: now + 600, exp: now + 700 } });
    await refused(url, bearer(future), 401);
    const longLived = await minter.mint("m", { claims: { exp: now + 3600 } });
    expect(await refused(url, bearer(longLived), 401)).toContain("longer than 900");
    const untyped = await minter.mint("m", { header: { typ: "JWT" } });
    expect(await refused(url, bearer(untyped), 401)).toContain("typ");
    const noSubject = await minter.mint("not an id!");
    await refused(url, bearer(noSubject), 401);
    const noKid = await minter.mint("m", { header: { kid: undefined } });
    expect(await refused(url, bearer(noKid), 401)).toContain("kid");
  });

  it("refuses forged tokens: another key under a registered kid, a tampered payload, alg none", async () => {
    const { db } = current();
    const minter = await memberTokenMinter(db, "market", () => NOW);
    const url = "/v1/spaces/market/test/member";
    const attacker = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const iat = Math.floor(NOW / 1000);
    const forged = await new SignJWT({
      sub: "victim",
      aud: "urn:fabrique:space:market",
      iat,
      exp: iat + 60,
    })
      .setProtectedHeader({ alg: "EdDSA", typ: "fabrique-member+jwt", kid: minter.kid })
      .sign(attacker.privateKey);
    expect(await refused(url, bearer(forged), 401)).toContain("signature");
    const [header, payload, signature] = (await minter.mint("alice")).split(".");
    const swapped = Buffer.from(
      Buffer.from(payload ?? "", "base64url")
        .toString()
        .replace("alice", "mallory"),
    ).toString("base64url");
    await refused(url, bearer(`${header}.${swapped}.${signature}`), 401);
    const none = Buffer.from(
      JSON.stringify({ alg: "none", typ: "fabrique-member+jwt", kid: minter.kid }),
    ).toString("base64url");
    await refused(url, bearer(`${none}.${payload}.`), 401);
  });

  it("refuses a token of another space, and tokens of a revoked key", async () => {
    const { db } = current();
    const market = await memberTokenMinter(db, "market", () => NOW);
    const stays = await memberTokenMinter(db, "stays", () => NOW);
    const url = "/v1/spaces/market/test/member";
    await refused(url, bearer(await stays.mint("m")), 401);
    // The same key registered in two spaces: the audience still binds a token to one.
    const shared = await market.mint("m", { space: "stays" });
    expect(await refused(url, bearer(shared), 401)).toContain("aud");
    const good = await market.mint("m");
    expect((await get(url, bearer(good))).statusCode).toBe(200);
    await revokeMemberTokenKey(db.kysely, "market", market.kid);
    expect(await refused(url, bearer(good), 401)).toContain("revoked");
    // A member token means nothing outside a space's routes.
    await refused("/healthz", bearer(good), 401);
  });

  it("treats the platform admin token as the platform, not as a key of the space", async () => {
    const res = await get("/v1/spaces/market/keys", bearer(ADMIN_TOKEN));
    expect(res.statusCode).toBe(200);
    expect(await refused("/v1/spaces/market/test/moderation", bearer(ADMIN_TOKEN), 403)).toContain(
      "platform admin",
    );
    await refused("/v1/spaces/market/keys", bearer(`${ADMIN_TOKEN}0`), 401);
  });
});

describeBackends("rate limits", (backend) => {
  const current = testAppPerTest(backend, {
    config: { rateLimit: { perCredential: 5, anonymous: 3, windowMs: 60_000 } },
  });

  it("limit each credential on its own budget, and answer 429 problems with Retry-After", async () => {
    const { app, db } = current();
    const url = "/v1/spaces/market/log/checkpoint";
    for (let i = 0; i < 3; i++) expect((await app.inject({ url })).statusCode).toBe(404);
    const limited = await app.inject({ url });
    expect(limited.statusCode).toBe(429);
    expect(problemOfResponse(limited).code).toBe("rate-limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // A key has its own budget, larger than an address's.
    const key = await apiKey(db, "market", ["read"]);
    for (let i = 0; i < 5; i++) {
      expect((await app.inject({ url, headers: bearer(key) })).statusCode).toBe(404);
    }
    expect((await app.inject({ url, headers: bearer(key) })).statusCode).toBe(429);
    // Failed authentication counts against the address: guessing keys is throttled.
    const guess = await app.inject({
      url,
      headers: bearer(`fbk_market_0123456789abcdef_${"1".repeat(64)}`),
    });
    expect(guess.statusCode).toBe(429);
    // Health checks are exempt.
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });
});
