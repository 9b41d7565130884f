/**
 * The power-iteration kernel alone (issue: The trust engine, "≥ 250M edges/s per core"): PageRank's
 * power iteration on Epinions and the synthetic 3M- and 30M-edge graphs of bench/trust.ts, with the
 * pull row by row and cache-blocked by source segment (src/trust/rank/segmented-pull.ts), interleaved
 * A/B in one process so that both see the same load. The rate is edges read (iterations × edges) per
 * second of this process's CPU time; the segmented rows include building the segments in every call.
 *
 * Run: `npx tsx bench/trust-kernel.ts` (`--quick` skips the 30M-edge graph; `--rounds N`, default 5).
 */
import { loadavg } from "node:os";
import { buildGraph } from "../src/trust/graph/csr.js";
import { inAdjacency } from "../src/trust/graph/in-adjacency.js";
import { type PullLayout, powerIterate } from "../src/trust/rank/power-iteration.js";
import { segmentedBytes, segmentIn } from "../src/trust/rank/segmented-pull.js";
import { type EdgeArrays, loadEpinions, syntheticGraph } from "./trust.js";

const quick = process.argv.includes("--quick");
const roundsAt = process.argv.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : 5;
const OPTIONS = { damping: 0.85, tol: 1e-10, maxIter: 1000 };

function cpuOf(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

function measure(e: EdgeArrays): string[] {
  const g = buildGraph(e.nodeCount, {
    count: e.edgeCount,
    sources: Uint32Array.from(e.sources),
    targets: Uint32Array.from(e.targets),
    weights: Float32Array.from(e.signs),
  });
  const adj = inAdjacency(g);
  const loadBefore = load();
  const layouts: PullLayout[] = ["rows", "segments"];
  const rates: Record<PullLayout, number[]> = { rows: [], segments: [] };
  const ranks: Partial<Record<PullLayout, Float64Array>> = {};
  let iterations = 0;
  for (let r = 0; r < rounds; r++) {
    for (const layout of r % 2 === 0 ? layouts : [...layouts].reverse()) {
      let reads = 0;
      const cpu = cpuOf(() => {
        const result = powerIterate(adj, { ...OPTIONS, layout });
        reads = result.edgeReads;
        iterations = result.iterations;
        ranks[layout] = result.ranks;
      });
      rates[layout].push(reads / cpu);
    }
  }
  let build = 0;
  let bytes = 0;
  build = cpuOf(() => {
    bytes = segmentedBytes(segmentIn(adj.offsets, adj.sources, adj.nodeCount));
  });
  let l1 = 0;
  const a = ranks.rows as Float64Array;
  const b = ranks.segments as Float64Array;
  for (let v = 0; v < a.length; v++) l1 += Math.abs((a[v] as number) - (b[v] as number));
  const m = (x: number) => `${(x / 1e6).toFixed(0)}M`;
  const row = (layout: PullLayout) =>
    `${m(median(rates[layout]))} (${m(Math.min(...rates[layout]))}–${m(Math.max(...rates[layout]))})`;
  return [
    `| ${e.name} (${e.nodeCount.toLocaleString("en")} nodes, ${e.edgeCount.toLocaleString("en")} edges) | ${iterations} | ${row("rows")} | ${row("segments")} | ${(median(rates.segments) / median(rates.rows)).toFixed(2)}× | ${(build * 1000).toFixed(0)} ms, ${(bytes / 2 ** 20).toFixed(0)} MiB | ${l1.toExponential(1)} | ${loadBefore} → ${load()} |`,
  ];
}

const graphs: (() => EdgeArrays)[] = [
  loadEpinions,
  () => syntheticGraph("synthetic-3M", 200_000, 3_000_000, 42),
  ...(quick ? [] : [() => syntheticGraph("synthetic-30M", 2_000_000, 30_000_000, 42)]),
];
console.log(
  `Power iteration, PageRank on all edges, damping 0.85, L1 change < 1e-10; ${rounds} interleaved rounds; edges read per CPU second, median (min–max).`,
);
console.log();
console.log(
  "| graph | iterations | rows | segments (build included) | segments / rows | building the segments | L1 rows vs segments | load average (1, 5, 15 min) before → after |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const make of graphs) {
  const rows = measure(make());
  for (const r of rows) console.log(r);
  (globalThis as { gc?: () => void }).gc?.();
}
