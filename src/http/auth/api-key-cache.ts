/**
 * A short-lived memory of API keys found valid, so that a busy key is not looked up in the database on
 * every request (bench/http.ts: one query per request, on every route an operator calls).
 *
 * Entries are keyed by the SHA-256 of the presented key text (never the text itself), hold the key's
 * info, and live API_KEY_CACHE_TTL_MS. Only valid keys are remembered: an unknown or revoked key is
 * looked up every time, so guessing fills nothing.
 *
 * Revocation semantics: a revocation through this process (DELETE /v1/spaces/{space}/keys/{id}) forgets
 * the key at once, before its answer is sent, so every request that starts after the revocation was
 * answered is refused. A lookup that was in flight while the key was revoked is not remembered (the
 * generation counter below). A revocation made elsewhere (another server on the same PostgreSQL
 * database) takes effect here within API_KEY_CACHE_TTL_MS.
 */
import { hash } from "node:crypto";
import type { ApiKeyCheck, ApiKeyInfo } from "../../store/access/api-keys.js";

/** How long a key found valid is trusted without asking the database again. */
export const API_KEY_CACHE_TTL_MS = 5_000;
/** The most keys remembered at once (the oldest goes first beyond that). */
export const API_KEY_CACHE_ENTRIES = 10_000;

/** The cache of valid keys. */
export interface ApiKeyCache {
  /** The check of `token`: from memory when it was found valid recently, else from `lookup`. */
  verify(token: string, lookup: (token: string) => Promise<ApiKeyCheck>): Promise<ApiKeyCheck>;
  /** The key `token` is, when it was found valid recently (what `verify` answers without a lookup). */
  peek(token: string): ApiKeyInfo | undefined;
  /** Forgets key `id` of `space` (call it when the key is revoked). */
  forget(space: string, id: string): void;
}

interface Entry {
  readonly key: ApiKeyInfo;
  readonly until: number;
}

/**
 * @example
 * const keys = createApiKeyCache(Date.now)
 * const check = await keys.verify(token, (t) => verifyApiKey(db.kysely, t))
 * keys.forget("market", "3f9a0c1e5b7d2a46") // after revokeApiKey
 */
export function createApiKeyCache(
  clock: () => number,
  ttlMs: number = API_KEY_CACHE_TTL_MS,
  maxEntries: number = API_KEY_CACHE_ENTRIES,
): ApiKeyCache {
  const entries = new Map<string, Entry>();
  // Bumped by every forget: a lookup that started before it must not remember what it read.
  let generation = 0;
  // One-shot SHA-256 (crypto.hash): no Hash object per request.
  const digestOf = (token: string) => hash("sha256", token, "base64");
  return {
    async verify(token, lookup) {
      const digest = digestOf(token);
      const now = clock();
      const entry = entries.get(digest);
      if (entry !== undefined && entry.until > now) return { kind: "valid", key: entry.key };
      if (entry !== undefined) entries.delete(digest);
      const started = generation;
      const check = await lookup(token);
      if (check.kind === "valid" && started === generation && ttlMs > 0) {
        entries.set(digest, { key: check.key, until: now + ttlMs });
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      }
      return check;
    },
    peek(token) {
      const entry = entries.get(digestOf(token));
      return entry !== undefined && entry.until > clock() ? entry.key : undefined;
    },
    forget(space, id) {
      generation += 1;
      for (const [hash, entry] of entries) {
        if (entry.key.space === space && entry.key.id === id) entries.delete(hash);
      }
    },
  };
}
