/**
 * Webhook subscriptions of a space: create (the secret is returned once and stored sealed by the key
 * vault), list, read, delete. Deleting keeps the row (its deliveries stay visible) and cancels the
 * deliveries still pending.
 */
import { randomBytes } from "../../log/crypto.js";
import { StoreError } from "../errors.js";
import type { KeyVault } from "../keys/key-vault.js";
import type { Executor } from "../schema.js";
import { eventPatternProblem } from "./event-types.js";
import { formatWebhookSecret, WEBHOOK_SECRET_BYTES } from "./secret.js";
import type { WebhookSubscriptionsTable } from "./tables.js";

/** A subscription as the API shows it (never its secret). */
export interface WebhookInfo {
  readonly id: string;
  readonly space: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string;
  readonly createdAt: string;
  readonly deletedAt?: string;
}

/** What a new subscription needs. */
export interface NewWebhook {
  readonly space: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string | undefined;
}

/** A created subscription and its secret (`whsec_…`), which is never shown again. */
export interface CreatedWebhook {
  readonly secret: string;
  readonly info: WebhookInfo;
}

/** The seal binding of a subscription's secret: the space and a key id no space key can have. */
export function secretBinding(space: string, webhookId: string) {
  return { space, keyId: `webhook/${webhookId}` };
}

/**
 * Creates a subscription. Throws RangeError on an event pattern that matches nothing (the HTTP layer
 * validates the URL and sizes).
 *
 * @example
 * const { secret, info } = await createWebhook(db.kysely, vault, { space, url, eventTypes: ["*"] }, now)
 */
export async function createWebhook(
  db: Executor,
  vault: KeyVault,
  input: NewWebhook,
  now: Date,
): Promise<CreatedWebhook> {
  for (const pattern of input.eventTypes) {
    const problem = eventPatternProblem(pattern);
    if (problem !== undefined) throw new RangeError(problem);
  }
  const id = `wh_${Buffer.from(randomBytes(8)).toString("hex")}`;
  const secret = randomBytes(WEBHOOK_SECRET_BYTES);
  const sealed = vault.seal(secretBinding(input.space, id), secret);
  const row: WebhookSubscriptionsTable = {
    space: input.space,
    webhook_id: id,
    url: input.url,
    event_types: [...new Set(input.eventTypes)].join(" "),
    description: input.description ?? null,
    secret_ciphertext: sealed.ciphertext,
    secret_nonce: sealed.nonce,
    created_at: now.toISOString(),
    deleted_at: null,
  };
  await db.insertInto("webhook_subscriptions").values(row).execute();
  const text = formatWebhookSecret(secret);
  secret.fill(0);
  return { secret: text, info: infoOf(row) };
}

/**
 * The subscriptions of `space`, oldest first, deleted ones included when asked.
 *
 * @example await listWebhooks(db.kysely, "stays")
 */
export async function listWebhooks(
  db: Executor,
  space: string,
  options: { readonly includeDeleted?: boolean } = {},
): Promise<WebhookInfo[]> {
  let query = db.selectFrom("webhook_subscriptions").selectAll().where("space", "=", space);
  if (options.includeDeleted !== true) query = query.where("deleted_at", "is", null);
  const rows = await query.orderBy("created_at").orderBy("webhook_id").execute();
  return rows.map(infoOf);
}

/**
 * One subscription (deleted or not); throws StoreError("not-found") when `space` has none by that id.
 *
 * @example await getWebhook(db.kysely, "stays", "wh_0123456789abcdef")
 */
export async function getWebhook(db: Executor, space: string, id: string): Promise<WebhookInfo> {
  const row = await db
    .selectFrom("webhook_subscriptions")
    .selectAll()
    .where("space", "=", space)
    .where("webhook_id", "=", id)
    .executeTakeFirst();
  if (row === undefined) throw new StoreError("not-found", `space ${space} has no webhook ${id}`);
  return infoOf(row);
}

/**
 * Deletes a subscription: no new deliveries, pending ones cancelled. Deleting again changes nothing.
 * Opens its own transaction (`db` is the database, not a transaction). Throws StoreError("not-found") when there is no such subscription.
 *
 * @example await deleteWebhook(db, "stays", "wh_0123456789abcdef", new Date())
 */
export async function deleteWebhook(
  db: Executor,
  space: string,
  id: string,
  now: Date,
): Promise<WebhookInfo> {
  return db.transaction().execute(async (tx) => {
    const current = await getWebhook(tx, space, id);
    if (current.deletedAt !== undefined) return current;
    const at = now.toISOString();
    await tx
      .updateTable("webhook_subscriptions")
      .set({ deleted_at: at })
      .where("space", "=", space)
      .where("webhook_id", "=", id)
      .execute();
    await tx
      .updateTable("webhook_deliveries")
      .set({ status: "cancelled", finished_at: at })
      .where("space", "=", space)
      .where("webhook_id", "=", id)
      .where("status", "=", "pending")
      .execute();
    return { ...current, deletedAt: at };
  });
}

function infoOf(row: WebhookSubscriptionsTable): WebhookInfo {
  return {
    id: row.webhook_id,
    space: row.space,
    url: row.url,
    eventTypes: row.event_types.split(" "),
    ...(row.description === null ? {} : { description: row.description }),
    createdAt: row.created_at,
    ...(row.deleted_at === null ? {} : { deletedAt: row.deleted_at }),
  };
}
