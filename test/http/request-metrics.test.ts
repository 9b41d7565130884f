import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { requestMetrics } from "../../src/http/plugins/request-metrics.js";

const NAMES = {
  counter: { name: "t_requests_total", help: "requests" },
  histogram: { name: "t_duration_seconds", help: "durations" },
};
const BOUNDS = [0.001, 0.01, 0.1, 1];

/** The same requests counted by prom-client's own Counter and Histogram. */
function promClient(calls: readonly (readonly [string, string, number, number])[]) {
  const registry = new Registry();
  const labelNames = ["method", "route", "status"] as const;
  const counter = new Counter({ ...NAMES.counter, labelNames, registers: [registry] });
  const histogram = new Histogram({
    ...NAMES.histogram,
    labelNames,
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of calls) {
    const labels = { method, route, status: String(status) };
    counter.inc(labels);
    histogram.observe(labels, seconds);
  }
  return registry;
}

describe("request metrics", () => {
  const calls = [
    ["GET", "/healthz", 200, 0.0004],
    ["GET", "/healthz", 200, 0.001], // on a bound: counted in it (le)
    ["GET", "/v1/spaces/:space/log/checkpoint", 404, 0.02],
    ["POST", "/v1/spaces/:space/reviews", 201, 3.5], // beyond the last bound: +Inf only
    ["GET", "/healthz", 503, 0.5],
    ["GET", "unmatched", 404, 0.00001],
  ] as const;

  it("print what prom-client's Counter and Histogram print for the same requests", async () => {
    const registry = new Registry();
    const metrics = requestMetrics(registry, NAMES, BOUNDS);
    for (const [method, route, status, seconds] of calls) {
      metrics.record(method, route, status, seconds);
    }
    const ours = await registry.metrics();
    expect(ours).toBe(await promClient(calls).metrics());
    expect(ours).toContain('t_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(ours).toContain(
      't_duration_seconds_bucket{le="0.001",method="GET",route="/healthz",status="200"} 2',
    );
  });

  it("start again from zero when the registry is reset", async () => {
    const registry = new Registry();
    const metrics = requestMetrics(registry, NAMES, BOUNDS);
    metrics.record("GET", "/healthz", 200, 0.2);
    metrics.record("GET", "/v1/spaces/:space/log/checkpoint", 200, 0.2);
    registry.resetMetrics();
    metrics.record("GET", "/healthz", 200, 0.3);
    expect(await registry.metrics()).toBe(
      await promClient([["GET", "/healthz", 200, 0.3]]).metrics(),
    );
  });
});
