/**
 * The adjacency built in the kernels' WebAssembly memory (src/trust/rank/wasm-adjacency.ts): the same
 * arrays as inAdjacency, and the power iteration's WebAssembly pull over it, with no copy, gives the
 * JavaScript loop's values bit for bit (tolerance 0). The size threshold is forced down for small graphs; one graph past WASM_MAX_EDGES takes the path pagerank() takes there.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";
import { type InAdjacency, inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { gaussSeidelRank } from "../../../src/trust/rank/gauss-seidel.js";
import { pagerank } from "../../../src/trust/rank/pagerank.js";
import {
  type PowerIterationOptions,
  powerIterate,
} from "../../../src/trust/rank/power-iteration.js";
import {
  residentKernels,
  WASM_MAX_EDGES,
  walkAdjacency,
} from "../../../src/trust/rank/wasm-adjacency.js";
import { graphOf, random, smallGraph } from "./reference.js";

/** walkAdjacency's threshold for every walk, edgeless ones included. */
const ALWAYS = -1;

function randomGraph(n: number, m: number, seed: number): Graph {
  const r = random(seed);
  const edges: [number, number, number][] = [];
  for (let k = 0; k < m; k++) {
    edges.push([Math.floor(n * r()), Math.floor(n * r() * r()), r() < 0.2 ? -1 : 1]);
  }
  return graphOf(n, edges);
}

function expectSameArrays(a: InAdjacency, b: InAdjacency): void {
  expect(a.edgeCount).toBe(b.edgeCount);
  expect(a.offsets).toEqual(b.offsets);
  expect(a.sources).toEqual(b.sources);
  expect(a.outWeight).toEqual(b.outWeight);
}

/**
 * The power iteration over the resident adjacency against its JavaScript loop, and Gauss–Seidel's
 * sweeps over it (copied into the kept memory at these sizes); the adjacency left untouched.
 */
function expectSameBothWays(g: Graph, options: PowerIterationOptions, positiveOnly: boolean) {
  const adj = walkAdjacency(g, { positiveOnly }, ALWAYS);
  expect(residentKernels(adj)).toBeDefined();
  const power = powerIterate(adj, options);
  const powerJs = powerIterate(adj, { ...options, wasm: false });
  expect(power.kernel).toBe("wasm");
  expect(powerJs.kernel).toBe("js");
  expect(power.iterations).toBe(powerJs.iterations);
  expect(power.delta).toBe(powerJs.delta);
  expect(power.ranks).toEqual(powerJs.ranks);
  if (options.restart === undefined) {
    const sweep = gaussSeidelRank(adj, options);
    const sweepJs = gaussSeidelRank(adj, { ...options, wasm: false });
    expect(sweep.kernel).toBe("wasm");
    expect(sweep.iterations).toBe(sweepJs.iterations);
    expect(sweep.errorBound).toBe(sweepJs.errorBound);
    expect(sweep.ranks).toEqual(sweepJs.ranks);
  }
  // The solvers' vectors live after the adjacency, never over it.
  expectSameArrays(adj, inAdjacency(g, { positiveOnly }));
}

describe("the adjacency in the kernels' memory", () => {
  it("holds inAdjacency's arrays, and plain ones at or below the threshold or when weighted", () => {
    const g = randomGraph(400, 3_000, 1);
    for (const positiveOnly of [false, true]) {
      const resident = walkAdjacency(g, { positiveOnly }, ALWAYS);
      expect(residentKernels(resident)).toBeDefined();
      expectSameArrays(resident, inAdjacency(g, { positiveOnly }));
    }
    const plain = walkAdjacency(g, {}, 3_000);
    expect(residentKernels(plain)).toBeUndefined();
    expectSameArrays(plain, inAdjacency(g));
    expect(residentKernels(walkAdjacency(g, { weighted: true }, ALWAYS))).toBeUndefined();
    expect(residentKernels(inAdjacency(g))).toBeUndefined();
  });

  it("gives the JavaScript loops' ranks bit for bit, capped or converged, with or without a restart", () => {
    fc.assert(
      fc.property(
        smallGraph(12),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.boolean(),
        (g, cap, given, positiveOnly) => {
          const n = g.nodeCount;
          const weights = Float64Array.from({ length: n }, (_, v) => (v % 3 === 0 ? 1 : 0));
          const total = weights.reduce((a, b) => a + b, 0);
          const options = { damping: 0.85, maxIter: cap, tol: 1e-12 };
          expectSameBothWays(
            g,
            given && total > 0 ? { ...options, restart: weights.map((w) => w / total) } : options,
            positiveOnly,
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives the same ranks on graphs of thousands of nodes, between solves over copies", () => {
    const options = { damping: 0.85, tol: 1e-10, maxIter: 1000 };
    const big = randomGraph(20_000, 300_000, 2);
    const small = randomGraph(300, 2_000, 3);
    for (const g of [big, small, big]) {
      expectSameBothWays(g, options, false);
      // A solve over a copy in the kept memory between two over resident adjacencies.
      expect(powerIterate(inAdjacency(g), options).kernel).toBe("wasm");
    }
  });

  it(`builds pagerank()'s walk in its memory past ${WASM_MAX_EDGES} edges: same ranks as JavaScript`, () => {
    const n = 50_000;
    const m = WASM_MAX_EDGES + 1_000;
    const r = random(4);
    const sources = new Uint32Array(m);
    const targets = new Uint32Array(m);
    for (let e = 0; e < m; e++) {
      sources[e] = Math.floor(n * r());
      targets[e] = Math.floor(n * r() * r());
    }
    const g = buildGraph(n, { count: m, sources, targets, weights: new Float32Array(m).fill(1) });
    const options = { damping: 0.85, tol: 1e-10, maxIter: 3 };
    const adj = walkAdjacency(g);
    expect(adj.edgeCount).toBeGreaterThan(WASM_MAX_EDGES);
    expect(residentKernels(adj)).toBeDefined();
    const wasm = powerIterate(adj, options);
    const js = powerIterate(adj, { ...options, wasm: false });
    expect(wasm.kernel).toBe("wasm");
    expect(wasm.iterations).toBe(3);
    expect(wasm.delta).toBe(js.delta);
    expect(wasm.ranks).toEqual(js.ranks);
    expect(pagerank(g, { solver: "power", maxIter: 3 }).ranks).toEqual(js.ranks);
  });
});
