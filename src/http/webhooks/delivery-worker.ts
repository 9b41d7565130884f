/**
 * The webhook delivery worker: polls the outbox (src/store/webhooks), POSTs each due delivery's body to
 * its subscription's URL signed per Standard Webhooks, and records the attempt: a 2xx answer delivers it;
 * any other answer, a timeout or a connection error schedules a retry (retry-schedule.ts) until the
 * attempts run out (status failed). Redirects are not followed (spec: a 3xx is a failure). A target
 * that is not a public address (loopback, private, link-local…: target-address.ts), checked on every
 * address its host resolves to at connection time (post-webhook.ts), is refused like a failed connection
 * unless the operator allowed private targets.
 *
 * Several workers (processes) may poll one database: a claim leases a delivery (deliveries.ts), so no
 * two attempt it at once. Its timer is unref'd: it never keeps a process alive on its own.
 */
import type { Database } from "../../store/database.js";
import type { KeyVault } from "../../store/keys/key-vault.js";
import {
  type AttemptVerdict,
  type ClaimedDelivery,
  claimDueDeliveries,
  recordAttempt,
} from "../../store/webhooks/deliveries.js";
import { secretBinding } from "../../store/webhooks/subscriptions.js";
import { postWebhook, type ResolveHost } from "./post-webhook.js";
import {
  DEFAULT_RETRY_POLICY,
  nextRetryDelayMs,
  type RetryPolicy,
  retryAfterMs,
} from "./retry-schedule.js";
import { webhookHeaders } from "./signature.js";

/** What the worker needs, and its tuning. */
export interface WebhookWorkerOptions {
  readonly db: Database;
  /** Opens the subscriptions' sealed secrets. */
  readonly vault: KeyVault;
  /** Milliseconds since the epoch (Date.now by default): due times and webhook-timestamp. */
  readonly clock?: () => number;
  /** [0, 1) for the retry jitter (Math.random by default). */
  readonly random?: () => number;
  /** Time between polls when the outbox had nothing more (default 1000 ms). */
  readonly intervalMs?: number;
  /** Deliveries attempted at once per poll (default 16). */
  readonly batchSize?: number;
  /** One attempt's time limit (default 15 s; the spec recommends 15–30 s). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /**
   * Deliver to private, loopback and link-local addresses too (default false: refused as failures).
   * FABRIQUE_WEBHOOK_ALLOW_PRIVATE; receivers on the operator's own network need it.
   */
  readonly allowPrivateTargets?: boolean;
  /** Resolves the targets' host names at each delivery (the system resolver by default). */
  readonly resolveHost?: ResolveHost;
  readonly logger?: { error(details: object, message: string): void };
}

/** A running worker. */
export interface WebhookWorker {
  /** Claims and attempts the deliveries due now (one batch); resolves with how many it attempted. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the attempts in flight; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a worker polling every `intervalMs` (unless `poll: false`: then only runOnce delivers).
 *
 * @example
 * const worker = startWebhookWorker({ db: store.db, vault: store.vault })
 * process.once("SIGTERM", () => void worker.stop())
 */
export function startWebhookWorker(
  options: WebhookWorkerOptions & { readonly poll?: boolean },
): WebhookWorker {
  const clock = options.clock ?? Date.now;
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 16;
  const timeoutMs = options.timeoutMs ?? 15_000;
  // A lease outlives an attempt, so only a dead worker's deliveries are taken over.
  const leaseMs = timeoutMs * 2 + 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<number> = Promise.resolve(0);

  async function runOnce(): Promise<number> {
    const now = new Date(clock());
    const due = await claimDueDeliveries(options.db.kysely, now, { limit: batchSize, leaseMs });
    await Promise.all(due.map((d) => attemptAndRecord(d)));
    return due.length;
  }

  async function attemptAndRecord(delivery: ClaimedDelivery): Promise<void> {
    const at = clock();
    const outcome = await attempt(delivery, at);
    const verdict = verdictOf(delivery, outcome, at);
    await recordAttempt(
      options.db.kysely,
      delivery,
      { at: new Date(at), ...outcome, durationMs: outcome.durationMs },
      verdict,
    );
  }

  async function attempt(delivery: ClaimedDelivery, at: number): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const secret = options.vault.open(
      secretBinding(delivery.space, delivery.webhookId),
      delivery.secret,
    );
    try {
      const headers = webhookHeaders(secret, delivery.id, at, delivery.body);
      const answer = await postWebhook(delivery.url, {
        headers: {
          "content-type": "application/json",
          "user-agent": "fabrique-webhooks/1",
          ...headers,
        },
        body: delivery.body,
        timeoutMs,
        allowPrivate: options.allowPrivateTargets === true,
        ...(options.resolveHost === undefined ? {} : { resolveHost: options.resolveHost }),
      });
      return {
        statusCode: answer.status,
        retryAfterMs: retryAfterMs(answer.retryAfter, at),
        durationMs: elapsed(),
      };
    } catch (e) {
      return { error: describeFailure(e, timeoutMs), durationMs: elapsed() };
    } finally {
      secret.fill(0);
    }
  }

  function verdictOf(
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
    at: number,
  ): AttemptVerdict {
    const { statusCode } = outcome;
    if (statusCode !== undefined && statusCode >= 200 && statusCode < 300) {
      return { status: "delivered" };
    }
    const delay = nextRetryDelayMs(
      { attempts: delivery.attempts + 1, statusCode, retryAfterMs: outcome.retryAfterMs },
      options.retry ?? DEFAULT_RETRY_POLICY,
      options.random,
    );
    return delay === undefined
      ? { status: "failed" }
      : { status: "pending", nextAttemptAt: new Date(at + delay) };
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    pass = runOnce().catch((e: unknown) => {
      options.logger?.error({ err: e }, "webhook delivery pass failed");
      return 0;
    });
    // A full batch means more may be due: poll again at once.
    void pass.then((n) => schedule(n >= batchSize ? 0 : intervalMs));
  }

  if (options.poll !== false) schedule(0);
  let stopping: Promise<void> | undefined;
  return {
    runOnce,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await pass;
      })();
      return stopping;
    },
  };
}

interface AttemptOutcome {
  readonly statusCode?: number;
  readonly retryAfterMs?: number | undefined;
  readonly error?: string;
  readonly durationMs: number;
}

/** A short reason for a failed request: timeout, or the error's code (ECONNREFUSED, ECONNRESET…). */
function describeFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) {
    return `timeout after ${timeoutMs} ms`;
  }
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof code !== "string" || message.includes(code)) return message.slice(0, 500);
  return `${code}: ${message}`.slice(0, 500);
}
