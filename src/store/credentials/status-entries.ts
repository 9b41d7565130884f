/**
 * The status entries of issued credentials (draft-ietf-oauth-status-list): each credential gets an index
 * in its space's status list, chosen at random among the free ones (§12.5 of the draft's privacy
 * considerations: sequential indices would let verifiers link credentials issued together and count
 * issuance), and a revocation sets its bit. The list is rebuilt from credential_status when served.
 *
 * Indices of credentials that expired more than STATUS_REUSE_AFTER ago are freed, so a space can issue
 * without end; an expired credential fails on `exp` whatever its bit says.
 */
import { randomInt } from "node:crypto";
import { STATUS_INVALID, type StatusList } from "../../credential/index.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";

/** Entries of every space's list: 2^20 one-bit statuses, 128 KiB before compression. */
export const STATUS_LIST_SIZE = 1 << 20;

/** How long after expiry an index stays taken (ms): 30 days. */
export const STATUS_REUSE_AFTER = 30 * 86_400_000;

/** Random draws before a full list is reported. */
const DRAWS = 64;

/** One credential's entry. */
export interface CredentialStatus {
  readonly space: string;
  readonly index: number;
  readonly member: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly revokedReason: string | null;
}

/**
 * Takes a free index for a credential of `member` valid from `issuedAt` to `expiresAt` (ms). Throws
 * StoreError("conflict") when no free index was found (the list is nearly full).
 *
 * @example const idx = await allocateStatusIndex(db.kysely, "stays", m, now, now + WEEK)
 */
export async function allocateStatusIndex(
  db: Executor,
  space: string,
  member: string,
  issuedAt: number,
  expiresAt: number,
): Promise<number> {
  await db
    .deleteFrom("credential_status")
    .where("space", "=", space)
    .where("expires_at", "<", issuedAt - STATUS_REUSE_AFTER)
    .execute();
  for (let draw = 0; draw < DRAWS; draw++) {
    const idx = randomInt(STATUS_LIST_SIZE);
    const inserted = await db
      .insertInto("credential_status")
      .values({
        space,
        idx,
        member,
        issued_at: issuedAt,
        expires_at: expiresAt,
        revoked_at: null,
        revoked_reason: null,
      })
      .onConflict((oc) => oc.columns(["space", "idx"]).doNothing())
      .returning("idx")
      .execute();
    if (inserted.length === 1) return idx;
  }
  throw new StoreError("conflict", `space ${space}: no free index in its credential status list`);
}

/**
 * Revokes the credential at `index` (idempotent: a revoked entry keeps its first revocation). Returns the
 * entry, or null when no credential holds that index.
 *
 * @example await revokeCredential(db.kysely, "stays", 4211, Date.now(), "member erased")
 */
export async function revokeCredential(
  db: Executor,
  space: string,
  index: number,
  at: number,
  reason: string | null,
): Promise<CredentialStatus | null> {
  await db
    .updateTable("credential_status")
    .set({ revoked_at: at, revoked_reason: reason })
    .where("space", "=", space)
    .where("idx", "=", index)
    .where("revoked_at", "is", null)
    .execute();
  const row = await db
    .selectFrom("credential_status")
    .selectAll()
    .where("space", "=", space)
    .where("idx", "=", index)
    .executeTakeFirst();
  return row === undefined ? null : statusOf(row);
}

/**
 * The credentials issued to `member`, oldest first.
 *
 * @example for (const c of await credentialsOf(db.kysely, "stays", m)) c.revokedAt
 */
export async function credentialsOf(
  db: Executor,
  space: string,
  member: string,
): Promise<CredentialStatus[]> {
  const rows = await db
    .selectFrom("credential_status")
    .selectAll()
    .where("space", "=", space)
    .where("member", "=", member)
    .orderBy("issued_at")
    .orderBy("idx")
    .execute();
  return rows.map(statusOf);
}

/**
 * The status at `index`: VALID (0), INVALID (1, revoked); an index no credential holds is VALID (no
 * statement against it).
 *
 * @example if ((await statusAtIndex(db.kysely, "stays", 4211)) !== 0) refuse()
 */
export async function statusAtIndex(db: Executor, space: string, index: number): Promise<number> {
  const row = await db
    .selectFrom("credential_status")
    .select("revoked_at")
    .where("space", "=", space)
    .where("idx", "=", index)
    .executeTakeFirst();
  return row?.revoked_at === null || row === undefined ? 0 : STATUS_INVALID;
}

/**
 * The space's status list now: every revoked entry INVALID, every other VALID.
 *
 * @example const list = await currentStatusList(db.kysely, "stays")
 */
export async function currentStatusList(db: Executor, space: string): Promise<StatusList> {
  const rows = await db
    .selectFrom("credential_status")
    .select("idx")
    .where("space", "=", space)
    .where("revoked_at", "is not", null)
    .execute();
  // One-bit entries, least significant bit first (§4.1); set in place on a fresh array rather than
  // through setStatus, which copies the 128 KiB list per entry.
  const bytes = new Uint8Array(STATUS_LIST_SIZE / 8);
  for (const { idx } of rows) bytes[idx >> 3] = (bytes[idx >> 3] as number) | (1 << (idx & 7));
  return { bits: 1, bytes };
}

function statusOf(row: {
  space: string;
  idx: number;
  member: string;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}): CredentialStatus {
  return {
    space: row.space,
    index: row.idx,
    member: row.member,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
  };
}
