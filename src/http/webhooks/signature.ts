/**
 * Standard Webhooks symmetric signatures (spec, "Signature scheme" and "Webhook headers"): the content
 * signed is `{webhook-id}.{webhook-timestamp}.{body}`, the signature HMAC-SHA256 under the secret's bytes,
 * sent as `v1,` and its base64 in the `webhook-signature` header, with `webhook-timestamp` in integer
 * seconds since the epoch.
 */
import { createHmac } from "node:crypto";

/** The headers of one attempt. */
export interface WebhookHeaders {
  readonly "webhook-id": string;
  readonly "webhook-timestamp": string;
  readonly "webhook-signature": string;
}

/**
 * The `v1,<base64>` signature of `body` sent as message `id` at `timestamp` (seconds).
 *
 * @example signWebhook(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')
 * // "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" for the spec libraries' test secret
 */
export function signWebhook(
  secret: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError("a webhook timestamp is a whole number of seconds");
  }
  if (id.includes(".")) throw new RangeError("a webhook id must not contain '.'");
  const mac = createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/**
 * The three Standard Webhooks headers of an attempt made at `nowMs`.
 *
 * @example fetch(url, { method: "POST", body, headers: { ...webhookHeaders(secret, id, Date.now(), body) } })
 */
export function webhookHeaders(
  secret: Uint8Array,
  id: string,
  nowMs: number,
  body: string,
): WebhookHeaders {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
  };
}
