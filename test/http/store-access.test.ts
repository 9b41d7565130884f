/**
 * src/store/access on both backends: API keys (format, hashing, revocation), member-token keys (RFC 7638
 * thumbprints, registration rules) and idempotency records (claims, replays, mismatches, leases,
 * expiry), and the tables' keys start with space like every table of the store.
 */
import fc from "fast-check";
import { calculateJwkThumbprint } from "jose";
import { describe, expect, it } from "vitest";
import { randomBytes, sha256 } from "../../src/log/crypto.js";
import {
  formatApiKey,
  MAX_API_KEY_LENGTH,
  parseApiKey,
} from "../../src/store/access/api-key-format.js";
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
} from "../../src/store/access/api-keys.js";
import {
  abandonIdempotentRequest,
  claimIdempotencyKey,
  completeIdempotentRequest,
  purgeExpiredIdempotency,
} from "../../src/store/access/idempotency.js";
import {
  ed25519Jwk,
  jwkThumbprint,
  listMemberTokenKeys,
  registerMemberTokenKey,
  revokeMemberTokenKey,
} from "../../src/store/access/member-token-keys.js";
import { normalizeScopes, operatorScopes, scopeGrants } from "../../src/store/access/scopes.js";
import { isStoreError } from "../../src/store/errors.js";
import { describeBackends, freshDatabasePerTest } from "../store/support/backends.js";
import { primaryKeyColumns } from "../store/support/introspect.js";

describe("API key text", () => {
  it("round-trips through format and parse, for space ids with underscores too", () => {
    const id = fc.stringMatching(/^[0-9a-f]{16}$/);
    const space = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
    const secret = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(space, id, secret, (s, i, k) => {
        const text = formatApiKey({ space: s, id: i, secret: k });
        expect(text.length).toBeLessThanOrEqual(MAX_API_KEY_LENGTH);
        expect(parseApiKey(text)).toEqual({ space: s, id: i, secret: k });
      }),
    );
  });

  it("parses no other text, and never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parts = parseApiKey(text);
        if (parts !== undefined) expect(formatApiKey(parts)).toBe(text);
      }),
    );
    const valid = formatApiKey({ space: "m", id: "0123456789abcdef", secret: new Uint8Array(32) });
    expect(parseApiKey(valid.toUpperCase())).toBeUndefined();
    expect(parseApiKey(`${valid}0`)).toBeUndefined();
    expect(parseApiKey(valid.replace("fbk_", "fbx_"))).toBeUndefined();
  });
});

describe("scopes", () => {
  it("admin grants everything, every scope grants read, nothing else is implied", () => {
    expect(scopeGrants(["admin"], "moderate")).toBe(true);
    expect(scopeGrants(["attest"], "read")).toBe(true);
    expect(scopeGrants(["read"], "members")).toBe(false);
    expect(scopeGrants(["members"], "attest")).toBe(false);
    expect(normalizeScopes(["read", "admin", "read"])).toEqual(["admin", "read"]);
    expect(operatorScopes(["read", "moderate"])).toEqual(["moderate"]);
    expect(() => normalizeScopes([])).toThrow(RangeError);
    expect(() => normalizeScopes(["root"])).toThrow(RangeError);
  });
});

describe("JWK thumbprints (RFC 7638)", () => {
  it("match RFC 8037 Appendix A.3 and jose's own computation", async () => {
    const x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const publicKey = new Uint8Array(Buffer.from(x, "base64url"));
    expect(jwkThumbprint(publicKey)).toBe("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(32);
      expect(jwkThumbprint(key)).toBe(await calculateJwkThumbprint({ ...ed25519Jwk(key) }));
    }
  });
});

