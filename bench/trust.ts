/**
 * Trust-engine benchmark (issue: The trust engine). Run: `npx tsx bench/trust.ts` (`-- --quick` for a
 * 3M-edge synthetic graph instead of 30M). Prints the `## Trust engine` section of docs/benchmarks.md.
 *
 * PageRank on the same graphs, in one run, by this engine and by networkx, igraph (Debian packages,
 * installed by `setupPeers` when missing) and graphology-metrics. Every system runs in its own process
 * (so peak RSS is its own), loads the same edge file, and times only its PageRank call (load timed
 * apart), repeated; medians are reported. Same problem for all: damping 0.85, all edges unweighted
 * (signs ignored), dangling mass restarting uniformly, stop when the L1 change between iterates < 1e-10
 * (networkx and graphology take tol = 1e-10/n since they test `err < n·tol`; igraph's PRPACK has this
 * 1e-10 tolerance built in and is a Gauss–Seidel solver, not a power iteration). Ours runs twice, each
 * in its own process: the Gauss–Seidel solver (stops when its L1 error bound < 1e-10) and the power
 * iteration (stops when the L1 change < 1e-10, like networkx and graphology). pagerank()'s default is
 * the first up to 2^24 edges and the second past it (src/trust/rank/default-solver.ts); the row label
 * marks which one the default picks for that graph.
 *
 * Also: a full recompute of Epinions from evidence records (string ids → graph builder → PageRank),
 * EigenTrust, and personalized trust query latency over 1,000 random viewer → subject pairs.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Graph } from "../src/trust/graph/csr.js";
import { createGraphBuilder } from "../src/trust/graph/graph-builder.js";
import { type InAdjacency, inAdjacency } from "../src/trust/graph/in-adjacency.js";
import { defaultSolverFor } from "../src/trust/rank/default-solver.js";
import { eigenTrust } from "../src/trust/rank/eigentrust.js";
import { pagerank } from "../src/trust/rank/pagerank.js";
import { personalizedTrust } from "../src/trust/rank/personalized-trust.js";
import { type PowerIterationResult, powerIterate } from "../src/trust/rank/power-iteration.js";
import { powerWalk } from "../src/trust/rank/power-walk.js";
import { createPushWorkspace, prepareTrustWalk } from "../src/trust/rank/push.js";
import type { SegmentWalk } from "../src/trust/rank/segment-walk.js";
import { solveWalk, type WalkSolver } from "../src/trust/rank/walk-solver.js";
import { residentKernels } from "../src/trust/rank/wasm-adjacency.js";
import { PAIR_SEGMENT_SIZE } from "../src/trust/rank/wasm-pair-kernels.js";

const EPINIONS = fileURLToPath(
  new URL("../../shared/data/signed-networks/soc-sign-epinions.txt.gz", import.meta.url),
);
const PYTHON = "/usr/bin/python3"; // Debian's, where apt installs networkx and igraph
const DAMPING = 0.85;
const TOL = 1e-10;
const MAX_ITER = 1000;
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------
// Edge files: int32 little-endian triples (from, to, sign) for every system but igraph, which reads a
// text edge list with its own C parser (its fastest loader).

export interface EdgeArrays {
  readonly name: string;
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  readonly signs: Int8Array;
}

function writeEdgeFiles(dir: string, g: EdgeArrays): { bin: string; txt: string } {
  const bin = join(dir, `${g.name}.bin`);
  const txt = join(dir, `${g.name}.txt`);
  const chunk = 1 << 20;
  const fb = openSync(bin, "w");
  const ft = openSync(txt, "w");
  const triples = new Int32Array(3 * chunk);
  for (let start = 0; start < g.edgeCount; start += chunk) {
    const end = Math.min(g.edgeCount, start + chunk);
    const lines: string[] = [];
    for (let e = start; e < end; e++) {
      const i = 3 * (e - start);
      triples[i] = g.sources[e] as number;
      triples[i + 1] = g.targets[e] as number;
      triples[i + 2] = g.signs[e] as number;
      lines.push(`${g.sources[e]} ${g.targets[e]}\n`);
    }
    writeSync(fb, triples, 0, 12 * (end - start));
    writeSync(ft, lines.join(""));
  }
  closeSync(fb);
  closeSync(ft);
  return { bin, txt };
}

/**
 * Streams an edge file into CSR by counting sort in two passes (degrees, then placement), so the only
 * memory is the graph itself. Trusted input (written by this bench), but sizes are still checked.
 */
