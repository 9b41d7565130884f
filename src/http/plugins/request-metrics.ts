/**
 * The request counter and latency histogram of /metrics (plugins/metrics.ts), counted in plain numbers
 * and handed to prom-client's registry only when it is scraped. prom-client's own Counter and Histogram
 * hash their label object on every `inc` and `observe`, even through a labelled child: two hashes per
 * request, a tenth of the JS time of a cached read (bench/http.ts, --cpu-prof). Here a request finds its
 * series by three map lookups on values that are the same strings every time (the route pattern, the
 * method) and a number (the status), and adds to it.
 *
 * The exposition is prom-client's, line for line: `<name>{method,route,status} n` for the counter, and
 * for the histogram cumulative `<name>_bucket{le=…,…}` lines up to `+Inf`, then `_sum` and `_count`
 * (prometheus.io/docs/instrumenting/exposition_formats).
 */
import type { Registry } from "prom-client";

/** One method, route and status: how many requests, and their durations. */
interface Series {
  readonly labels: Readonly<Record<"method" | "route" | "status", string>>;
  count: number;
  sum: number;
  /** Requests per bucket (not cumulative), by the index of its upper bound. */
  readonly buckets: number[];
}

/** What the hook calls per answered request. */
export interface RequestMetrics {
  /** Counts a request of `method` on route pattern `route` answered `status` after `seconds`. */
  record(method: string, route: string, status: number, seconds: number): void;
}

/** The names and help texts of the two metrics. */
export interface RequestMetricNames {
  readonly counter: { readonly name: string; readonly help: string };
  readonly histogram: { readonly name: string; readonly help: string };
}

/** One sample line as prom-client's registry prints it. */
interface Sample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly sharedLabels?: Readonly<Record<string, string>>;
  readonly value: number;
  readonly metricName?: string;
}

/**
 * Creates the counts and registers the two metrics in `registry`.
 *
 * @example
 * const metrics = requestMetrics(registry, names, [0.001, 0.01, 0.1, 1])
 * metrics.record("GET", "/healthz", 200, 0.0004)
 */
export function requestMetrics(
  registry: Registry,
  names: RequestMetricNames,
  bounds: readonly number[],
): RequestMetrics {
  // route -> method -> status -> series (bounded like the labels: route patterns, not paths).
  const byRoute = new Map<string, Map<string, Map<number, Series>>>();
  const all: Series[] = [];
  const seriesOf = (method: string, route: string, status: number): Series => {
    let byMethod = byRoute.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      byRoute.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let series = byStatus.get(status);
    if (series === undefined) {
      const labels = { method, route, status: String(status) };
      series = { labels, count: 0, sum: 0, buckets: bounds.map(() => 0) };
      byStatus.set(status, series);
      all.push(series);
    }
    return series;
  };
  const counterSamples = (): Sample[] => all.map((s) => ({ labels: s.labels, value: s.count }));
  const histogramSamples = (): Sample[] => {
    const name = names.histogram.name;
    const samples: Sample[] = [];
    for (const s of all) {
      let cumulative = 0;
      bounds.forEach((le, i) => {
        cumulative += s.buckets[i] ?? 0;
        const bucket = { labels: { le }, sharedLabels: s.labels, value: cumulative };
        samples.push({ ...bucket, metricName: `${name}_bucket` });
      });
      const inf = { labels: { le: "+Inf" }, sharedLabels: s.labels, value: s.count };
      samples.push({ ...inf, metricName: `${name}_bucket` });
      samples.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum` });
      samples.push({ labels: s.labels, value: s.count, metricName: `${name}_count` });
    }
    return samples;
  };
  // As prom-client's reset: every series forgotten, not zeroed.
  const reset = () => {
    byRoute.clear();
    all.length = 0;
  };
  registry.registerMetric(scraped(names.counter, "counter", counterSamples, reset));
  registry.registerMetric(scraped(names.histogram, "histogram", histogramSamples, reset));
  return {
    record(method, route, status, seconds) {
      const series = seriesOf(method, route, status);
      series.count += 1;
      series.sum += seconds;
      // The first bound at or above the duration (prom-client's `le` rule); beyond the last: +Inf only.
      for (let i = 0; i < bounds.length; i++) {
        if (seconds <= (bounds[i] as number)) {
          series.buckets[i] = (series.buckets[i] ?? 0) + 1;
          return;
        }
      }
    },
  };
}

/** A metric object prom-client's registry can print: it calls `get` at every scrape. */
function scraped(
  meta: { readonly name: string; readonly help: string },
  type: "counter" | "histogram",
  samples: () => Sample[],
  reset: () => void,
): Parameters<Registry["registerMetric"]>[0] {
  const metric = {
    name: meta.name,
    help: meta.help,
    type,
    aggregator: "sum",
    get: async () => ({ ...meta, type, aggregator: "sum", values: samples() }),
    reset,
  };
  return metric as unknown as Parameters<Registry["registerMetric"]>[0];
}
