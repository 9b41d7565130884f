/**
 * Webhook signing secrets in the Standard Webhooks form (spec, "Signature scheme": symmetric secrets are
 * random, 24 to 64 bytes, serialized as base64 prefixed with `whsec_`). Fabrique's are 32 bytes: the key
 * vault seals exactly that size, so the secret is encrypted at rest like a space key.
 */
import { decodeBase64Strict, encodeBase64 } from "../../log/encoding/base64.js";

/** The size of the secrets Fabrique makes. */
export const WEBHOOK_SECRET_BYTES = 32;

const PREFIX = "whsec_";

/**
 * The `whsec_` text of a secret, shown to the operator once.
 *
 * @example formatWebhookSecret(secret) // "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw..."
 */
export function formatWebhookSecret(secret: Uint8Array): string {
  return PREFIX + encodeBase64(secret);
}

/**
 * The bytes of a `whsec_` secret (the prefix is optional, as in the reference libraries). Parser of
 * untrusted text (at most 200 characters): canonical base64 of 24 to 64 bytes (the spec's bounds);
 * throws LogError("malformed") on bad base64 and RangeError on a wrong size.
 *
 * @example parseWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").length // 24
 */
export function parseWebhookSecret(text: string): Uint8Array {
  if (text.length > 200) throw new RangeError("a webhook secret is at most 64 bytes");
  const body = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text;
  const bytes = decodeBase64Strict(body, "webhook secret");
  if (bytes.length < 24 || bytes.length > 64) {
    throw new RangeError("a webhook secret is 24 to 64 bytes");
  }
  return bytes;
}
