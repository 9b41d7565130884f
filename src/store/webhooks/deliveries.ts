/**
 * The worker's side of the outbox: claim the deliveries that are due, record each attempt and what it
 * leads to (delivered, another attempt later, or given up), and list a subscription's deliveries with
 * their attempts for the API.
 *
 * Claiming moves a row's next_attempt_at ahead by a lease with a compare-and-set on its old value, so
 * several workers (processes) never attempt the same delivery at once; a worker that dies mid-attempt
 * leaves the row to be retried when the lease ends.
 */
import type { SealedSeed } from "../keys/key-vault.js";
import type { Executor } from "../schema.js";
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from "./tables.js";

/** A delivery a worker holds: where to send what, and the sealed secret to sign it with. */
export interface ClaimedDelivery {
  readonly space: string;
  readonly id: string;
  readonly webhookId: string;
  readonly url: string;
  readonly body: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly secret: SealedSeed;
}

/** One attempt's outcome: the answer's status code, or the error (timeout, connection refused). */
export interface AttemptRecord {
  readonly at: Date;
  readonly statusCode?: number | undefined;
  readonly error?: string | undefined;
  readonly durationMs: number;
}

/** What follows an attempt. */
export type AttemptVerdict =
  | { readonly status: "delivered" }
  | { readonly status: "failed" }
  | { readonly status: "pending"; readonly nextAttemptAt: Date };

/** Deliveries as the API shows them. */
export interface DeliveryInfo {
  readonly id: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly index: number;
  readonly status: "pending" | "delivered" | "failed" | "cancelled";
  readonly attempts: readonly AttemptInfo[];
  readonly nextAttemptAt?: string;
  readonly createdAt: string;
  readonly finishedAt?: string;
}

/** One attempt as the API shows it. */
export interface AttemptInfo {
  readonly attempt: number;
  readonly at: string;
  readonly statusCode?: number;
  readonly error?: string;
  readonly durationMs: number;
}

/**
 * Claims up to `limit` deliveries due at `now` for `leaseMs`, oldest due first.
 *
 * @example const due = await claimDueDeliveries(db.kysely, new Date(), { limit: 20, leaseMs: 60_000 })
 */
export async function claimDueDeliveries(
  db: Executor,
  now: Date,
  options: { readonly limit: number; readonly leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const due = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_subscriptions as s", (j) =>
      j.onRef("s.space", "=", "d.space").onRef("s.webhook_id", "=", "d.webhook_id"),
    )
    .select([
      "d.space",
      "d.delivery_id",
      "d.webhook_id",
      "d.body",
      "d.attempts",
      "d.next_attempt_at",
      "s.url",
      "s.secret_ciphertext",
      "s.secret_nonce",
    ])
    .where("d.status", "=", "pending")
    .where("d.next_attempt_at", "<=", now.toISOString())
    .orderBy("d.next_attempt_at")
    .limit(options.limit)
    .execute();
  const leaseEnd = new Date(now.getTime() + options.leaseMs).toISOString();
  const claimed: ClaimedDelivery[] = [];
  for (const row of due) {
    const won = await db
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: leaseEnd })
      .where("space", "=", row.space)
      .where("delivery_id", "=", row.delivery_id)
      .where("status", "=", "pending")
      .where("next_attempt_at", "=", row.next_attempt_at)
      .executeTakeFirst();
    if (won.numUpdatedRows !== 1n) continue; // another worker took it first
    claimed.push({
      space: row.space,
      id: row.delivery_id,
      webhookId: row.webhook_id,
      url: row.url,
      body: row.body,
      attempts: row.attempts,
      secret: { ciphertext: row.secret_ciphertext, nonce: row.secret_nonce },
    });
  }
  return claimed;
}

/**
 * Records attempt number `delivery.attempts + 1` and its verdict, in one transaction. A delivery
 * cancelled meanwhile stays cancelled (its attempt is still recorded).
 *
 * @example await recordAttempt(db.kysely, delivery, { at, statusCode: 500, durationMs: 12 }, verdict)
 */
export async function recordAttempt(
  db: Executor,
  delivery: ClaimedDelivery,
  attempt: AttemptRecord,
  verdict: AttemptVerdict,
): Promise<void> {
  const number = delivery.attempts + 1;
  const row: WebhookAttemptsTable = {
    space: delivery.space,
    delivery_id: delivery.id,
    attempt: number,
    at: attempt.at.toISOString(),
    status_code: attempt.statusCode ?? null,
    error: attempt.error ?? null,
    duration_ms: Math.max(0, Math.round(attempt.durationMs)),
  };
  const finishedAt = new Date(attempt.at.getTime() + attempt.durationMs).toISOString();
  const change: Partial<WebhookDeliveriesTable> =
    verdict.status === "pending"
      ? { attempts: number, next_attempt_at: verdict.nextAttemptAt.toISOString() }
      : { attempts: number, status: verdict.status, finished_at: finishedAt };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("webhook_attempts").values(row).execute();
    await tx
      .updateTable("webhook_deliveries")
      .set(change)
      .where("space", "=", delivery.space)
      .where("delivery_id", "=", delivery.id)
      .where("status", "=", "pending")
      .execute();
  });
}

/** The most deliveries one listing returns. */
export const MAX_DELIVERIES_LISTED = 100;

/**
 * The deliveries of one subscription, newest first, with their attempts.
 *
 * @example await listDeliveries(db.kysely, "stays", "wh_0123456789abcdef", { limit: 20 })
 */
export async function listDeliveries(
  db: Executor,
  space: string,
  webhookId: string,
  options: { readonly limit?: number; readonly status?: DeliveryInfo["status"] } = {},
): Promise<DeliveryInfo[]> {
  const limit = Math.min(options.limit ?? 50, MAX_DELIVERIES_LISTED);
  let query = db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("space", "=", space)
    .where("webhook_id", "=", webhookId);
  if (options.status !== undefined) query = query.where("status", "=", options.status);
  const rows = await query
    .orderBy("created_at", "desc")
    .orderBy("log_index", "desc")
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("space", "=", space)
    .where(
      "delivery_id",
      "in",
      rows.map((r) => r.delivery_id),
    )
    .orderBy("attempt")
    .execute();
  return rows.map((r) => deliveryInfo(r, attempts));
}

function deliveryInfo(
  row: WebhookDeliveriesTable,
  attempts: readonly WebhookAttemptsTable[],
): DeliveryInfo {
  return {
    id: row.delivery_id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    index: Number(row.log_index),
    status: row.status as DeliveryInfo["status"],
    attempts: attempts.filter((a) => a.delivery_id === row.delivery_id).map(attemptInfo),
    ...(row.status === "pending" ? { nextAttemptAt: row.next_attempt_at } : {}),
    createdAt: row.created_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}

function attemptInfo(a: WebhookAttemptsTable): AttemptInfo {
  return {
    attempt: Number(a.attempt),
    at: a.at,
    ...(a.status_code === null ? {} : { statusCode: Number(a.status_code) }),
    ...(a.error === null ? {} : { error: a.error }),
    durationMs: Number(a.duration_ms),
  };
}