function readCsr(file: string, nodeCount: number, edgeCount: number): Graph {
  const chunkEdges = 1 << 20;
  const buffer = Buffer.alloc(12 * chunkEdges);
  const view = new Int32Array(buffer.buffer, buffer.byteOffset, 3 * chunkEdges);
  const offsets = new Uint32Array(nodeCount + 1);
  const forEachChunk = (visit: (count: number) => void): void => {
    const fd = openSync(file, "r");
    let total = 0;
    for (;;) {
      const bytes = readSync(fd, buffer, 0, buffer.length, null);
      if (bytes === 0) break;
      if (bytes % 12 !== 0) throw new Error(`${file}: torn read of ${bytes} bytes`);
      visit(bytes / 12);
      total += bytes / 12;
    }
    closeSync(fd);
    if (total !== edgeCount) throw new Error(`${file}: ${total} edges, expected ${edgeCount}`);
  };
  forEachChunk((count) => {
    for (let i = 0; i < count; i++) {
      const s = view[3 * i] as number;
      offsets[s + 1] = (offsets[s + 1] as number) + 1;
    }
  });
  for (let u = 0; u < nodeCount; u++)
    offsets[u + 1] = (offsets[u + 1] as number) + (offsets[u] as number);
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Uint32Array(edgeCount);
  const weights = new Float32Array(edgeCount);
  forEachChunk((count) => {
    for (let i = 0; i < count; i++) {
      const s = view[3 * i] as number;
      const at = cursor[s] as number;
      cursor[s] = at + 1;
      targets[at] = view[3 * i + 1] as number;
      weights[at] = view[3 * i + 2] as number;
    }
  });
  return { nodeCount, edgeCount, offsets, targets, weights };
}

// ---------------------------------------------------------------------------------------------------
// Data: Epinions (SNAP) and a seeded synthetic power-law-ish graph.

/**
 * Parses SNAP's `from to sign` lines (`#` comments) from the gzipped file. Limits: node ids must be
 * integers in 0..2^31-1 and signs ±1; anything else is an error (a truncated or foreign file).
 */
export function loadEpinions(): EdgeArrays {
  const bytes = gunzipSync(readFileSync(EPINIONS));
  const sources: number[] = [];
  const targets: number[] = [];
  const signs: number[] = [];
  let maxId = -1;
  let i = 0;
  const readInt = (): number => {
    while (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
    let negative = false;
    if (bytes[i] === 0x2d) {
      negative = true;
      i++;
    }
    const start = i;
    let value = 0;
    while (i < bytes.length && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) {
      value = value * 10 + ((bytes[i] as number) - 0x30);
      i++;
    }
    if (i === start || value > 0x7fffffff) throw new Error(`epinions: bad number at byte ${start}`);
    return negative ? -value : value;
  };
  while (i < bytes.length) {
    if (bytes[i] === 0x23 || bytes[i] === 0x0a || bytes[i] === 0x0d) {
      while (i < bytes.length && bytes[i] !== 0x0a) i++;
      i++;
      continue;
    }
    const from = readInt();
    const to = readInt();
    const sign = readInt();
    if (from < 0 || to < 0 || (sign !== 1 && sign !== -1)) throw new Error(`epinions: bad edge`);
    sources.push(from);
    targets.push(to);
    signs.push(sign);
    maxId = Math.max(maxId, from, to);
    while (i < bytes.length && bytes[i] !== 0x0a) i++;
    i++;
  }
  return {
    name: "epinions",
    nodeCount: maxId + 1,
    edgeCount: sources.length,
    sources: Int32Array.from(sources),
    targets: Int32Array.from(targets),
    signs: Int8Array.from(signs),
  };
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): seeded, uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let k = 0; k < 16; k++) next();
  return next;
}

/**
 * A directed graph with exactly `edgeCount` distinct edges (no self-loops, no parallel edges, so every
 * library sees the same graph): out-degrees Pareto(shape 2), 10% of nodes dangling; targets drawn with
 * density ∝ rank^(−1/2) (node = perm[⌊n·r²⌋]), so in-degrees are heavy-tailed and hubs are scattered
 * over the id space; 15% of edges negative, as in Epinions.
 */
export function syntheticGraph(
  name: string,
  nodeCount: number,
  edgeCount: number,
  seed: number,
): EdgeArrays {
  const random = seededRandom(seed);
  const maxDegree = Math.min(20_000, nodeCount - 1);
  const degrees = new Float64Array(nodeCount);
  let sum = 0;
  for (let u = 0; u < nodeCount; u++) {
    const d = random() < 0.1 ? 0 : 1 / Math.sqrt(1 - random());
    degrees[u] = d;
    sum += d;
  }
  const degree = new Int32Array(nodeCount);
  let total = 0;
  for (let u = 0; u < nodeCount; u++) {
    const scaled = ((degrees[u] as number) * edgeCount) / sum;
    const d = Math.min(maxDegree, Math.floor(scaled + random()));
    degree[u] = d;
    total += d;
  }
  while (total !== edgeCount) {
    const u = Math.floor(random() * nodeCount);
    const d = degree[u] as number;
    if (total < edgeCount && d < maxDegree && d > 0) {
      degree[u] = d + 1;
      total++;
    } else if (total > edgeCount && d > 1) {
      degree[u] = d - 1;
      total--;
    }
  }
  const perm = Int32Array.from({ length: nodeCount }, (_, k) => k);
  for (let k = nodeCount - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    const t = perm[k] as number;
    perm[k] = perm[j] as number;
    perm[j] = t;
  }
  const seenBy = new Int32Array(nodeCount).fill(-1); // last row that drew each target
  const sources = new Int32Array(edgeCount);
  const targets = new Int32Array(edgeCount);
  const signs = new Int8Array(edgeCount);
  let e = 0;
  for (let u = 0; u < nodeCount; u++) {
    for (let k = 0; k < (degree[u] as number); ) {
      const r = random();
      const t = perm[Math.floor(nodeCount * r * r)] as number;
      if (t === u || seenBy[t] === u) continue;
      seenBy[t] = u;
      sources[e] = u;
      targets[e] = t;
      signs[e] = random() < 0.15 ? -1 : 1;
      e++;
      k++;
    }
  }
  return { name, nodeCount, edgeCount, sources, targets, signs };
}

