/**
 * Row types of the access tables: operator API keys, the public keys operators register to mint member
 * tokens, and remembered answers to idempotent requests. Part of StoreSchema (src/store/schema.ts).
 */

/** One operator API key of a space. The secret itself is never stored, only its SHA-256. */
export interface AccessKeysTable {
  space: string;
  /** 16 lowercase hex digits, random; the middle part of the key text (api-key-format.ts). */
  key_id: string;
  /** SHA-256 of the key's 32-byte secret. */
  secret_hash: Uint8Array;
  /** Space-separated access scopes (scopes.ts), sorted. */
  scopes: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** An Ed25519 public key a space's operator signs member tokens with (member-token-keys.ts). */
export interface MemberTokenKeysTable {
  space: string;
  /** RFC 7638 JWK thumbprint of the key (43 base64url characters); the `kid` of the tokens it signs. */
  kid: string;
  public_key: Uint8Array;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** The first answer to a request made with an Idempotency-Key, per credential (idempotency.ts). */
export interface IdempotencyKeysTable {
  /** The space the request addressed; "" for requests outside any space (ids are never empty). */
  space: string;
  /** Who asked: a credential id (an API key, a member of a space, the platform, or an IP). */
  credential: string;
  idem_key: string;
  /** SHA-256 of the request (method, path, body): the same key with another request is refused. */
  fingerprint: Uint8Array;
  /**
   * "pending" while the first request runs, "applied" once its write committed (in the write's own
   * transaction), "done" once its answer is stored.
   */
  state: string;
  status: number | null;
  /** JSON object of the response headers a replay repeats (content-type, location). */
  headers: string | null;
  body: Uint8Array | null;
  /** Identifies the claim: a later claim of the same key (a takeover) has a later time. */
  created_at: string;
  expires_at: string;
  /** JSON array of the log indices the request's write appended, once applied (0106); else null. */
  applied: string | null;
}

/** The access tables, part of StoreSchema. */
export interface AccessTables {
  access_keys: AccessKeysTable;
  member_token_keys: MemberTokenKeysTable;
  idempotency_keys: IdempotencyKeysTable;
}
