/**
 * PageRank (src/trust/rank/pagerank.ts) against hand-computed values and against the definition run
 * densely (reference.ts) on arbitrary signed multigraphs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../../src/trust/graph/csr.js";
import { defaultSolver, defaultSolverFor } from "../../../src/trust/rank/default-solver.js";
import { pagerank } from "../../../src/trust/rank/pagerank.js";
import { WASM_MAX_EDGES } from "../../../src/trust/rank/wasm-adjacency.js";
import { densePageRank, graphOf, random, smallGraph } from "./reference.js";

describe("pagerank", () => {
  it("matches a hand-computed two-node graph with a dangling node", () => {
    // 0 → 1; 1 dangles. x0 = 0.075 + 0.425·x1, x0 + x1 = 1 ⇒ x0 = 0.5/1.425 = 20/57.
    const { ranks, converged } = pagerank(graphOf(2, [[0, 1, 1]]), { damping: 0.85, tol: 1e-14 });
    expect(converged).toBe(true);
    expect(ranks[0]).toBeCloseTo(20 / 57, 12);
    expect(ranks[1]).toBeCloseTo(37 / 57, 12);
  });

  it("matches a hand-computed three-node graph", () => {
    // 1 → 0, 2 → 0, 0 → 1: x2 = 0.05, x0 = 0.05 + 0.85(x1 + x2), x1 = 0.05 + 0.85·x0 ⇒ x0 = 18/37.
    const g = graphOf(3, [
      [1, 0, 1],
      [2, 0, 1],
      [0, 1, 1],
    ]);
    const { ranks } = pagerank(g, { damping: 0.85, tol: 1e-14 });
    expect(ranks[0]).toBeCloseTo(18 / 37, 12);
    expect(ranks[1]).toBeCloseTo(17.15 / 37, 12);
    expect(ranks[2]).toBeCloseTo(0.05, 12);
  });

  it("equals the dense definition on arbitrary signed multigraphs", () => {
    fc.assert(
      fc.property(
        smallGraph(),
        fc.boolean(),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        (g, positiveOnly, damping) => {
          const { ranks, converged } = pagerank(g, { damping, positiveOnly, tol: 1e-13 });
          expect(converged).toBe(true);
          const expected = densePageRank(g, damping, positiveOnly);
          for (let v = 0; v < g.nodeCount; v++) {
            expect(Math.abs((ranks[v] as number) - (expected[v] as number))).toBeLessThan(1e-10);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("ignores distrust edges when positiveOnly is set", () => {
    const g = graphOf(3, [
      [0, 1, 1],
      [0, 2, -1],
      [2, 1, 1],
    ]);
    const withDistrust = pagerank(g, { positiveOnly: false }).ranks;
    const trustOnly = pagerank(g, { positiveOnly: true }).ranks;
    const expected = pagerank(
      graphOf(3, [
        [0, 1, 1],
        [2, 1, 1],
      ]),
    ).ranks;
    expect([...trustOnly]).toEqual([...expected]);
    expect(withDistrust[2]).toBeGreaterThan(trustOnly[2] as number);
  });

  it("stops at maxIter and says it did not converge", () => {
    const g = graphOf(3, [
      [0, 1, 1],
      [1, 2, 1],
      [2, 0, 1],
      [0, 2, 1],
    ]);
    const r = pagerank(g, { maxIter: 2, tol: 0 });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
  });

  it("records its provenance with every parameter", () => {
    const g = { ...graphOf(2, [[0, 1, 1]]), logSize: 42 };
    const { provenance } = pagerank(g, { damping: 0.8, positiveOnly: true });
    expect(provenance).toEqual({
      algorithm: "pagerank",
      version: "1.4.0",
      params: {
        damping: 0.8,
        tol: 1e-10,
        maxIter: 1000,
        positiveOnly: true,
        weighted: false,
        dangling: "uniform",
        solver: "gauss-seidel",
      },
      logSize: 42,
    });
    expect(pagerank(graphOf(2, [[0, 1, 1]])).provenance.logSize).toBe(1);
  });

  it("rejects a damping factor outside [0, 1)", () => {
    expect(() => pagerank(graphOf(1, []), { damping: 1 })).toThrow(RangeError);
  });
});

describe("pagerank's default solver", () => {
  it("is Gauss–Seidel up to its kernel's limit, power past it, Gauss–Seidel when weighted", () => {
    expect(WASM_MAX_EDGES).toBe(2 ** 24);
    expect(defaultSolver(0, false)).toBe("gauss-seidel");
    expect(defaultSolver(841_372, false)).toBe("gauss-seidel"); // Epinions
    expect(defaultSolver(WASM_MAX_EDGES, false)).toBe("gauss-seidel");
    expect(defaultSolver(WASM_MAX_EDGES + 1, false)).toBe("power");
    expect(defaultSolver(30_000_000, false)).toBe("power");
    expect(defaultSolver(30_000_000, true)).toBe("gauss-seidel");
    expect(defaultSolver(5, false, 4)).toBe("power");
    expect(defaultSolver(4, false, 4)).toBe("gauss-seidel");
  });

  it("counts the kept edges: with positiveOnly only the positive ones", () => {
    // 4 edges, 2 positive: past a limit of 2 only when the negative ones count.
    const g = graphOf(3, [
      [0, 1, 1],
      [1, 2, -1],
      [2, 0, 2],
      [0, 2, -1],
    ]);
    expect(defaultSolverFor(g, { positiveOnly: false }, 2)).toBe("power");
    expect(defaultSolverFor(g, { positiveOnly: true }, 2)).toBe("gauss-seidel");
    expect(defaultSolverFor(g, { positiveOnly: true }, 1)).toBe("power");
    expect(defaultSolverFor(g, { weighted: true }, 0)).toBe("gauss-seidel");
  });

  it("counts exactly across the count's blocks of edges", () => {
    const m = 150_001;
    const next = random(7);
    const weights = Float32Array.from({ length: m }, () => (next() < 0.6 ? 1 : -1));
    weights[m - 1] = 1; // the last edge decides at limit = kept - 1
    const g = buildGraph(1000, {
      count: m,
      sources: Uint32Array.from({ length: m }, () => Math.floor(next() * 1000)),
      targets: Uint32Array.from({ length: m }, () => Math.floor(next() * 1000)),
      weights,
    });
    const kept = weights.filter((w) => w > 0).length;
    expect(defaultSolverFor(g, { positiveOnly: true }, kept)).toBe("gauss-seidel");
    expect(defaultSolverFor(g, { positiveOnly: true }, kept - 1)).toBe("power");
    expect(defaultSolverFor(g, { positiveOnly: false }, kept)).toBe("power");
  });

  it("gives the chosen solver's ranks bit for bit and records it, whatever the limit", () => {
    fc.assert(
      fc.property(
        smallGraph(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 50 }),
        (g, positiveOnly, weighted, limit) => {
          const kept =
            positiveOnly || weighted ? g.weights.filter((w) => w > 0).length : g.edgeCount;
          const expected = !weighted && kept > limit ? "power" : "gauss-seidel";
          const options = { positiveOnly, weighted, tol: 1e-12 };
          const chosen = pagerank(g, options, limit);
          const explicit = pagerank(g, { ...options, solver: expected });
          expect(chosen.provenance.params.solver).toBe(expected);
          expect(chosen.provenance).toEqual(explicit.provenance);
          expect(chosen.ranks).toEqual(explicit.ranks);
          expect(chosen.iterations).toBe(explicit.iterations);
          expect(chosen.edgeReads).toBe(explicit.edgeReads);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("yields to an explicit solver on either side of the limit", () => {
    const g = graphOf(3, [
      [0, 1, 1],
      [1, 2, 1],
      [2, 0, 1],
    ]);
    expect(pagerank(g, { solver: "gauss-seidel" }, 0).provenance.params.solver).toBe(
      "gauss-seidel",
    );
    expect(pagerank(g, { solver: "power" }).provenance.params.solver).toBe("power");
    expect(pagerank(g, {}, 2).provenance.params.solver).toBe("power");
    expect(pagerank(g).provenance.params.solver).toBe("gauss-seidel");
  });
});
