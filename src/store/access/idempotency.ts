/**
 * Idempotency records (draft-ietf-httpapi-idempotency-key-header): the first answer to a request made with
 * an Idempotency-Key, per credential, so that a retry gets that answer again instead of acting twice.
 *
 * A record is claimed before the request runs (state "pending", unique per credential and key, so of two
 * concurrent duplicates exactly one runs) and completed with the answer ("done"). A request that appends
 * to a space's log marks its claim "applied", with the entries' indices, in the transaction that appends
 * them (src/store/space/claimed-write.ts): a retry then finds it applied even when the answer was never
 * stored, and is answered from the log instead of running again. A pending record whose claimant died
 * before its write committed is taken over once its lease ends; an applied one never is; a record is
 * forgotten once it expires. Timestamps are ISO 8601 UTC text, which orders like time; a claim's
 * `created_at` tells it apart from a later claim of the same key (a takeover), so a claimant that lost
 * its claim never completes, releases or applies another's.
 */
import { sameBytes } from "../../log/merkle/same-bytes.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";

/** Who asks, where, and under which key. */
export interface IdempotencyScope {
  /** The space the request addresses; "" outside any space. */
  readonly space: string;
  /** A stable id of the credential (never the secret itself). */
  readonly credential: string;
  readonly key: string;
}

/** A claim as it is held: the key and the time of this claim, which no later claim of the key shares. */
export interface HeldClaim extends IdempotencyScope {
  /** The stored `created_at` of the claim (ISO 8601). */
  readonly claimedAt: string;
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
  | { readonly kind: "claimed"; readonly claim: HeldClaim }
  /** The same request was answered before: repeat the answer. */
  | { readonly kind: "replay"; readonly response: StoredResponse }
  /**
   * The same request's write committed (its entries are `indices`) but its answer was not stored: answer
   * from the log, never run it again; completeIdempotentRequest with `claim` stores that answer.
   */
  | {
      readonly kind: "applied";
      readonly claim: HeldClaim;
      readonly indices: readonly number[];
    }
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
      applied: null,
    })
    .onConflict((oc) => oc.columns(["space", "credential", "idem_key"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
    return { kind: "claimed", claim: heldClaim(claim, created) };
  }

  const row = await db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .executeTakeFirst();
  if (row === undefined) return { kind: "in-progress" }; // purged in between: the client may retry
  if (isForgotten(row, claim)) return takeOver(db, claim, row, created, expires);
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
  if (row.state === "applied") {
    return {
      kind: "applied",
      claim: heldClaim(claim, row.created_at),
      indices: parseApplied(claim, row.applied),
    };
  }
  return { kind: "in-progress" };
}

/**
 * Stores the answer of a claimed request (pending, or applied by its write), unless the claim was lost
 * to a later one.
 *
 * @example await completeIdempotentRequest(db.kysely, claim, { status: 201, headers, body })
 */
export async function completeIdempotentRequest(
  db: Executor,
  claim: HeldClaim,
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
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .where("created_at", "=", claim.claimedAt)
    .where("state", "in", ["pending", "applied"])
    .execute();
}

/**
 * Releases a claim without an answer (the request failed in a way a retry may fix), so a retry runs.
 * A claim whose write committed (applied) is kept: a retry must not run it again.
 *
 * @example await abandonIdempotentRequest(db.kysely, claim)
 */
export async function abandonIdempotentRequest(db: Executor, claim: HeldClaim): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .where("created_at", "=", claim.claimedAt)
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

/**
 * Replaces a forgotten record with a fresh claim, unless another request replaced it first or it changed
 * state since it was read (a write that committed meanwhile made it applied: it is no longer forgotten).
 */
async function takeOver(
  db: Executor,
  claim: IdempotencyClaim,
  previous: ClaimRow,
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
      applied: null,
    })
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .where("created_at", "=", previous.created_at)
    .where("state", "=", previous.state)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1
    ? { kind: "claimed", claim: heldClaim(claim, created) }
    : { kind: "in-progress" };
}

function heldClaim(scope: IdempotencyScope, claimedAt: string): HeldClaim {
  return { space: scope.space, credential: scope.credential, key: scope.key, claimedAt };
}

/**
 * Parser of a stored `applied` column (written by claimed-write.ts in the write's transaction): a JSON
 * array of log indices. Anything else is a damaged record, not a reason to run the request again.
 */
function parseApplied(scope: IdempotencyScope, text: string | null): readonly number[] {
  const value: unknown = text === null ? undefined : safeJson(text);
  if (Array.isArray(value) && value.every((i) => Number.isSafeInteger(i) && i >= 0)) {
    return value as number[];
  }
  throw new StoreError(
    "corrupt",
    `the idempotency record ${scope.key} of space ${JSON.stringify(scope.space)} is applied without its log indices`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