// ---------------------------------------------------------------------------------------------------
// Workers: one process per system and graph.

interface Run {
  readonly wall: number;
  readonly cpu: number;
}

interface WorkerReport {
  readonly system: string;
  readonly version: string;
  readonly loadSeconds: number;
  readonly runs: readonly Run[];
  /** Ours only: iterations (power) or sweeps of the largest component (Gauss–Seidel). */
  readonly iterations?: number;
  /** Ours only: edges read by one solve, and its bound on the L1 distance to the exact PageRank. */
  readonly edgeReads?: number;
  readonly errorBound?: number;
  /** Ours only: one run split into building the transposed CSR and solving. */
  readonly phases?: { readonly build: Run; readonly iterate: Run };
  readonly maxRssKb: number;
  readonly engineBytes?: number;
  readonly ranksFile: string;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function timeRun<T>(f: () => T): { result: T; run: Run } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = f();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  return { result, run: { wall, cpu: cpuSeconds(cpu) } };
}

function writeRanks(file: string, ranks: Float64Array): void {
  const fd = openSync(file, "w");
  writeSync(fd, ranks);
  closeSync(fd);
}

/**
 * Collects the previous run's garbage before the next is timed. Up to MEMORY_REDUCING_EDGES edges, a
 * full synchronous mark-compact; not V8's bare gc(), which is a forced, memory-reducing collection
 * that also throws away optimised code, so every JIT system (ours, graphology) recompiled its functions
 * on a background thread during each timed run (Epinions: 48 recompilations in 40 calls, CPU 20–50 ms
 * above wall per call), which a long-lived process never does between two calls. The plain major
 * collection does not hand the freed pages back to the system, though, so peak RSS then counts two
 * calls' memory (3M edges: 214 against 135 MiB). On the largest graph, where the issue's memory target
 * (< 600 MB at 30M edges) is measured and a call takes seconds, the bare gc() keeps the peak one call's.
 */
const MEMORY_REDUCING_EDGES = 2 ** 24;

function collectGarbage(edgeCount: number): void {
  const gc = (globalThis as { gc?: (options?: { type: "major"; execution: "sync" }) => void }).gc;
  if (edgeCount > MEMORY_REDUCING_EDGES) gc?.();
  else gc?.({ type: "major", execution: "sync" });
}

function oursWorker(
  solver: WalkSolver,
  bin: string,
  n: number,
  m: number,
  repeats: number,
  out: string,
): WorkerReport {
  const load = timeRun(() => readCsr(bin, n, m));
  const graph = load.result;
  const options = { damping: DAMPING, tol: TOL, maxIter: MAX_ITER, solver };
  const runs: Run[] = [];
  let last: ReturnType<typeof pagerank> | undefined;
  for (let r = 0; r < repeats; r++) {
    collectGarbage(m);
    const t = timeRun(() => pagerank(graph, options));
    runs.push(t.run);
    last = t.result;
  }
  const result = last as ReturnType<typeof pagerank>;
  writeRanks(out, result.ranks);
  // One more run split into pagerank()'s two steps: the walk as pagerank() builds it for this solver
  // (power: powerWalk, pair segments built from the graph past SEGMENT_WALK_MIN_EDGES, else the
  // transposed CSR, in the kernels' memory past 2^24 edges), then the solver.
  collectGarbage(m);
  const build = timeRun(() => (solver === "power" ? powerWalk(graph, {}) : inAdjacency(graph)));
  const walk = build.result;
  const iterate = timeRun(() =>
    "kind" in walk ? powerIterate(walk, options) : solveWalk(walk, options, solver),
  );
  const graphBytes = graph.offsets.byteLength + graph.targets.byteLength + graph.weights.byteLength;
  const engineBytes =
    graphBytes +
    ("kind" in walk
      ? segmentWalkBytes(walk)
      : adjacencyEngineBytes(walk, solver, n, m, iterate.result));
  return {
    system: solver === "power" ? "fabrique-power" : "fabrique",
    version: `fabrique src/trust/rank/pagerank.ts, solver: ${solver}${solver === defaultSolverFor(graph) ? " (default)" : ""}`,
    loadSeconds: load.run.wall,
    runs,
    iterations: result.iterations,
    edgeReads: result.edgeReads,
    errorBound: result.errorBound,
    phases: { build: build.run, iterate: iterate.run },
    maxRssKb: process.resourceUsage().maxRSS,
    engineBytes,
    ranksFile: out,
  };
}

