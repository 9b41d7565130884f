/**
 * Operator API keys: created with scopes for one space, shown once, stored hashed, listed, revoked.
 *
 * Why a plain SHA-256 and not a password hash (bcrypt, scrypt, Argon2): a key's secret is 32 bytes from
 * the CSPRNG, not something a person chose. Slow hashes exist to make guessing low-entropy passwords
 * expensive; guessing one of 2^256 secrets is out of reach at any hash speed, so a leaked table of hashes
 * gives nothing, and a fast hash keeps checking a key on every request cheap (no CPU-bound DoS lever).
 */
import { timingSafeEqual } from "node:crypto";
import { randomBytes, sha256 } from "../../log/crypto.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import {
  API_KEY_ID_BYTES,
  API_KEY_SECRET_BYTES,
  formatApiKey,
  parseApiKey,
} from "./api-key-format.js";
import { type AccessScope, formatScopes, normalizeScopes, parseScopes } from "./scopes.js";

/** An API key without its secret. */
export interface ApiKeyInfo {
  readonly space: string;
  readonly id: string;
  readonly scopes: readonly AccessScope[];
  readonly label: string | undefined;
  readonly createdAt: string;
  readonly revokedAt: string | undefined;
}

/** A key just created: the only time its text exists outside the caller's hands. */
export interface CreatedApiKey {
  /** The key text (`fbk_<space>_<id>_<secret>`): show it once, it cannot be recovered. */
  readonly key: string;
  readonly info: ApiKeyInfo;
}

/** What creating a key needs. */
export interface NewApiKey {
  readonly space: string;
  readonly scopes: readonly AccessScope[];
  readonly label?: string | undefined;
}

/** The outcome of checking a presented key. */
export type ApiKeyCheck =
  | { readonly kind: "valid"; readonly key: ApiKeyInfo }
  /** Not a key, no such key, or the wrong secret (not told apart: that would confirm a key id). */
  | { readonly kind: "unknown" }
  | { readonly kind: "revoked"; readonly key: ApiKeyInfo };

/**
 * Creates a key for `space` with `scopes` (RangeError for no scope or an unknown one). Runs on `db` or a
 * transaction, so a space's first admin key can be created with the space.
 *
 * @example const { key } = await createApiKey(db.kysely, { space: "market", scopes: ["admin"] })
 */
export async function createApiKey(
  db: Executor,
  input: NewApiKey,
  now: Date = new Date(),
): Promise<CreatedApiKey> {
  const scopes = normalizeScopes(input.scopes);
  const id = Buffer.from(randomBytes(API_KEY_ID_BYTES)).toString("hex");
  const secret = randomBytes(API_KEY_SECRET_BYTES);
  const createdAt = now.toISOString();
  await db
    .insertInto("access_keys")
    .values({
      space: input.space,
      key_id: id,
      secret_hash: toDbBytes(sha256(secret)),
      scopes: formatScopes(scopes),
      label: input.label ?? null,
      created_at: createdAt,
      revoked_at: null,
    })
    .execute();
  const key = formatApiKey({ space: input.space, id, secret });
  secret.fill(0);
  return {
    key,
    info: {
      space: input.space,
      id,
      scopes,
      label: input.label,
      createdAt,
      revokedAt: undefined,
    },
  };
}

/**
 * Checks a presented key text: its row by (space, id), then its secret against the stored hash.
 *
 * @example const check = await verifyApiKey(db.kysely, bearerToken)
 */
export async function verifyApiKey(db: Executor, text: string): Promise<ApiKeyCheck> {
  const parts = parseApiKey(text);
  if (parts === undefined) return { kind: "unknown" };
  const row = await db
    .selectFrom("access_keys")
    .selectAll()
    .where("space", "=", parts.space)
    .where("key_id", "=", parts.id)
    .executeTakeFirst();
  if (row === undefined || !sameSecret(sha256(parts.secret), fromDbBytes(row.secret_hash))) {
    return { kind: "unknown" };
  }
  const key = infoOf(row);
  return key.revokedAt === undefined ? { kind: "valid", key } : { kind: "revoked", key };
}

/**
 * The keys of `space`, revoked ones included, oldest first.
 *
 * @example const keys = await listApiKeys(db.kysely, "market")
 */
export async function listApiKeys(db: Executor, space: string): Promise<ApiKeyInfo[]> {
  const rows = await db
    .selectFrom("access_keys")
    .selectAll()
    .where("space", "=", space)
    .orderBy("created_at")
    .orderBy("key_id")
    .execute();
  return rows.map(infoOf);
}

/**
 * Revokes key `id` of `space` from `now` on; revoking a revoked key keeps its first revocation time.
 * Throws StoreError("not-found") when the space has no such key.
 *
 * @example await revokeApiKey(db.kysely, "market", "3f9a0c1e5b7d2a46")
 */
export async function revokeApiKey(
  db: Executor,
  space: string,
  id: string,
  now: Date = new Date(),
): Promise<ApiKeyInfo> {
  await db
    .updateTable("access_keys")
    .set({ revoked_at: now.toISOString() })
    .where("space", "=", space)
    .where("key_id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
  const row = await db
    .selectFrom("access_keys")
    .selectAll()
    .where("space", "=", space)
    .where("key_id", "=", id)
    .executeTakeFirst();
  if (row === undefined) throw new StoreError("not-found", `space ${space} has no API key ${id}`);
  return infoOf(row);
}

interface KeyRow {
  space: string;
  key_id: string;
  scopes: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

function infoOf(row: KeyRow): ApiKeyInfo {
  return {
    space: row.space,
    id: row.key_id,
    scopes: parseScopes(row.scopes),
    label: row.label ?? undefined,
    createdAt: row.created_at,
    revokedAt: row.revoked_at ?? undefined,
  };
}

/** Constant time, although both sides are hashes: it costs nothing and needs no argument. */
function sameSecret(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
