/**
 * Idempotency records (draft-ietf-httpapi-idempotency-key-header): the first answer to a request made with
 * an Idempotency-Key, per credential, so that a retry gets that answer again instead of acting twice.
 *
 * A record is claimed before the request runs (state "pending", unique per credential and key, so of two
 * concurrent duplicates exactly one runs) and completed with the answer ("done"). A pending record whose
 * claimant died (a crash between acting and answering) is taken over once its lease ends; a record is
 * forgotten once it expires. Timestamps are ISO 8601 UTC text, which orders like time.
 */
import { sameBytes } from "../../log/merkle/same-bytes.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import type { Executor } from "../schema.js";

/** Who asks, where, and under which key. */
export interface IdempotencyScope {
  /** The space the request addresses; "" outside any space. */
  readonly space: string;
  /** A stable id of the credential (never the secret itself). */
  readonly credential: string;
  readonly key: string;
}

/** A claim on a key for one request. */
export interface IdempotencyClaim extends IdempotencyScope {
  /** SHA-256 of the request (32 bytes). */
  readonly fingerprint: Uint8Array;
  readonly now: Date;
  /** How long the answer is kept, in ms. */
  readonly ttlMs: number;
  /** How long a pending claim blocks others before it may be taken over, in ms. */
  readonly leaseMs: number;
}

/** A stored answer. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** What claiming a key found. */
export type IdempotencyOutcome =
  /** The claim is ours: run the request, then completeIdempotentRequest or abandonIdempotentRequest. */
  | { readonly kind: "claimed" }
  /** The same request was answered before: repeat the answer. */
  | { readonly kind: "replay"; readonly response: StoredResponse }
  /** The key was used for another request. */
  | { readonly kind: "mismatch" }
  /** The same request is running now. */
  | { readonly kind: "in-progress" };

/**
 * Claims `claim.key` for `claim.credential`, or says why not.
 *
 * @example const outcome = await claimIdempotencyKey(db.kysely, { credential, key, fingerprint, now, ttlMs, leaseMs })
 */
export async function claimIdempotencyKey(
  db: Executor,
  claim: IdempotencyClaim,
): Promise<IdempotencyOutcome> {
  const created = claim.now.toISOString();
  const expires = new Date(claim.now.getTime() + claim.ttlMs).toISOString();
  const inserted = await db
    .insertInto("idempotency_keys")
    .values({
      space: claim.space,
      credential: claim.credential,
      idem_key: claim.key,
      fingerprint: toDbBytes(claim.fingerprint),
      state: "pending",
      status: null,
      headers: null,
      body: null,
      created_at: created,
      expires_at: expires,
    })
    .onConflict((oc) => oc.columns(["space", "credential", "idem_key"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: "claimed" };

  const row = await db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .executeTakeFirst();
  if (row === undefined) return { kind: "in-progress" }; // purged in between: the client may retry
  if (isForgotten(row, claim)) return takeOver(db, claim, row.created_at, created, expires);
  if (!sameBytes(fromDbBytes(row.fingerprint), claim.fingerprint)) return { kind: "mismatch" };
  if (row.state === "done" && row.status !== null && row.body !== null) {
    return {
      kind: "replay",
      response: {
        status: row.status,
        headers: parseHeaders(row.headers),
        body: fromDbBytes(row.body),
      },
    };
  }
  return { kind: "in-progress" };
}

/**
 * Stores the answer of a claimed request.
 *
 * @example await completeIdempotentRequest(db.kysely, scope, { status: 201, headers, body })
 */
export async function completeIdempotentRequest(
  db: Executor,
  scope: IdempotencyScope,
  response: StoredResponse,
): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({
      state: "done",
      status: response.status,
      headers: JSON.stringify(response.headers),
      body: toDbBytes(response.body),
    })
    .where("space", "=", scope.space)
    .where("credential", "=", scope.credential)
    .where("idem_key", "=", scope.key)
    .where("state", "=", "pending")
    .execute();
}

/**
 * Releases a claim without an answer (the request failed in a way a retry may fix), so a retry runs.
 *
 * @example await abandonIdempotentRequest(db.kysely, scope)
 */
export async function abandonIdempotentRequest(
  db: Executor,
  scope: IdempotencyScope,
): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("space", "=", scope.space)
    .where("credential", "=", scope.credential)
    .where("idem_key", "=", scope.key)
    .where("state", "=", "pending")
    .execute();
}

/**
 * Deletes records expired at `now`; returns how many.
 *
 * @example setInterval(() => purgeExpiredIdempotency(db.kysely, new Date()), 600_000)
 */
export async function purgeExpiredIdempotency(db: Executor, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("idempotency_keys")
    .where("expires_at", "<=", now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

interface ClaimRow {
  state: string;
  created_at: string;
  expires_at: string;
}

/** Expired, or pending beyond its lease (its claimant is gone). */
function isForgotten(row: ClaimRow, claim: IdempotencyClaim): boolean {
  if (row.expires_at <= claim.now.toISOString()) return true;
  const leaseEnd = new Date(Date.parse(row.created_at) + claim.leaseMs).toISOString();
  return row.state === "pending" && leaseEnd <= claim.now.toISOString();
}

/** Replaces a forgotten record with a fresh claim, unless another request replaced it first. */
async function takeOver(
  db: Executor,
  claim: IdempotencyClaim,
  previousCreatedAt: string,
  created: string,
  expires: string,
): Promise<IdempotencyOutcome> {
  const updated = await db
    .updateTable("idempotency_keys")
    .set({
      fingerprint: toDbBytes(claim.fingerprint),
      state: "pending",
      status: null,
      headers: null,
      body: null,
      created_at: created,
      expires_at: expires,
    })
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .where("created_at", "=", previousCreatedAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? { kind: "claimed" } : { kind: "in-progress" };
}

/** Parser of a stored headers column (written by this module): an object of strings, else nothing. */
function parseHeaders(text: string | null): Record<string, string> {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  } catch {
    return {};
  }
}
