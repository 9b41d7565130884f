/**
 * Creates the webhook tables (0102): subscriptions, the delivery outbox and its attempts. Keyed by space
 * first like every table; the outbox has an index on (status, next_attempt_at) for the worker's poll.
 */
import { sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** webhook_subscriptions, webhook_deliveries, webhook_attempts. */
export const webhooksMigration: StoreMigration = {
  name: "0102-webhooks",
  async up(db, { bytes }) {
    await db.schema
      .createTable("webhook_subscriptions")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("event_types", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("secret_ciphertext", bytes, (c) => c.notNull())
      .addColumn("secret_nonce", bytes, (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("deleted_at", "text")
      .addPrimaryKeyConstraint("webhook_subscriptions_pk", ["space", "webhook_id"])
      .execute();
    await db.schema
      .createTable("webhook_deliveries")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("event_id", "text", (c) => c.notNull())
      .addColumn("event_type", "text", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("next_attempt_at", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addPrimaryKeyConstraint("webhook_deliveries_pk", ["space", "delivery_id"])
      .addCheckConstraint(
        "webhook_deliveries_status",
        sql`status in ('pending', 'delivered', 'failed', 'cancelled')`,
      )
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_due")
      .on("webhook_deliveries")
      .columns(["status", "next_attempt_at"])
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_by_webhook")
      .on("webhook_deliveries")
      .columns(["space", "webhook_id", "created_at"])
      .execute();
    await db.schema
      .createTable("webhook_attempts")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("attempt", "integer", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("status_code", "integer")
      .addColumn("error", "text")
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("webhook_attempts_pk", ["space", "delivery_id", "attempt"])
      .execute();
  },
};
