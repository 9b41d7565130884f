/**
 * The power-iteration kernel alone (issue: The trust engine, "≥ 250M edges/s per core"): PageRank's
 * power iteration on Epinions and the synthetic 3M- and 30M-edge graphs of bench/trust.ts, interleaved
 * A/B in one process so that all columns see the same load: the row pull over the transposed CSR, in
 * WebAssembly (src/trust/rank/wasm-pull.ts, past 2^24 edges over the adjacency built in its memory,
 * src/trust/rank/wasm-adjacency.ts) and in JavaScript; pagerank()'s default power walk; and the
 * Gauss–Seidel solver (src/trust/rank/gauss-seidel.ts, pagerank()'s default up to 2^24 edges; past
 * them the default is the power solver, src/trust/rank/default-solver.ts) on the same InAdjacency.
 * The rate is edges read (iterations × edges; for Gauss–Seidel every sweep of every component) per
 * second of this process's CPU time for the whole solver call, set-up included (Gauss–Seidel's
 * component search); the transposed CSR is built once, outside, as bench/trust.ts's "solve" phase
 * does. Gauss–Seidel reads fewer edges to a tighter bound, so its time to converge, not its rate, is
 * what compares with the power iteration's.
 *
 * The default columns are what pagerank()'s power solver runs (src/trust/rank/power-walk.ts): past
 * SEGMENT_WALK_MIN_EDGES, pair segments built straight from the graph (segment-walk.ts), else the row
 * pull; once built in every call (as pagerank() does), once over a walk built outside (as the rows'
 * columns are), and checked bit for bit against the rows' ranks; the build column is the walk's build
 * alone (CPU, median). Its peak memory is a separate process's: bench/trust.ts's fabrique-power worker
 * (peak RSS column).
 *
 * Run: `npx tsx bench/trust-kernel.ts` (`--quick` skips the 30M-edge graph; `--rounds N`, default 5).
 */
import { loadavg } from "node:os";
import { buildGraph } from "../src/trust/graph/csr.js";
import { gaussSeidelRank } from "../src/trust/rank/gauss-seidel.js";
import { powerIterate } from "../src/trust/rank/power-iteration.js";
import { powerWalk, SEGMENT_WALK_MIN_EDGES } from "../src/trust/rank/power-walk.js";
import { walkAdjacency } from "../src/trust/rank/wasm-adjacency.js";
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
  // As pagerank() builds it: past 2^24 edges in the kernels' WebAssembly memory (wasm-adjacency.ts).
  const adj = walkAdjacency(g);
  // pagerank()'s power walk, built outside for the solve-only column.
  const walk = powerWalk(g);
  const loadBefore = load();
  const solvers: Solver[] = ["rows", "rows-js", "default", "default-built", "gauss-seidel"];
  const rates = Object.fromEntries(solvers.map((s) => [s, [] as number[]])) as Record<
    Solver,
    number[]
  >;
  const seconds = Object.fromEntries(solvers.map((s) => [s, [] as number[]])) as Record<
    Solver,
    number[]
  >;
  let rowsKernel = "";
  let gsKernel = "";
  let defaultLayout = "";
  const ranks: Partial<Record<"rows" | "default", Float64Array>> = {};
  const builds: number[] = [];
  let iterations = 0;
  let gsReadsPerEdge = 0;
  for (let r = 0; r < rounds; r++) {
    for (const solver of r % 2 === 0 ? solvers : [...solvers].reverse()) {
      let reads = 0;
      const cpu = cpuOf(() => {
        if (solver === "gauss-seidel") {
          const result = gaussSeidelRank(adj, OPTIONS);
          reads = result.edgeReads;
          gsKernel = result.kernel ?? "";
          gsReadsPerEdge = reads / adj.edgeCount;
          return;
        }
        if (solver === "default" || solver === "default-built") {
          let built = walk;
          if (solver === "default") builds.push(cpuOf(() => (built = powerWalk(g))));
          const result = powerIterate(built, OPTIONS);
          reads = result.edgeReads;
          ranks.default = result.ranks;
          defaultLayout = `${result.layout}, ${result.kernel}`;
          return;
        }
        const js = solver === "rows-js";
        const result = powerIterate(adj, { ...OPTIONS, wasm: !js });
        reads = result.edgeReads;
        iterations = result.iterations;
        if (!js) {
          ranks.rows = result.ranks;
          rowsKernel = result.kernel ?? "";
        }
      });
      rates[solver].push(reads / cpu);
      seconds[solver].push(cpu);
    }
  }
  const same = bitsEqual(ranks.rows as Float64Array, ranks.default as Float64Array);
  const m = (x: number) => `${(x / 1e6).toFixed(0)}M`;
  const row = (solver: Solver) =>
    `${m(median(rates[solver]))} (${m(Math.min(...rates[solver]))}–${m(Math.max(...rates[solver]))})`;
  const ms = (solver: Solver) => `${(median(seconds[solver]) * 1000).toFixed(0)} ms`;
  return [
    `| ${e.name} (${e.nodeCount.toLocaleString("en")} nodes, ${e.edgeCount.toLocaleString("en")} edges) | ${iterations} | ${row("rows")}, ${ms("rows")} (${rowsKernel}) | ${row("rows-js")}, ${ms("rows-js")} | ${row("default")}, ${ms("default")} (${defaultLayout}) | ${row("default-built")}, ${ms("default-built")} | ${(median(builds) * 1000).toFixed(0)} ms | ${same ? "yes" : "**no**"} | ${gsReadsPerEdge.toFixed(1)} | ${row("gauss-seidel")}, ${ms("gauss-seidel")} (${gsKernel}) | ${loadBefore} → ${load()} |`,
  ];
}

/**
 * The row pull (-js: without WebAssembly), pagerank()'s default walk (built in the call, or outside),
 * or the Gauss–Seidel solver.
 */
type Solver = "rows" | "rows-js" | "default" | "default-built" | "gauss-seidel";

/** Whether two rank vectors are equal bit for bit. */
function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const graphs: (() => EdgeArrays)[] = [
  loadEpinions,
  () => syntheticGraph("synthetic-3M", 200_000, 3_000_000, 42),
  ...(quick ? [] : [() => syntheticGraph("synthetic-30M", 2_000_000, 30_000_000, 42)]),
];
console.log(
  `pagerank()'s default power walk: pair segments past ${SEGMENT_WALK_MIN_EDGES.toLocaleString("en")} edges, else rows.`,
);
console.log(
  `PageRank on all edges, damping 0.85: power iteration to an L1 change < 1e-10, Gauss–Seidel to an L1 error bound < 1e-10; ${rounds} interleaved rounds; edges read per CPU second, median (min–max), and the median CPU time of a solve.`,
);
console.log();
console.log(
  "| graph | power iterations | power, rows (kernel) | power, rows in JavaScript | power, default (pagerank's walk, built in the call; layout, kernel) | power, default over its walk built outside | building the default walk (CPU) | default = rows bit for bit | Gauss–Seidel reads per edge | Gauss–Seidel (kernel) | load average (1, 5, 15 min) before → after |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const make of graphs) {
  const rows = measure(make());
  for (const r of rows) console.log(r);
  (globalThis as { gc?: () => void }).gc?.();
}
