/**
 * The WebAssembly kernels (src/trust/rank/wasm-kernels.ts) against the JavaScript loops they replace:
 * the same IEEE operations in the same order, so the same values bit for bit (tolerance 0). The power
 * iteration's row pull: ranks, iteration count and change, for uniform and given restarts, capped runs
 * (every check mode) and a memory reused between solves of different sizes. The Gauss–Seidel sweep:
 * ranks, sweeps, error bound, on the same graphs, self-loops and closed components included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { gaussSeidelRank } from "../../../src/trust/rank/gauss-seidel.js";
import {
  type PowerIterationOptions,
  powerIterate,
} from "../../../src/trust/rank/power-iteration.js";
import { KEPT_MEMORY_BYTES } from "../../../src/trust/rank/wasm-kernels.js";
import { graphOf, random, smallGraph } from "./reference.js";

function randomGraph(n: number, m: number, seed: number): Graph {
  const r = random(seed);
  const edges: [number, number, number][] = [];
  for (let k = 0; k < m; k++) edges.push([Math.floor(n * r()), Math.floor(n * r() * r()), 1]);
  return graphOf(n, edges);
}

function expectSameBothWays(g: Graph, options: PowerIterationOptions): void {
  const adj = inAdjacency(g);
  const wasm = powerIterate(adj, options);
  const js = powerIterate(adj, { ...options, wasm: false });
  expect(wasm.kernel).toBe("wasm");
  expect(js.kernel).toBe("js");
  expect(wasm.iterations).toBe(js.iterations);
  expect(wasm.delta).toBe(js.delta);
  expect(wasm.ranks).toEqual(js.ranks);
}

describe("the WebAssembly row pull", () => {
  it("gives the JavaScript loop's ranks bit for bit, capped or converged, with or without a restart", () => {
    fc.assert(
      fc.property(
        smallGraph(12),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (g, cap, given) => {
          const n = g.nodeCount;
          const restart = given
            ? Float64Array.from({ length: n }, (_, v) => (v % 3 === 0 ? 1 : 0))
            : undefined;
          const total = restart?.reduce((a, b) => a + b, 0) ?? 1;
          const options = { damping: 0.85, maxIter: cap, tol: 1e-12 };
          expectSameBothWays(
            g,
            restart === undefined || total === 0
              ? options
              : { ...options, restart: restart.map((w) => w / total) },
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("gives the same ranks on graphs of thousands of nodes, reusing its memory across sizes", () => {
    const big = randomGraph(20_000, 300_000, 1);
    const small = randomGraph(300, 2_000, 2);
    const options = { damping: 0.85, tol: 1e-10, maxIter: 1000 };
    expect(4 * 320_000 + 32 * 20_000).toBeLessThan(KEPT_MEMORY_BYTES);
    for (const g of [big, small, big, small]) expectSameBothWays(g, options);
  });

  it("leaves weighted walks and wasm: false to the JavaScript loops", () => {
    const g = randomGraph(500, 4_000, 3);
    const options = { damping: 0.85, tol: 1e-10, maxIter: 1000 };
    expect(powerIterate(inAdjacency(g, { weighted: true }), options).kernel).toBe("js");
    expect(powerIterate(inAdjacency(g), { ...options, wasm: false }).kernel).toBe("js");
    expect(powerIterate(inAdjacency(g), options).kernel).toBe("wasm");
  });
});

function expectSameSweeps(g: Graph, options: PowerIterationOptions): void {
  const adj = inAdjacency(g);
  const wasm = gaussSeidelRank(adj, options);
  const js = gaussSeidelRank(adj, { ...options, wasm: false });
  expect(wasm.kernel).toBe("wasm");
  expect(js.kernel).toBe("js");
  expect(wasm.iterations).toBe(js.iterations);
  expect(wasm.edgeReads).toBe(js.edgeReads);
  expect(wasm.errorBound).toBe(js.errorBound);
  expect(wasm.ranks).toEqual(js.ranks);
}

describe("the WebAssembly Gauss–Seidel sweep", () => {
  it("gives the JavaScript sweep's ranks bit for bit, capped or converged", () => {
    fc.assert(
      fc.property(smallGraph(12), fc.integer({ min: 1, max: 40 }), (g, cap) => {
        expectSameSweeps(g, { damping: 0.85, maxIter: cap, tol: 1e-12 });
      }),
      { numRuns: 150 },
    );
  });

  it("gives the same ranks on graphs of thousands of nodes, one after another", () => {
    const options = { damping: 0.85, tol: 1e-10, maxIter: 1000 };
    for (const g of [randomGraph(20_000, 300_000, 4), randomGraph(300, 2_000, 5)]) {
      expectSameSweeps(g, options);
    }
    // Interleaved with power iterations, which share the kept memory.
    const g = randomGraph(5_000, 60_000, 6);
    const before = gaussSeidelRank(inAdjacency(g), options).ranks;
    powerIterate(inAdjacency(randomGraph(7_000, 90_000, 7)), options);
    expect(gaussSeidelRank(inAdjacency(g), options).ranks).toEqual(before);
  });
});