/**
 * Bytes of the pair segments' memory (segment-walk.ts): starts, one word per entry (edges and gap
 * fillers), the one-segment workspace, scale, x, y and the pairs (Float64; their temporaries use the
 * same room during the build), the dangling list and the ranks copied out.
 */
function segmentWalkBytes(walk: SegmentWalk): number {
  const n = walk.nodeCount;
  const segments = Math.max(1, Math.ceil(n / PAIR_SEGMENT_SIZE));
  return (
    4 * (segments + 1) +
    4 * walk.edgeCount +
    8 * (PAIR_SEGMENT_SIZE + 1) +
    5 * 8 * n +
    walk.danglingNodes.byteLength +
    8 * n
  );
}

/** Bytes of the transposed CSR and the solver's arrays (the row pull or Gauss–Seidel). */
function adjacencyEngineBytes(
  adj: InAdjacency,
  solver: WalkSolver,
  n: number,
  m: number,
  result: PowerIterationResult,
): number {
  // in-adjacency (offsets, sources, outWeight), then the solver's own arrays: power: scale, x, y,
  // nextY (Float64) + dangling list; Gauss–Seidel: invOut, x, y, dx (Float64) + component order and
  // bounds (Tarjan's temporaries borrow x, y and dx, so add nothing).
  const adjacencyBytes = 4 * (n + 1) + 4 * m + 8 * n;
  // The WebAssembly kernels (wasm-kernels.ts) copy offsets and sources (and Gauss–Seidel's component
  // order) into their memory, where the solver's vectors live, unless the adjacency was built there
  // (wasm-adjacency.ts, past 2^24 edges); the ranks are copied out.
  const copied = residentKernels(adj) === undefined ? 4 * (n + 1 + m) : 0;
  const wasmBytes =
    result.kernel === "wasm" ? copied + 8 * n + (solver === "power" ? 0 : 4 * n) : 0;
  const solverBytes = (solver === "power" ? 4 * 8 * n + 4 * n : 4 * 8 * n + 2 * 4 * n) + wasmBytes;
  return adjacencyBytes + solverBytes;
}

async function graphologyWorker(
  bin: string,
  n: number,
  m: number,
  repeats: number,
  out: string,
): Promise<WorkerReport> {
  const { DirectedGraph } = await import("graphology");
  const metric = await import("graphology-metrics/centrality/pagerank.js");
  // A CommonJS module: at run time its module.exports (the function) is the namespace's default.
  const graphologyPagerank = metric.default as unknown as typeof metric.default.default;
  const load = timeRun(() => {
    const csr = readCsr(bin, n, m);
    const g = new DirectedGraph();
    for (let u = 0; u < n; u++) g.addNode(u);
    for (let u = 0; u < n; u++) {
      for (let e = csr.offsets[u] as number; e < (csr.offsets[u + 1] as number); e++) {
        g.addEdge(u, csr.targets[e] as number);
      }
    }
    return g;
  });
  const g = load.result;
  const runs: Run[] = [];
  let ranks: Record<string, number> = {};
  for (let r = 0; r < repeats; r++) {
    collectGarbage(m);
    const t = timeRun(() =>
      graphologyPagerank(g, {
        alpha: DAMPING,
        tolerance: TOL / n,
        maxIterations: MAX_ITER,
        getEdgeWeight: null,
      }),
    );
    runs.push(t.run);
    ranks = t.result;
  }
  writeRanks(
    out,
    Float64Array.from({ length: n }, (_, u) => ranks[String(u)] as number),
  );
  const version = (pkg: string): string =>
    JSON.parse(readFileSync(join(process.cwd(), "node_modules", pkg, "package.json"), "utf8"))
      .version;
  return {
    system: "graphology",
    version: `graphology ${version("graphology")}, graphology-metrics ${version("graphology-metrics")}`,
    loadSeconds: load.run.wall,
    runs,
    maxRssKb: process.resourceUsage().maxRSS,
    ranksFile: out,
  };
}

const PYTHON_WORKER = `
import json, resource, sys, time
import numpy as np
lib, bin_file, txt_file, n, m, repeats, out, tol = sys.argv[1:9]
n, m, repeats, tol = int(n), int(m), int(repeats), float(tol)

def timed(f):
    w, c = time.perf_counter(), time.process_time()
    r = f()
    return r, {"wall": time.perf_counter() - w, "cpu": time.process_time() - c}

if lib == "networkx":
    import networkx as nx, scipy
    def load():
        a = np.fromfile(bin_file, dtype="<i4").reshape(-1, 3)
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from(zip(a[:, 0].tolist(), a[:, 1].tolist()))
        return g
    g, load_t = timed(load)
    assert g.number_of_edges() == m, g.number_of_edges()
    # networkx stops when sum|x - x_last| < n * tol: tol/n gives the shared L1 < tol.
    run = lambda: nx.pagerank(g, alpha=0.85, tol=tol / n, max_iter=1000)
    to_array = lambda pr: np.array([pr[i] for i in range(n)], dtype=np.float64)
    version = "networkx %s (pagerank_scipy), scipy %s" % (nx.__version__, scipy.__version__)
else:
    import igraph as ig
    def load():
        g = ig.Graph.Read_Edgelist(txt_file, directed=True)
        if g.vcount() < n:
            g.add_vertices(n - g.vcount())
        return g
    g, load_t = timed(load)
    assert g.ecount() == m and g.vcount() == n
    # PRPACK (igraph's default): Gauss-Seidel with its built-in tolerance 1e-10.
    run = lambda: g.pagerank(damping=0.85, directed=True, implementation="prpack")
    to_array = lambda pr: np.array(pr, dtype=np.float64)
    version = "python-igraph %s (PRPACK)" % ig.__version__
runs = []
for _ in range(repeats):
    pr, t = timed(run)
    runs.append(t)
to_array(pr).tofile(out)
print(json.dumps({"system": lib, "version": version, "loadSeconds": load_t["wall"], "runs": runs,
                  "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ranksFile": out}))
`;

