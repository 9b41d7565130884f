/**
 * The cache-blocked pull (src/trust/rank/segmented-pull.ts) against the plain row pull (inSum), on
 * graphs of several segments, with parallel edges, gaps and runs longer than its 16-bit fields; and
 * the power iteration with either layout reaching the same ranks.
 */

import { describe, expect, it } from "vitest";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { inSum } from "../../../src/trust/rank/in-sum.js";
import { powerIterate } from "../../../src/trust/rank/power-iteration.js";
import { SEGMENT_SIZE, segmentedPull, segmentIn } from "../../../src/trust/rank/segmented-pull.js";
import { residentKernels, walkAdjacency } from "../../../src/trust/rank/wasm-adjacency.js";
import { type WasmSegmented, wasmSegmentIn } from "../../../src/trust/rank/wasm-segments.js";
import { random } from "./reference.js";

function graph(n: number, edges: readonly (readonly [number, number])[]): Graph {
  return buildGraph(n, {
    count: edges.length,
    sources: Uint32Array.from(edges, ([u]) => u),
    targets: Uint32Array.from(edges, ([, v]) => v),
    weights: new Float32Array(edges.length).fill(1),
  });
}

function randomGraph(n: number, m: number, seed: number): Graph {
  const r = random(seed);
  const edges: [number, number][] = [];
  for (let k = 0; k < m; k++) {
    // Skewed targets and sources, parallel edges allowed.
    edges.push([Math.floor(n * r() * r()), Math.floor(n * r())]);
  }
  return graph(n, edges);
}

function expectSamePull(g: Graph): void {
  const adj = inAdjacency(g);
  const seg = segmentIn(adj.offsets, adj.sources, adj.nodeCount);
  const r = random(7);
  const y = Float64Array.from({ length: g.nodeCount }, () => r());
  const out = new Float64Array(g.nodeCount).fill(Number.NaN);
  segmentedPull(seg, y, out);
  // The WebAssembly kernel over the same entries: the same sums bit for bit, its memory reused; and
  // over the adjacency built in the kernels' memory, the entries built there by segmentEntries.
  const resident = walkAdjacency(g, {}, -1);
  expect(residentKernels(resident)).toBeDefined();
  for (const from of [adj, adj, resident, resident]) {
    const inWasm = wasmSegmentIn(from, false) as WasmSegmented;
    expect(inWasm.rows === undefined).toBe(from === adj);
    inWasm.y.set(y);
    inWasm.nextY.fill(Number.NaN);
    inWasm.pull(inWasm.y, inWasm.nextY);
    expect(firstDifference(inWasm.nextY, out)).toBe(-1);
    inWasm.nextY.set(y);
    inWasm.pull(inWasm.nextY, inWasm.y);
    expect(firstDifference(inWasm.y, out)).toBe(-1);
  }
  for (let v = 0; v < g.nodeCount; v++) {
    const plain = inSum(adj.sources, y, adj.offsets[v] as number, adj.offsets[v + 1] as number);
    expect(Math.abs((out[v] as number) - plain)).toBeLessThanOrEqual(1e-12 * Math.max(1, plain));
  }
  let edges = 0;
  for (let p = 0; p < seg.sources.length; p++) if (seg.sources[p] !== SEGMENT_SIZE) edges++;
  expect(edges).toBe(adj.edgeCount);
}

