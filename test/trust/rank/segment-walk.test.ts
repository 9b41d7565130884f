/**
 * The pair segments built straight from the graph (src/trust/rank/segment-walk.ts) against the row
 * pull over the transposed CSR, at tolerance 0: the same ranks bit for bit, the same iterations, the
 * same last change. Graphs of several segments with parallel edges, target gaps past the entries'
 * 15 bits, rows longer than the build's stage, a segment whose split words outgrow their room,
 * positive-only filtering, a restart distribution and capped runs (every check mode); and
 * pagerank()'s power solver on a graph just past SEGMENT_WALK_MIN_EDGES, where it switches to the
 * segments.
 */

import { describe, expect, it } from "vitest";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { pagerank } from "../../../src/trust/rank/pagerank.js";
import {
  type PowerIterationOptions,
  type PowerIterationResult,
  powerIterate,
} from "../../../src/trust/rank/power-iteration.js";
import { powerWalk, SEGMENT_WALK_MIN_EDGES } from "../../../src/trust/rank/power-walk.js";
import { segmentWalk } from "../../../src/trust/rank/segment-walk.js";
import { PAIR_SEGMENT_SIZE as SEGMENT_SIZE } from "../../../src/trust/rank/wasm-pair-kernels.js";
import { random } from "./reference.js";

function graph(n: number, edges: readonly (readonly [number, number, number?])[]): Graph {
  return buildGraph(n, {
    count: edges.length,
    sources: Uint32Array.from(edges, ([u]) => u),
    targets: Uint32Array.from(edges, ([, v]) => v),
    weights: Float32Array.from(edges, ([, , w]) => w ?? 1),
  });
}

/** Skewed targets, uniform sources, parallel edges allowed, a fifth of the edges negative. */
function randomGraph(n: number, m: number, seed: number): Graph {
  const r = random(seed);
  const edges: [number, number, number][] = [];
  for (let k = 0; k < m; k++) {
    edges.push([Math.floor(n * r()), Math.floor(n * r() * r()), r() < 0.2 ? -1 : 1]);
  }
  return graph(n, edges);
}

/** The first index where a and b differ (Object.is: bit for bit), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectIdentical(segments: PowerIterationResult, rows: PowerIterationResult): void {
  expect(segments.layout).toBe("segments");
  expect(rows.layout).toBe("rows");
  expect(firstDifference(segments.ranks, rows.ranks)).toBe(-1);
  expect(segments.iterations).toBe(rows.iterations);
  expect(Object.is(segments.delta, rows.delta)).toBe(true);
  expect(segments.edgeReads).toBe(rows.edgeReads);
  expect(segments.converged).toBe(rows.converged);
}

/** The segments against the row pull in WebAssembly and in JavaScript, for each cap given. */
function expectSameAsRows(g: Graph, positiveOnly: boolean, caps: readonly number[]): void {
  const adj = inAdjacency(g, { positiveOnly });
  const walk = segmentWalk(g, { positiveOnly });
  if (walk === undefined) throw new Error("no WebAssembly");
  expect(walk.edgeCount).toBe(adj.edgeCount);
  for (const maxIter of caps) {
    const options: PowerIterationOptions = { damping: 0.85, tol: 1e-12, maxIter };
    const rows = powerIterate(adj, options);
    expect(rows.kernel).toBe("wasm");
    // Run twice over one walk: a solve leaves it ready for the next.
    expectIdentical(powerIterate(walk, options), rows);
    expectIdentical(powerIterate(walk, options), powerIterate(adj, { ...options, wasm: false }));
  }
}

