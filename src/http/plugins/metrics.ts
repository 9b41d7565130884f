/**
 * Prometheus metrics at GET /metrics (prom-client, one registry per app): request counts and latencies
 * by method, route pattern and status; each space's log size and published (checkpointed) size, read from
 * the database at scrape time; the sealer's lag per space from its status; and the process's defaults
 * (CPU, memory, event loop). Route labels are patterns (`/v1/spaces/:space/log/tile/*`), never raw paths,
 * so label cardinality stays bounded; unmatched requests share one label.
 */
import type {} from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Database } from "../../store/database.js";
import type { SealerStatus } from "../../store/sealer/sealer-status.js";
import { readSpaceSizes } from "../../store/sealer/space-sizes.js";
import { requestMetrics } from "./request-metrics.js";

/** What the metrics read. */
export interface MetricsDeps {
  readonly db: Database;
  /** The running sealer's status, when this process runs one. */
  readonly sealer?: { status(): SealerStatus } | undefined;
  /** Process metrics (default true; tests building many apps turn them off). */
  readonly processMetrics?: boolean;
}

/** Label of requests that matched no route. */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * Creates the registry, records every response, and adds GET /metrics (exempt from rate limits; not in
 * the OpenAPI document).
 *
 * @example installMetrics(app, { db, sealer })
 */
export function installMetrics(app: FastifyInstance, deps: MetricsDeps): Registry {
  const registry = new Registry();
  if (deps.processMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: "fabrique_" });
  // Counted in plain numbers, handed to the registry at scrape time (request-metrics.ts).
  const requests = requestMetrics(
    registry,
    {
      counter: {
        name: "fabrique_http_requests_total",
        help: "HTTP requests answered, by method, route pattern and status",
      },
      histogram: {
        name: "fabrique_http_request_duration_seconds",
        help: "Time from receiving a request to answering it, by method, route pattern and status",
      },
    },
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  installLogGauges(registry, deps);

  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    requests.record(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get(
    "/metrics",
    { schema: { hide: true }, config: { rateLimit: false } },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).header("cache-control", "no-store").send(text);
    },
  );
  return registry;
}

function installLogGauges(registry: Registry, deps: MetricsDeps): void {
  // prom-client collects every metric at once: both gauges share one query per scrape.
  const readSizes = sharedWhileRunning(() => readSpaceSizes(deps.db.kysely));
  new Gauge({
    name: "fabrique_log_entries",
    help: "Entries in each space's log",
    labelNames: ["space"] as const,
    registers: [registry],
    async collect() {
      const spaces = await readSizes();
      this.reset();
      for (const s of spaces) this.set({ space: s.space }, s.size);
    },
  });
  new Gauge({
    name: "fabrique_log_checkpointed_entries",
    help: "Entries covered by each space's latest signed checkpoint",
    labelNames: ["space"] as const,
    registers: [registry],
    async collect() {
      const spaces = await readSizes();
      this.reset();
      for (const s of spaces) this.set({ space: s.space }, s.checkpointedSize);
    },
  });
  const sealer = deps.sealer;
  if (sealer === undefined) return;
  new Gauge({
    name: "fabrique_sealer_lag_entries",
    help: "Entries appended but not yet covered by a signed checkpoint, per space",
    labelNames: ["space"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sealer.status().spaces) this.set({ space: s.space }, s.lag);
    },
  });
  new Gauge({
    name: "fabrique_sealer_lag_seconds",
    help: "How long the oldest unpublished entry of each space has waited",
    labelNames: ["space"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sealer.status().spaces) this.set({ space: s.space }, s.lagAgeMs / 1000);
    },
  });
  new Gauge({
    name: "fabrique_sealer_consecutive_failures",
    help: "Failed seals of each space since its last success",
    labelNames: ["space"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sealer.status().spaces) this.set({ space: s.space }, s.consecutiveFailures);
    },
  });
  new Gauge({
    name: "fabrique_sealer_running",
    help: "1 while the sealer runs",
    registers: [registry],
    collect() {
      this.set(sealer.status().running ? 1 : 0);
    },
  });
}

/** Calls made while one is running share its result; the next call after it settles runs anew. */
function sharedWhileRunning<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    if (running === undefined) {
      running = run().finally(() => {
        running = undefined;
      });
    }
    return running;
  };
}
