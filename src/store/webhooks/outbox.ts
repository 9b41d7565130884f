/**
 * The webhook outbox: for every event a space transaction appends, one delivery row per subscription of
 * the space that selects the event's type, written on the same transaction (the transactional outbox
 * pattern). The events and their deliveries commit together or not at all, so a refused or rolled-back
 * command notifies no one and a committed one is never lost, whatever happens to the worker.
 *
 * The body is fixed here, once: every retry sends (and signs) the same bytes under the same webhook-id
 * (Standard Webhooks, "Webhook metadata"). It holds the public log entry only, never a private part.
 */
import type { LogEntry } from "../../domain/index.js";
import { randomBytes } from "../../log/crypto.js";
import { precompile } from "../precompiled.js";
import type { Executor } from "../schema.js";
import { subscribesTo } from "./event-types.js";
import type { WebhookDeliveriesTable } from "./tables.js";

/** An appended event as the log holds it, and its index. */
export type LoggedEvent = LogEntry & { readonly index: number };

/** Rows per INSERT statement (12 parameters each; well under SQLite's and PostgreSQL's limits). */
const ROWS_PER_INSERT = 200;

/**
 * Writes the deliveries of `events` to the outbox on `tx` (the space transaction that appended them);
 * returns how many. Costs one indexed read when the space has no subscription.
 *
 * @example await enqueueWebhookDeliveries(w.tx, w.space, appendedEvents)
 */
export async function enqueueWebhookDeliveries(
  tx: Executor,
  space: string,
  events: readonly LoggedEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const { rows: subscriptions } = await SUBSCRIPTIONS.execute(tx, [space]);
  if (subscriptions.length === 0) return 0;
  const rows: WebhookDeliveriesTable[] = [];
  for (const event of events) {
    const body = webhookBody(space, event);
    const at = new Date(event.at).toISOString();
    for (const s of subscriptions) {
      if (!subscribesTo(s.event_types.split(" "), event.type)) continue;
      rows.push({
        space,
        delivery_id: newDeliveryId(),
        webhook_id: s.webhook_id,
        event_id: event.id,
        event_type: event.type,
        log_index: event.index,
        body,
        status: "pending",
        attempts: 0,
        next_attempt_at: at,
        created_at: at,
        finished_at: null,
      });
    }
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx
      .insertInto("webhook_deliveries")
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
  return rows.length;
}

/** The space's live subscriptions: read by every append, compiled once (../precompiled.ts). */
const SUBSCRIPTIONS = precompile((db, $) =>
  db
    .selectFrom("webhook_subscriptions")
    .select(["webhook_id", "event_types"])
    .where("space", "=", $(0))
    .where("deleted_at", "is", null),
);

/**
 * The JSON body of an event's webhook: the Standard Webhooks envelope (`type`, `timestamp`, `data`)
 * around the public log entry and its index.
 *
 * @example JSON.parse(webhookBody("stays", event)).data.index // event.index
 */
export function webhookBody(space: string, event: LoggedEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.at).toISOString(),
    data: {
      space,
      index: event.index,
      id: event.id,
      type: event.type,
      at: event.at,
      actor: event.actor,
      public: event.public,
      ...(event.commitment === undefined ? {} : { commitment: event.commitment }),
    },
  });
}

/** "msg_" and 128 random bits in hex: no "." (the spec forbids it in ids), never user controlled. */
function newDeliveryId(): string {
  return `msg_${Buffer.from(randomBytes(16)).toString("hex")}`;
}
