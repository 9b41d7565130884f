/**
 * The memory of valid API keys (src/http/auth/api-key-cache.ts): a valid key is looked up once per TTL,
 * unknown and revoked keys every time, a forgotten (revoked) key at once, and a lookup in flight while
 * its key is forgotten is not remembered.
 */
import { describe, expect, it } from "vitest";
import { createApiKeyCache } from "../../src/http/auth/api-key-cache.js";
import type { ApiKeyCheck, ApiKeyInfo } from "../../src/store/access/api-keys.js";

const info = (id: string): ApiKeyInfo => ({
  space: "market",
  id,
  scopes: ["read"],
  label: undefined,
  createdAt: "2026-01-01T00:00:00.000Z",
  revokedAt: undefined,
});

function counting(answer: (token: string) => ApiKeyCheck) {
  const calls: string[] = [];
  return {
    calls,
    lookup: async (token: string) => {
      calls.push(token);
      return answer(token);
    },
  };
}

describe("api key cache", () => {
  it("remembers a valid key for its TTL, and unknown or revoked keys never", async () => {
    let now = 1_000;
    const cache = createApiKeyCache(() => now, 5_000);
    const db = counting((t) =>
      t === "good"
        ? { kind: "valid", key: info("a") }
        : t === "gone"
          ? { kind: "revoked", key: info("b") }
          : { kind: "unknown" },
    );
    for (let i = 0; i < 3; i++) {
      expect((await cache.verify("good", db.lookup)).kind).toBe("valid");
      expect((await cache.verify("gone", db.lookup)).kind).toBe("revoked");
      expect((await cache.verify("nope", db.lookup)).kind).toBe("unknown");
    }
    expect(db.calls.filter((t) => t === "good")).toHaveLength(1);
    expect(db.calls.filter((t) => t === "gone")).toHaveLength(3);
    expect(db.calls.filter((t) => t === "nope")).toHaveLength(3);
    now += 5_000;
    await cache.verify("good", db.lookup);
    expect(db.calls.filter((t) => t === "good")).toHaveLength(2);
  });

  it("asks the database again at once after forget, and keeps nothing read while forgetting", async () => {
    const cache = createApiKeyCache(() => 0, 60_000);
    let revoked = false;
    const db = counting(() =>
      revoked ? { kind: "revoked", key: info("a") } : { kind: "valid", key: info("a") },
    );
    await cache.verify("k", db.lookup);
    revoked = true;
    cache.forget("market", "a");
    expect((await cache.verify("k", db.lookup)).kind).toBe("revoked");

    // A lookup that read the key valid before a revocation finished must not be remembered.
    revoked = false;
    let release: () => void = () => {};
    const slow = cache.verify("k2", async (t) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return db.lookup(t);
    });
    cache.forget("market", "a");
    release();
    expect((await slow).kind).toBe("valid");
    revoked = true;
    expect((await cache.verify("k2", db.lookup)).kind).toBe("revoked");
  });

  it("forgets only the key named", async () => {
    const cache = createApiKeyCache(() => 0, 60_000);
    const db = counting((t) => ({ kind: "valid", key: info(t) }));
    await cache.verify("a", db.lookup);
    await cache.verify("b", db.lookup);
    cache.forget("market", "a");
    await cache.verify("a", db.lookup);
    await cache.verify("b", db.lookup);
    expect(db.calls).toEqual(["a", "b", "a"]);
  });
});
