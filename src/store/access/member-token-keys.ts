/**
 * Member-token keys: Ed25519 public keys an operator registers for its space. The operator's backend keeps
 * the private key and signs short-lived member tokens (JWTs, src/http/auth/member-token.ts) with it;
 * Fabrique stores only public keys, so nothing it holds can mint a token. Each key is named by its RFC 7638
 * JWK thumbprint, the `kid` of the tokens it signs. Revoked keys stay listed; their tokens stop working.
 */
import { encodeBase64Url } from "../../domain/base64url.js";
import { sha256 } from "../../log/crypto.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";

/** Bytes of an Ed25519 public key (RFC 8032 §5.1.5). */
export const ED25519_PUBLIC_KEY_BYTES = 32;

/** A registered key. */
export interface MemberTokenKeyInfo {
  readonly space: string;
  /** RFC 7638 thumbprint of the key's JWK. */
  readonly kid: string;
  readonly publicKey: Uint8Array;
  readonly label: string | undefined;
  readonly createdAt: string;
  readonly revokedAt: string | undefined;
}

/** The public JWK of an Ed25519 key (RFC 8037 §2). */
export interface Ed25519PublicJwk {
  readonly kty: "OKP";
  readonly crv: "Ed25519";
  readonly x: string;
}

/**
 * The JWK of a raw Ed25519 public key.
 *
 * @example ed25519Jwk(publicKey) // { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }
 */
export function ed25519Jwk(publicKey: Uint8Array): Ed25519PublicJwk {
  return { kty: "OKP", crv: "Ed25519", x: encodeBase64Url(publicKey) };
}

/**
 * The RFC 7638 thumbprint of an Ed25519 public key: base64url(SHA-256) of the JWK's required members in
 * lexicographic order, without whitespace (§3.2; RFC 8037 §2 lists crv, kty, x for OKP keys).
 *
 * @example jwkThumbprint(publicKey) // "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k" (RFC 8037 Appendix A.3)
 */
export function jwkThumbprint(publicKey: Uint8Array): string {
  const jwk = ed25519Jwk(publicKey);
  const members = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}"}`;
  return encodeBase64Url(sha256(new TextEncoder().encode(members)));
}

/**
 * Registers `publicKey` for `space`. Registering a key the space already holds returns it unchanged;
 * re-registering a revoked key throws StoreError("conflict") (a revocation is final). RangeError for a key
 * that is not 32 bytes.
 *
 * @example const { kid } = await registerMemberTokenKey(db.kysely, { space: "market", publicKey })
 */
export async function registerMemberTokenKey(
  db: Executor,
  input: { readonly space: string; readonly publicKey: Uint8Array; readonly label?: string },
  now: Date = new Date(),
): Promise<MemberTokenKeyInfo> {
  if (input.publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new RangeError(`an Ed25519 public key has ${ED25519_PUBLIC_KEY_BYTES} bytes`);
  }
  const kid = jwkThumbprint(input.publicKey);
  await db
    .insertInto("member_token_keys")
    .values({
      space: input.space,
      kid,
      public_key: toDbBytes(input.publicKey),
      label: input.label ?? null,
      created_at: now.toISOString(),
      revoked_at: null,
    })
    .onConflict((oc) => oc.columns(["space", "kid"]).doNothing())
    .execute();
  const key = await findMemberTokenKey(db, input.space, kid);
  if (key === undefined) throw new StoreError("conflict", `key ${kid} vanished while registered`);
  if (key.revokedAt !== undefined) {
    throw new StoreError("conflict", `key ${kid} of space ${input.space} was revoked`);
  }
  return key;
}

/**
 * The key `kid` of `space`, revoked or not; undefined when there is none.
 *
 * @example const key = await findMemberTokenKey(db.kysely, "market", header.kid)
 */
export async function findMemberTokenKey(
  db: Executor,
  space: string,
  kid: string,
): Promise<MemberTokenKeyInfo | undefined> {
  const row = await db
    .selectFrom("member_token_keys")
    .selectAll()
    .where("space", "=", space)
    .where("kid", "=", kid)
    .executeTakeFirst();
  return row === undefined ? undefined : infoOf(row);
}

/**
 * The keys of `space`, revoked ones included, oldest first.
 *
 * @example const keys = await listMemberTokenKeys(db.kysely, "market")
 */
export async function listMemberTokenKeys(
  db: Executor,
  space: string,
): Promise<MemberTokenKeyInfo[]> {
  const rows = await db
    .selectFrom("member_token_keys")
    .selectAll()
    .where("space", "=", space)
    .orderBy("created_at")
    .orderBy("kid")
    .execute();
  return rows.map(infoOf);
}

/**
 * Revokes key `kid` of `space`; revoking it again keeps the first time. StoreError("not-found") when the
 * space has no such key.
 *
 * @example await revokeMemberTokenKey(db.kysely, "market", kid)
 */
export async function revokeMemberTokenKey(
  db: Executor,
  space: string,
  kid: string,
  now: Date = new Date(),
): Promise<MemberTokenKeyInfo> {
  await db
    .updateTable("member_token_keys")
    .set({ revoked_at: now.toISOString() })
    .where("space", "=", space)
    .where("kid", "=", kid)
    .where("revoked_at", "is", null)
    .execute();
  const key = await findMemberTokenKey(db, space, kid);
  if (key === undefined) {
    throw new StoreError("not-found", `space ${space} has no member-token key ${kid}`);
  }
  return key;
}

interface KeyRow {
  space: string;
  kid: string;
  public_key: Uint8Array;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

function infoOf(row: KeyRow): MemberTokenKeyInfo {
  return {
    space: row.space,
    kid: row.kid,
    publicKey: fromDbBytes(row.public_key),
    label: row.label ?? undefined,
    createdAt: row.created_at,
    revokedAt: row.revoked_at ?? undefined,
  };
}