/** The first index where a and b differ (Object.is: bit for bit up to NaN's payload), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function l1(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s;
}

describe("segmentedPull", () => {
  it("gives every node the plain pull over several segments, parallel edges included", () => {
    const n = 5 * SEGMENT_SIZE + 123;
    expectSamePull(randomGraph(n, 400_000, 1));
  });

  it("bridges target gaps longer than 16 bits, with parallel edges and segment edges", () => {
    const n = 3 * SEGMENT_SIZE;
    const edges: [number, number][] = [
      [5, 0], // segment 0's first entry at target 0
      [7, n - 1], // then a gap of n - 1 > 65,535 in segment 0: two fillers
      [2 * SEGMENT_SIZE + 3, n - 2], // segment 2 starts far from 0
      [SEGMENT_SIZE - 1, 4], // the last node of segment 0 and the first of segment 1
      [SEGMENT_SIZE, 4],
      [n - 1, 4], // the last node of the last segment
    ];
    for (let k = 0; k < 70_000; k++) edges.push([9, 1000]); // 70,000 parallel edges
    const g = graph(n, edges);
    expectSamePull(g);
    const seg = segmentIn(inAdjacency(g).offsets, inAdjacency(g).sources, n);
    expect(seg.segmentCount).toBe(3);
    expect(seg.sources.length).toBeGreaterThan(inAdjacency(g).edgeCount); // the fillers
  });

  it("handles a graph with no edges and one smaller than a segment", () => {
    expectSamePull(graph(1, []));
    expectSamePull(randomGraph(1000, 5000, 3));
  });
});

describe("powerIterate layouts", () => {
  const n = 4 * SEGMENT_SIZE + 1000;
  const g = randomGraph(n, 1_500_000, 2);
  const adj = inAdjacency(g);
  const options = { damping: 0.85, tol: 1e-14, maxIter: 1000 };

  it("pulls by rows unless asked, and reaches the same ranks either way", () => {
    const rows = powerIterate(adj, options);
    const segments = powerIterate(adj, { ...options, layout: "segments" });
    expect(segments.layout).toBe("segments");
    expect(rows.layout).toBe("rows");
    expect(segments.converged).toBe(true);
    expect(l1(rows.ranks, segments.ranks)).toBeLessThan(1e-12);
    const small = inAdjacency(randomGraph(1000, 5000, 4));
    const smallRows = powerIterate(small, options);
    const smallSegments = powerIterate(small, { ...options, layout: "segments" });
    expect(smallSegments.layout).toBe("segments");
    expect(l1(smallRows.ranks, smallSegments.ranks)).toBeLessThan(1e-12);
  });

  it("agrees with a given restart distribution, and weighted walks keep rows", () => {
    const restart = new Float64Array(n);
    for (let v = 0; v < n; v += 97) restart[v] = 1;
    const total = restart.reduce((a, b) => a + b, 0);
    for (let v = 0; v < n; v++) restart[v] = (restart[v] as number) / total;
    const rows = powerIterate(adj, { ...options, restart, layout: "rows" });
    const segments = powerIterate(adj, { ...options, restart, layout: "segments" });
    expect(l1(rows.ranks, segments.ranks)).toBeLessThan(1e-12);
    const weighted = inAdjacency(randomGraph(2000, 8000, 5), { weighted: true });
    expect(powerIterate(weighted, { ...options, layout: "segments" }).layout).toBe("rows");
  });

  it("gives the JavaScript segments' ranks bit for bit in WebAssembly, capped or converged", () => {
    const restart = new Float64Array(n);
    for (let v = 0; v < n; v += 89) restart[v] = 1 / Math.ceil(n / 89);
    // Over a copy of the entries, and built in the memory holding the adjacency.
    const resident = walkAdjacency(g, {}, -1);
    for (const [from, given, maxIter] of [
      [adj, undefined, 1],
      [adj, undefined, 2],
      [adj, restart, 3],
      [adj, undefined, 1000],
      [adj, restart, 1000],
      [resident, undefined, 1],
      [resident, restart, 9],
      [resident, undefined, 1000],
      [resident, restart, 1000],
    ] as const) {
      const segments = { ...options, maxIter, layout: "segments" } as const;
      const asked = given === undefined ? segments : { ...segments, restart: given };
      const wasm = powerIterate(from, asked);
      const js = powerIterate(from, { ...asked, wasm: false });
      expect(wasm.kernel).toBe("wasm");
      expect(js.kernel).toBe("js");
      expect(wasm.iterations).toBe(js.iterations);
      expect(wasm.delta).toBe(js.delta);
      expect(firstDifference(wasm.ranks, js.ranks)).toBe(-1);
    }
    expect(firstDifference(resident.sources, adj.sources)).toBe(-1); // left untouched
  });

  it("refuses an unknown layout", () => {
    expect(() => powerIterate(adj, { ...options, layout: "columns" as "rows" })).toThrow(
      RangeError,
    );
  });
});
