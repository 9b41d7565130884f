/**
 * Standard Webhooks signatures against the test vector of the specification's reference libraries
 * (standard-webhooks/standard-webhooks, libraries/*: secret, id, timestamp and body below sign to
 * "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), secrets in the whsec_ form, and the retry schedule.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  nextRetryDelayMs,
  retryAfterMs,
} from "../../src/http/webhooks/retry-schedule.js";
import { signWebhook, webhookHeaders } from "../../src/http/webhooks/signature.js";
import { formatWebhookSecret, parseWebhookSecret } from "../../src/store/webhooks/secret.js";
import { verifiesStandardWebhook } from "./support/receiver.js";

const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signatures", () => {
  it("reproduce the reference libraries' test vector", () => {
    const secret = parseWebhookSecret(VECTOR.secret);
    expect(secret.length).toBe(24);
    expect(signWebhook(secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("headers verify with the receiver's own implementation, and not once the body changes", () => {
    const secret = parseWebhookSecret(VECTOR.secret);
    const headers = webhookHeaders(secret, VECTOR.id, VECTOR.timestamp * 1000 + 999, VECTOR.body);
    expect(headers["webhook-timestamp"]).toBe(String(VECTOR.timestamp));
    expect(headers["webhook-signature"]).toBe(VECTOR.signature);
    expect(verifiesStandardWebhook(VECTOR.secret, { ...headers }, VECTOR.body)).toBe(true);
    expect(verifiesStandardWebhook(VECTOR.secret, { ...headers }, '{"test": 2432232315}')).toBe(
      false,
    );
  });

  it("refuse ids with a '.' and fractional timestamps", () => {
    const secret = parseWebhookSecret(VECTOR.secret);
    expect(() => signWebhook(secret, "msg.1", 1, "{}")).toThrow(RangeError);
    expect(() => signWebhook(secret, "msg_1", 1.5, "{}")).toThrow(RangeError);
  });

  it("secrets round-trip through whsec_ and refuse sizes outside 24..64 bytes", () => {
    const bytes = new Uint8Array(32).map((_, i) => i);
    const text = formatWebhookSecret(bytes);
    expect(text.startsWith("whsec_")).toBe(true);
    expect(parseWebhookSecret(text)).toEqual(bytes);
    expect(() => parseWebhookSecret(formatWebhookSecret(new Uint8Array(16)))).toThrow(RangeError);
    expect(() => parseWebhookSecret("whsec_not base64")).toThrow();
  });
});

describe("retry schedule", () => {
  const policy = DEFAULT_RETRY_POLICY;

  it("grows exponentially within ±25 % jitter and gives up after maxAttempts or on 410", () => {
    for (const r of [0, 0.5, 0.999]) {
      const d1 = nextRetryDelayMs({ attempts: 1, statusCode: 500 }, policy, () => r) ?? -1;
      const d2 = nextRetryDelayMs({ attempts: 2, statusCode: 500 }, policy, () => r) ?? -1;
      expect(d1).toBeGreaterThanOrEqual(policy.baseDelayMs * 0.75);
      expect(d1).toBeLessThanOrEqual(policy.baseDelayMs * 1.25);
      expect(d2 / d1).toBeCloseTo(4, 2);
    }
    expect(nextRetryDelayMs({ attempts: 1, statusCode: 410 }, policy)).toBeUndefined();
    expect(nextRetryDelayMs({ attempts: policy.maxAttempts }, policy)).toBeUndefined();
    expect(nextRetryDelayMs({ attempts: 7 }, policy, () => 0.999)).toBeLessThanOrEqual(
      policy.maxDelayMs,
    );
  });

  it("follows a Retry-After the receiver sent, capped", () => {
    expect(retryAfterMs("120", 0)).toBe(120_000);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs("soon", 0)).toBeUndefined();
    expect(nextRetryDelayMs({ attempts: 1, retryAfterMs: 10 ** 12 }, policy)).toBe(
      policy.maxDelayMs,
    );
  });
});