describe("segmentWalk", () => {
  it("gives the row pull's ranks bit for bit over several segments, capped or converged", () => {
    const g = randomGraph(5 * SEGMENT_SIZE + 123, 400_000, 1);
    expectSameAsRows(g, false, [1, 2, 3, 7, 1000]);
    expectSameAsRows(g, true, [1, 4, 1000]);
  });

  it("bridges target gaps past 15 bits and stages rows longer than its stage in pieces", () => {
    const n = 3 * SEGMENT_SIZE;
    const edges: [number, number, number][] = [
      [5, 0, 1], // segment 0's first entry at target 0
      [7, n - 1, 1], // then a gap of n − 1: six fillers of 32,767
      [2 * SEGMENT_SIZE + 3, n - 2, 1], // segment 2 starts far from 0
      [SEGMENT_SIZE - 1, 4, 1], // the last node of segment 0 and the first of segment 1
      [SEGMENT_SIZE, 4, 1],
      [n - 1, 4, 1], // the last node of the last segment
      [n - 1, 40_000, 1], // segment 2's targets 4, 40,000, n − 2: gaps of one filler, then four
    ];
    // A hub of 600,000 out-edges (more than two stages of 2^18), parallel edges and negatives among
    // them, and a second hub right after it in the same segment.
    const r = random(3);
    for (let k = 0; k < 600_000; k++) edges.push([9, Math.floor(n * r()), r() < 0.1 ? -1 : 1]);
    for (let k = 0; k < 70_000; k++) edges.push([10, 1000, 1]);
    const g = graph(n, edges);
    expectSameAsRows(g, false, [1, 2, 1000]);
    expectSameAsRows(g, true, [1, 2, 1000]);
  });

  it("places a segment whose split words outgrow their room (staged and split twice)", () => {
    // 2,000 nodes leave the split words the minimum room, a stage (2^18 words), and their one segment
    // has 700,000 edges: counted as split, then staged and split again to be placed.
    expectSameAsRows(randomGraph(2000, 700_000, 7), false, [1, 2, 1000]);
    expectSameAsRows(randomGraph(2000, 700_000, 7), true, [1, 1000]);
  });

  it("handles graphs without edges, of one node, and smaller than a segment", () => {
    expectSameAsRows(graph(1, []), false, [1000]);
    expectSameAsRows(graph(3, []), false, [5]);
    expectSameAsRows(graph(1, [[0, 0, 1]]), false, [1000]);
    expectSameAsRows(randomGraph(1000, 5000, 4), false, [1, 2, 1000]);
    expectSameAsRows(randomGraph(1000, 5000, 4), true, [1000]);
    const empty = segmentWalk(graph(0, []));
    expect(empty && powerIterate(empty, { damping: 0.85, tol: 1e-10, maxIter: 10 }).ranks).toEqual(
      new Float64Array(0),
    );
  });

  it("takes a restart distribution when built with room for it", () => {
    const n = 2 * SEGMENT_SIZE + 77;
    const g = randomGraph(n, 200_000, 5);
    const restart = new Float64Array(n);
    for (let v = 0; v < n; v += 97) restart[v] = 1 / Math.ceil(n / 97);
    const walk = segmentWalk(g, { withRestart: true });
    if (walk === undefined) throw new Error("no WebAssembly");
    for (const maxIter of [1, 2, 3, 1000]) {
      const options = { damping: 0.85, tol: 1e-12, maxIter, restart };
      expectIdentical(powerIterate(walk, options), powerIterate(inAdjacency(g), options));
    }
    // And without it, from the uniform start, on the same walk.
    const uniform = { damping: 0.85, tol: 1e-12, maxIter: 1000 };
    expectIdentical(powerIterate(walk, uniform), powerIterate(inAdjacency(g), uniform));
    const without = segmentWalk(g) as NonNullable<ReturnType<typeof segmentWalk>>;
    expect(() => powerIterate(without, { ...uniform, restart })).toThrow(RangeError);
  });
});

describe("pagerank's power solver by size", () => {
  it("pulls by pair segments just past SEGMENT_WALK_MIN_EDGES, with the rows' ranks bit for bit", () => {
    const m = SEGMENT_WALK_MIN_EDGES + 1;
    const g = randomGraph(150_000, m, 6);
    expect("kind" in powerWalk(g)).toBe(true);
    expect("kind" in powerWalk(g, { weighted: true })).toBe(false);
    const atThreshold = buildGraph(g.nodeCount, {
      count: m - 1,
      sources: sourcesOf(g, m - 1),
      targets: g.targets.subarray(0, m - 1),
      weights: g.weights.subarray(0, m - 1),
    });
    expect("kind" in powerWalk(atThreshold)).toBe(false);
    for (const positiveOnly of [false, true]) {
      const options = {
        damping: 0.85,
        tol: 1e-10,
        maxIter: 1000,
        positiveOnly,
        solver: "power",
      } as const;
      const ranked = pagerank(g, options);
      const rows = powerIterate(inAdjacency(g, { positiveOnly }), options);
      expect(firstDifference(ranked.ranks, rows.ranks)).toBe(-1);
      expect(ranked.iterations).toBe(rows.iterations);
      expect(ranked.edgeReads).toBe(rows.edgeReads);
      expect(ranked.provenance.version).toBe("1.4.0");
    }
  });
});

/** The source of each of the first `count` edges of g, in CSR order. */
function sourcesOf(g: Graph, count: number): Uint32Array {
  const sources = new Uint32Array(count);
  for (let u = 0; u < g.nodeCount; u++) {
    const end = Math.min(count, g.offsets[u + 1] as number);
    for (let e = g.offsets[u] as number; e < end; e++) sources[e] = u;
  }
  return sources;
}
