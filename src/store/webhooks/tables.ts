/**
 * Row types of the webhook tables: operators' subscriptions, the delivery outbox (one row per subscription
 * and event, written in the event's own space transaction) and the attempts made on each delivery. Part of
 * StoreSchema (src/store/schema.ts). Times are ISO 8601 texts of fixed width (Date#toISOString), so they
 * order as text on both backends.
 */

/** A subscription of a space's operator to some event types. */
export interface WebhookSubscriptionsTable {
  space: string;
  /** "wh_" and 16 lowercase hex digits, random. */
  webhook_id: string;
  url: string;
  /** Space-separated event types or patterns ("*", "review.*", "alert.raised"). */
  event_types: string;
  description: string | null;
  /** The 32-byte signing secret sealed by the key vault (bound to the space and "webhook/<id>"). */
  secret_ciphertext: Uint8Array;
  secret_nonce: Uint8Array;
  created_at: string;
  /** Set when deleted: no new deliveries; pending ones are cancelled. */
  deleted_at: string | null;
}

/** One event to deliver to one subscription: the outbox. */
export interface WebhookDeliveriesTable {
  space: string;
  /** The Standard Webhooks `webhook-id`: "msg_" and 32 hex digits, the same on every retry. */
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  log_index: number;
  /** The exact JSON body sent (and signed) on every attempt. */
  body: string;
  /** pending, delivered, failed (gave up) or cancelled (the subscription was deleted). */
  status: string;
  attempts: number;
  /** When the next attempt is due (pending only); a worker moves it ahead while it holds the row. */
  next_attempt_at: string;
  created_at: string;
  finished_at: string | null;
}

/** One attempt to deliver: when, the answer's status code or the error, and how long it took. */
export interface WebhookAttemptsTable {
  space: string;
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The webhook tables, part of StoreSchema. */
export interface WebhookTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