function runPython(
  lib: "networkx" | "igraph",
  files: { bin: string; txt: string },
  g: EdgeArrays,
  repeats: number,
  dir: string,
): WorkerReport {
  const script = join(dir, "pagerank_peer.py");
  const fd = openSync(script, "w");
  writeSync(fd, PYTHON_WORKER);
  closeSync(fd);
  const out = join(dir, `${g.name}.${lib}.ranks`);
  const timeFile = join(dir, `${g.name}.${lib}.time`);
  const args = [lib, files.bin, files.txt, g.nodeCount, g.edgeCount, repeats, out, TOL].map(String);
  const result = spawnSync("/usr/bin/time", ["-f", "%M", "-o", timeFile, PYTHON, script, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`${lib} on ${g.name} failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as WorkerReport;
  const peak = Number.parseInt(
    readFileSync(timeFile, "utf8").trim().split("\n").at(-1) as string,
    10,
  );
  return { ...report, maxRssKb: Math.max(report.maxRssKb, peak) };
}

/**
 * Runs a Node worker under /usr/bin/time, whose %M is the worker's own peak RSS (a child forked from this
 * large process would otherwise inherit its high-water mark in getrusage).
 */
function runNodeWorker(
  system: "fabrique" | "fabrique-power" | "graphology",
  files: { bin: string },
  g: EdgeArrays,
  repeats: number,
  dir: string,
  heapMb = 4096,
): WorkerReport {
  const out = join(dir, `${g.name}.${system}.ranks`);
  const timeFile = join(dir, `${g.name}.${system}.time`);
  const args = [
    ...process.execArgv,
    "--expose-gc",
    `--max-old-space-size=${heapMb}`,
    SELF,
    "--worker",
    system,
    files.bin,
    String(g.nodeCount),
    String(g.edgeCount),
    String(repeats),
    out,
  ];
  const result = spawnSync(
    "/usr/bin/time",
    ["-f", "%M", "-o", timeFile, process.execPath, ...args],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  if (result.status !== 0) throw new Error(`${system} on ${g.name} failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as WorkerReport;
  const peak = Number.parseInt(
    readFileSync(timeFile, "utf8").trim().split("\n").at(-1) as string,
    10,
  );
  return { ...report, maxRssKb: peak };
}

// ---------------------------------------------------------------------------------------------------
// Set-up of the Python peers.

function setupPeers(): void {
  const probe = () =>
    spawnSync(PYTHON, ["-c", "import networkx, igraph, scipy, numpy"], { encoding: "utf8" });
  if (probe().status === 0) return;
  console.error("installing python3-networkx python3-igraph python3-scipy with apt-get …");
  spawnSync("apt-get", ["update"], { stdio: "inherit" });
  const install = spawnSync(
    "apt-get",
    ["install", "-y", "python3-networkx", "python3-igraph", "python3-scipy", "python3-numpy"],
    { stdio: "inherit" },
  );
  if (install.status !== 0 || probe().status !== 0) {
    throw new Error("could not install the Python peers (networkx, igraph): see apt-get output");
  }
}

// ---------------------------------------------------------------------------------------------------
// Reporting.

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (x: number, digits = 0): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (x: number): string => (x < 1 ? `${fmt(x * 1000, 1)} ms` : `${fmt(x, 2)} s`);
const mib = (kb: number): string => `${fmt(kb / 1024)} MiB`;

function readRanks(file: string): Float64Array {
  const b = readFileSync(file);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
}

function l1(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s;
}

function pagerankTable(
  g: EdgeArrays,
  reports: readonly WorkerReport[],
  skipped: string[],
): string[] {
  const ours = reports.find((r) => r.system === "fabrique") as WorkerReport;
  const power = reports.find((r) => r.system === "fabrique-power");
  const igraph = reports.find((r) => r.system === "igraph");
  const ourRanks = readRanks(ours.ranksFile);
  const igraphRanks = igraph === undefined ? undefined : readRanks(igraph.ranksFile);
  // networkx and graphology run the power iteration from the same start with the same stopping rule as
  // our power solver, so they take its iteration count; PRPACK does not report its sweeps.
  const powerIterations = power?.iterations;
  // The peers are compared with the solver pagerank() picks by default for this graph (default-solver.ts:
  // Gauss–Seidel up to 2^24 kept edges, power past it), the row marked "(default)".
  const byDefault = reports.find((r) => r.version.endsWith("(default)")) ?? ours;
  const oursCpu = median(byDefault.runs.map((r) => r.cpu));
  const oursWall = median(byDefault.runs.map((r) => r.wall));
  const lines = [
    `**${g.name}** (${fmt(g.nodeCount)} nodes, ${fmt(g.edgeCount)} edges). Ours: Gauss–Seidel ${ours.iterations} sweeps of the largest component, ${fmt((ours.edgeReads as number) / g.edgeCount, 1)} edge reads per edge, error bound ${(ours.errorBound as number).toExponential(1)}${power === undefined ? "" : `; power iteration ${power.iterations} iterations, error bound ${(power.errorBound as number).toExponential(1)}`}.`,
    "",
    "| system (runs) | load | PageRank call, wall: median (min–max) | CPU (median) | edge reads per edge | edges/s per core (whole call) | peak RSS | ours (default solver) faster by (CPU; wall) | L1 distance to ours | L1 distance to igraph |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of reports) {
    const cpu = median(r.runs.map((x) => x.cpu));
    const walls = r.runs.map((x) => x.wall);
    const wall = median(walls);
    const reads =
      r.edgeReads ??
      (r.system === "igraph" || powerIterations === undefined
        ? undefined
        : g.edgeCount * powerIterations);
    const perEdge = reads === undefined ? "n/a" : fmt(reads / g.edgeCount, 1);
    const rate = reads === undefined ? "n/a" : `${fmt(reads / cpu / 1e6)}M`;
    const ranks = readRanks(r.ranksFile);
    const diff = r.system === "fabrique" ? "—" : l1(ourRanks, ranks).toExponential(1);
    const toIgraph =
      igraphRanks === undefined || r.system === "igraph"
        ? "—"
        : l1(igraphRanks, ranks).toExponential(1);
    const ratio = r === byDefault ? "—" : `${fmt(cpu / oursCpu, 1)}× ; ${fmt(wall / oursWall, 1)}×`;
    const memory =
      r.engineBytes === undefined
        ? mib(r.maxRssKb)
        : `${mib(r.maxRssKb)} (engine ${mib(r.engineBytes / 1024)})`;
    lines.push(
      `| ${r.version} (${r.runs.length}) | ${seconds(r.loadSeconds)} | ${seconds(wall)} (${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}) | ${seconds(cpu)} | ${perEdge} | ${rate} | ${memory} | ${ratio} | ${diff} | ${toIgraph} |`,
    );
  }
  for (const s of skipped) lines.push(`| ${s} | | | | | | | | | |`);
  if (igraphRanks !== undefined) {
    // PRPACK stops when its residual over (1 − α) is below 1e-10 per component share: an L1 error of
    // about 1e-10 before normalising, at most twice that after. Ours states its own bound.
    const tolerance = (ours.errorBound as number) + 2 * TOL;
    const distance = l1(ourRanks, igraphRanks);
    lines.push(
      "",
      `Agreement with igraph: L1 distance ${distance.toExponential(1)}, ${distance <= tolerance ? "within" : "**outside**"} the stated tolerance ${tolerance.toExponential(1)} (our error bound + 2 × 1e-10 for PRPACK's).`,
    );
  }
  for (const r of [ours, power]) {
    const phases = r?.phases;
    if (r === undefined || phases === undefined) continue;
    const reads = r.edgeReads as number;
    lines.push(
      "",
      `${r.system === "fabrique" ? "Gauss–Seidel" : "Power iteration"}, one more run split in its two steps: ${r.system === "fabrique" ? "transposed CSR" : "the walk (power-walk.ts: pair segments past SEGMENT_WALK_MIN_EDGES edges)"} ${seconds(phases.build.wall)} (CPU ${seconds(phases.build.cpu)}), solve ${seconds(phases.iterate.wall)} (CPU ${seconds(phases.iterate.cpu)}; ${r.system === "fabrique" ? `${r.iterations} sweeps of the largest component` : `${r.iterations} iterations`}, ${fmt(reads / g.edgeCount, 1)} reads per edge): **${fmt(reads / phases.iterate.cpu / 1e6)}M edges/s per core** over the edges it read.`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// In-process measures on Epinions: full recompute, EigenTrust, personalized trust latency.

function epinionsEngine(g: EdgeArrays): string[] {
  const records = Array.from({ length: g.edgeCount }, (_, e) => ({
    kind: "rating" as const,
    from: String(g.sources[e]),
    to: String(g.targets[e]),
    weight: g.signs[e] as number,
    time: e,
  }));
  const recomputes: Run[] = [];
  const builds: Run[] = [];
  let graph: Graph | undefined;
  let iterations = 0;
  let reads = 0;
  for (let r = 0; r < 5; r++) {
    collectGarbage(g.edgeCount);
    const total = timeRun(() => {
      const b = timeRun(() => {
        const builder = createGraphBuilder();
        for (const record of records) builder.add(record);
        return builder.build();
      });
      builds.push(b.run);
      graph = b.result.graph;
      return pagerank(b.result.graph, { damping: DAMPING, tol: TOL, positiveOnly: true });
    });
    iterations = total.result.iterations;
    reads = total.result.edgeReads;
    recomputes.push(total.run);
  }
  const built = graph as Graph;
  const random = seededRandom(7);
  const seeds = Array.from({ length: 10 }, () => Math.floor(random() * built.nodeCount));
  const trustRuns = Array.from({ length: 5 }, () =>
    timeRun(() => eigenTrust(built, { seeds, restart: 0.15, tol: TOL })),
  );
  const trust = (trustRuns[0] as { result: ReturnType<typeof eigenTrust> }).result;
  const queries = queryLatencies(built, random);
  const spread = (runs: readonly Run[]): string =>
    `${seconds(median(runs.map((r) => r.wall)))} (${seconds(Math.min(...runs.map((r) => r.wall)))}–${seconds(Math.max(...runs.map((r) => r.wall)))}; CPU ${seconds(median(runs.map((r) => r.cpu)))})`;
  return [
    "| measure | result: median of 5 (min–max; CPU) | target |",
    "|---|---|---|",
    `| full recompute of Epinions: ${fmt(g.edgeCount)} rating records (string ids) → graph builder → PageRank on positive edges, Gauss–Seidel, L1 error bound < 1e-10 (${iterations} sweeps of the largest component, ${fmt(reads / 1e6, 1)}M edge reads) | ${spread(recomputes)} | < 1 s |`,
    `| of which the graph builder (id table + counting sort) | ${spread(builds)} | |`,
    `| EigenTrust on Epinions, 10 random seeds, a = 0.15, Gauss–Seidel, L1 error bound < 1e-10 (${trust.iterations} sweeps of the largest component, ${fmt(trust.edgeReads / 1e6, 1)}M edge reads) | ${spread(trustRuns.map((r) => r.run))} | |`,
    ...queries,
  ];
}

/**
 * Personalized trust latency on two sets of 1,000 viewer → subject pairs (after 200 warm-up queries):
 * uniformly random pairs (viewer trusts someone, subject was rated by someone), mostly unrelated in a
 * 131k-node graph; and related pairs, the subject reached by 2–3 random positive hops from the viewer,
 * where a score and paths exist and the path search does real work.
 */
function queryLatencies(graph: Graph, random: () => number): string[] {
  const walk = prepareTrustWalk(graph);
  const workspace = createPushWorkspace(graph.nodeCount);
  const viewers: number[] = [];
  const subjects: number[] = [];
  const hasIn = new Uint8Array(graph.nodeCount);
  for (const t of graph.targets) hasIn[t] = 1;
  for (let u = 0; u < graph.nodeCount; u++) {
    if ((walk.positiveOutWeight[u] as number) > 0) viewers.push(u);
    if (hasIn[u] === 1) subjects.push(u);
  }
  const pick = (xs: readonly number[]) => xs[Math.floor(random() * xs.length)] as number;
  const positiveHop = (u: number): number | undefined => {
    const next: number[] = [];
    for (let e = graph.offsets[u] as number; e < (graph.offsets[u + 1] as number); e++) {
      if ((graph.weights[e] as number) > 0) next.push(graph.targets[e] as number);
    }
    return next.length === 0 ? undefined : pick(next);
  };
  const randomPair = (): [number, number] => [pick(viewers), pick(subjects)];
  const relatedPair = (): [number, number] => {
    for (;;) {
      const viewer = pick(viewers);
      let at: number | undefined = viewer;
      const hops = 2 + Math.floor(random() * 2);
      for (let h = 0; h < hops && at !== undefined; h++) at = positiveHop(at);
      if (at !== undefined && at !== viewer) return [viewer, at];
    }
  };
  const rows: string[] = [];
  for (const [label, pair, epsilon] of [
    ["random", randomPair, 1e-4],
    ["related (2–3 hops)", relatedPair, 1e-4],
    ["random", randomPair, 1e-5],
  ] as const) {
    for (let q = 0; q < 200; q++) personalizedTrust(walk, ...pair(), { epsilon }, workspace);
    const latencies: number[] = [];
    const cpuTimes: number[] = [];
    let reads = 0;
    let maxReads = 0;
    let nonZero = 0;
    let withPath = 0;
    for (let q = 0; q < 1000; q++) {
      const [viewer, subject] = pair();
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const t = personalizedTrust(walk, viewer, subject, { epsilon }, workspace);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      cpuTimes.push(cpuSeconds(cpu) * 1000);
      reads += t.edgeReads;
      maxReads = Math.max(maxReads, t.edgeReads);
      if (t.score > 0) nonZero++;
      if (t.paths.length > 0) withPath++;
    }
    const percentiles = (xs: number[]): string => {
      xs.sort((a, b) => a - b);
      const at = (p: number) => fmt(xs[Math.floor(p * xs.length)] as number, 2);
      return `${at(0.5)} / ${at(0.99)} / ${fmt(xs.at(-1) as number, 2)} ms`;
    };
    rows.push(
      `| personalized trust, 1,000 ${label} pairs, α = 0.15, ε = ${epsilon} (≤ 3 paths of ≤ 4 hops): p50 / p99 / max wall (and CPU); edges read mean / max (bound 1/(α·ε) = ${fmt(1 / (0.15 * epsilon))}); non-zero scores, with a path | ${percentiles(latencies)} (CPU ${percentiles(cpuTimes)}); ${fmt(reads / 1000)} / ${fmt(maxReads)}; ${nonZero}, ${withPath} | p99 < 20 ms |`,
    );
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------

async function worker(argv: readonly string[]): Promise<void> {
  const [system, bin, n, m, repeats, out] = argv;
  const args = [bin as string, Number(n), Number(m), Number(repeats), out as string] as const;
  const report =
    system === "fabrique"
      ? oursWorker("gauss-seidel", ...args)
      : system === "fabrique-power"
        ? oursWorker("power", ...args)
        : await graphologyWorker(...args);
  console.log(JSON.stringify(report));
}

async function main(): Promise<void> {
  const smoke = process.argv.includes("--smoke"); // a pipeline check in seconds, not a benchmark
  const quick = smoke || process.argv.includes("--quick");
  const heavyPeersOnLarge = !process.argv.includes("--no-heavy-peers");
  setupPeers();
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "fabrique-trust-bench-"));
  try {
    const parse = timeRun(loadEpinions);
    const epinions = parse.result;
    const engine = epinionsEngine(epinions);
    const medium = smoke
      ? syntheticGraph("synthetic-20k", 2_000, 20_000, 42)
      : syntheticGraph("synthetic-3M", 200_000, 3_000_000, 42);
    const large = quick ? undefined : syntheticGraph("synthetic-30M", 2_000_000, 30_000_000, 42);
    const sections: string[][] = [];
    const previous = new Map<string, WorkerReport>(); // the medium graph's runs, to size the large ones
    for (const g of [epinions, medium, large]) {
      if (g === undefined) continue;
      const files = writeEdgeFiles(dir, g);
      const isLarge = g === large;
      const repeats = isLarge ? 3 : 5;
      const reports = [
        runNodeWorker("fabrique", files, g, repeats, dir),
        runNodeWorker("fabrique-power", files, g, repeats, dir),
      ];
      reports.push(runPython("igraph", files, g, repeats, dir));
      const skipped: string[] = [];
      for (const peer of ["networkx", "graphology"] as const) {
        // networkx and graphology hold ~400 B per edge: at 30M edges, one run each, and only when
        // their memory (scaled from the 3M-edge run) fits comfortably in what is free.
        const small = previous.get(peer);
        const estimateKb =
          small === undefined
            ? 0
            : (small.maxRssKb * g.edgeCount) / (g === large ? medium.edgeCount : 1);
        const freeKb = freemem() / 1024;
        if (isLarge && (!heavyPeersOnLarge || estimateKb > 0.7 * freeKb)) {
          skipped.push(
            `${peer}: not run (estimated peak ${mib(estimateKb)} from the 3M-edge run; ${mib(freeKb)} free${heavyPeersOnLarge ? "" : "; --no-heavy-peers"})`,
          );
          continue;
        }
        const runs = isLarge ? 1 : 3;
        const heapMb = Math.max(4096, Math.ceil((1.5 * estimateKb) / 1024));
        let report: WorkerReport;
        try {
          report =
            peer === "networkx"
              ? runPython(peer, files, g, runs, dir)
              : runNodeWorker(peer, files, g, runs, dir, heapMb);
        } catch (error) {
          // A peer that fails (out of memory, killed) is reported as such instead of losing the run.
          const reason =
            String(error)
              .match(/\w*Error: [^\n]*/g)
              ?.at(-1) ?? String(error).slice(0, 120);
          skipped.push(`${peer}: failed (${reason || "no message: killed?"})`);
          continue;
        }
        reports.push(report);
        if (g === medium) previous.set(peer, report);
      }
      sections.push(pagerankTable(g, reports, skipped));
      rmSync(files.bin);
      rmSync(files.txt);
    }
    const loadAfter = loadavg();
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(" / ");
    console.log("## Trust engine (`bench/trust.ts`)\n");
    console.log(
      "Reproduce: `npx tsx bench/trust.ts` (`-- --quick` skips the 30M-edge graph; `-- --no-heavy-peers` keeps networkx and graphology off it).",
    );
    console.log(
      `Machine: ${cpus().length} × ${cpu}, ${mib(totalmem() / 1024)}, Node ${process.version}; load average (1 / 5 / 15 min) ${load(loadBefore)} at the start, ${load(loadAfter)} at the end. Epinions gunzip + parse: ${seconds(parse.run.wall)}.\n`,
    );
    console.log(engine.join("\n"));
    for (const s of sections) console.log(`\n${s.join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const workerAt = process.argv.indexOf("--worker");
  if (workerAt >= 0) await worker(process.argv.slice(workerAt + 1));
  else await main();
}
