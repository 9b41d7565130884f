/**
 * Webhooks of a space: subscriptions, the transactional outbox the space service writes, and the
 * worker's claim/record side. The HTTP routes and the delivery worker live in src/http.
 */
export * from "./deliveries.js";
export * from "./event-types.js";
export { webhooksMigration } from "./migration.js";
export * from "./outbox.js";
export * from "./secret.js";
export * from "./subscriptions.js";
export type { WebhookTables } from "./tables.js";