describeBackends("access store", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("keys every access table by space first, like every table", async () => {
    const { db } = current();
    expect(await primaryKeyColumns(db, "access_keys")).toEqual(["space", "key_id"]);
    expect(await primaryKeyColumns(db, "member_token_keys")).toEqual(["space", "kid"]);
    expect(await primaryKeyColumns(db, "idempotency_keys")).toEqual([
      "space",
      "credential",
      "idem_key",
    ]);
  });

  it("stores a key's SHA-256 only, verifies it, and refuses it once revoked", async () => {
    const { db } = current();
    const { key, info } = await createApiKey(db.kysely, { space: "market", scopes: ["moderate"] });
    const row = await db.kysely.selectFrom("access_keys").selectAll().executeTakeFirstOrThrow();
    const parts = parseApiKey(key);
    expect(parts?.id).toBe(info.id);
    expect(new Uint8Array(row.secret_hash)).toEqual(sha256(parts?.secret ?? new Uint8Array()));
    expect(JSON.stringify(row)).not.toContain(key.slice(-64));
    expect(await verifyApiKey(db.kysely, key)).toEqual({ kind: "valid", key: info });

    const wrongSecret = `${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`;
    expect(await verifyApiKey(db.kysely, wrongSecret)).toEqual({ kind: "unknown" });
    const otherSpace = key.replace("fbk_market_", "fbk_other_");
    expect(await verifyApiKey(db.kysely, otherSpace)).toEqual({ kind: "unknown" });

    const revoked = await revokeApiKey(
      db.kysely,
      "market",
      info.id,
      new Date("2030-01-01T00:00:00Z"),
    );
    expect(revoked.revokedAt).toBe("2030-01-01T00:00:00.000Z");
    const again = await revokeApiKey(
      db.kysely,
      "market",
      info.id,
      new Date("2031-01-01T00:00:00Z"),
    );
    expect(again.revokedAt).toBe("2030-01-01T00:00:00.000Z");
    expect((await verifyApiKey(db.kysely, key)).kind).toBe("revoked");
    expect(await listApiKeys(db.kysely, "market")).toEqual([revoked]);
    const missing = await revokeApiKey(db.kysely, "market", "0000000000000000").catch((e) => e);
    expect(isStoreError(missing, "not-found")).toBe(true);
  });

  it("registers a member-token key once per space, and keeps a revocation final", async () => {
    const { db } = current();
    const publicKey = randomBytes(32);
    const first = await registerMemberTokenKey(db.kysely, {
      space: "market",
      publicKey,
      label: "a",
    });
    expect(first.kid).toBe(jwkThumbprint(publicKey));
    expect(await registerMemberTokenKey(db.kysely, { space: "market", publicKey })).toEqual(first);
    const elsewhere = await registerMemberTokenKey(db.kysely, { space: "stays", publicKey });
    expect(elsewhere.space).toBe("stays");
    await revokeMemberTokenKey(db.kysely, "market", first.kid);
    const refused = await registerMemberTokenKey(db.kysely, { space: "market", publicKey }).catch(
      (e) => e,
    );
    expect(isStoreError(refused, "conflict")).toBe(true);
    expect((await listMemberTokenKeys(db.kysely, "market"))[0]?.revokedAt).toBeDefined();
    await expect(
      registerMemberTokenKey(db.kysely, { space: "market", publicKey: randomBytes(31) }),
    ).rejects.toThrow(RangeError);
  });

  it("claims a key once, replays its answer, refuses another request and a running duplicate", async () => {
    const { db } = current();
    const now = new Date("2030-01-01T00:00:00Z");
    const base = {
      space: "market",
      credential: "key:market/1",
      key: "k1",
      ttlMs: 60_000,
      leaseMs: 5_000,
    };
    const fingerprint = sha256(new TextEncoder().encode("POST /x\n{}"));
    const claim = (at: Date, print = fingerprint) =>
      claimIdempotencyKey(db.kysely, { ...base, fingerprint: print, now: at });

    const first = await claim(now);
    expect(first).toEqual({
      kind: "claimed",
      claim: {
        space: "market",
        credential: "key:market/1",
        key: "k1",
        claimedAt: now.toISOString(),
      },
    });
    if (first.kind !== "claimed") throw new Error("unreachable");
    expect(await claim(now)).toEqual({ kind: "in-progress" });
    expect(await claim(now, sha256(new Uint8Array([1])))).toEqual({ kind: "mismatch" });
    const answer = {
      status: 201,
      headers: { "content-type": "application/json" },
      body: new Uint8Array([123, 125]),
    };
    await completeIdempotentRequest(db.kysely, first.claim, answer);
    expect(await claim(new Date(now.getTime() + 10_000))).toEqual({
      kind: "replay",
      response: answer,
    });
    // Another credential, or another space, has its own keys.
    expect(
      await claimIdempotencyKey(db.kysely, {
        ...base,
        credential: "key:market/2",
        fingerprint,
        now,
      }),
    ).toMatchObject({ kind: "claimed" });
    expect(
      await claimIdempotencyKey(db.kysely, { ...base, space: "", fingerprint, now }),
    ).toMatchObject({ kind: "claimed" });
    // Expired: forgotten, so the key can be claimed afresh, even for another request.
    expect(
      await claim(new Date(now.getTime() + 60_000), sha256(new Uint8Array([2]))),
    ).toMatchObject({ kind: "claimed" });
  });

  it("lets a retry take over a claim whose lease ended, and a released claim at once", async () => {
    const { db } = current();
    const now = new Date("2030-01-01T00:00:00Z");
    const scope = { space: "market", credential: "ip:1.2.3.4", key: "k" };
    const fingerprint = sha256(new Uint8Array([9]));
    const claim = (at: Date) =>
      claimIdempotencyKey(db.kysely, {
        ...scope,
        fingerprint,
        now: at,
        ttlMs: 60_000,
        leaseMs: 5_000,
      });
    const first = await claim(now);
    expect(first.kind).toBe("claimed");
    expect((await claim(new Date(now.getTime() + 4_999))).kind).toBe("in-progress");
    const takenOver = await claim(new Date(now.getTime() + 5_000));
    if (first.kind !== "claimed" || takenOver.kind !== "claimed") throw new Error("not claimed");
    // The claimant that lost its claim releases nothing: the one who took it over still holds it.
    await abandonIdempotentRequest(db.kysely, first.claim);
    expect((await claim(new Date(now.getTime() + 5_001))).kind).toBe("in-progress");
    await abandonIdempotentRequest(db.kysely, takenOver.claim);
    expect((await claim(new Date(now.getTime() + 5_002))).kind).toBe("claimed");
  });

  it("purges expired records only", async () => {
    const { db } = current();
    const now = new Date("2030-01-01T00:00:00Z");
    const fingerprint = sha256(new Uint8Array([7]));
    for (const [key, ttlMs] of [
      ["short", 1_000],
      ["long", 100_000],
    ] as const) {
      await claimIdempotencyKey(db.kysely, {
        space: "m",
        credential: "c",
        key,
        fingerprint,
        now,
        ttlMs,
        leaseMs: 1_000,
      });
    }
    expect(await purgeExpiredIdempotency(db.kysely, new Date(now.getTime() + 1_000))).toBe(1);
    const left = await db.kysely.selectFrom("idempotency_keys").select("idem_key").execute();
    expect(left.map((r) => r.idem_key)).toEqual(["long"]);
  });
});
