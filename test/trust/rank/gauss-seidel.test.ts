/**
 * The Gauss–Seidel solver (src/trust/rank/gauss-seidel.ts) against hand-computed PageRank, the dense
 * definition (reference.ts) and the power iteration: the same fixed point, with dangling nodes,
 * self-loops, parallel edges, weights and personalization, and an error bound that holds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { gaussSeidelRank } from "../../../src/trust/rank/gauss-seidel.js";
import { pagerank } from "../../../src/trust/rank/pagerank.js";
import { powerIterate } from "../../../src/trust/rank/power-iteration.js";
import { densePageRank, densePpr, graphOf, smallGraph } from "./reference.js";

const options = { damping: 0.85, tol: 1e-13, maxIter: 10_000 };

function l1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s;
}

/** A restart distribution from arbitrary non-negative masses (at least one positive). */
const restartFor = (g: Graph) =>
  fc
    .array(fc.nat(5), { minLength: g.nodeCount, maxLength: g.nodeCount })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const total = w.reduce((a, b) => a + b, 0);
      return Float64Array.from(w, (x) => x / total);
    });

describe("gaussSeidelRank", () => {
  it("matches hand-computed PageRank with a dangling node and with a closed pair", () => {
    // 0 → 1; 1 dangles: x0 = 20/57, x1 = 37/57 (as in pagerank.test.ts).
    const two = gaussSeidelRank(inAdjacency(graphOf(2, [[0, 1, 1]])), options);
    expect(two.converged).toBe(true);
    expect(two.ranks[0]).toBeCloseTo(20 / 57, 12);
    expect(two.ranks[1]).toBeCloseTo(37 / 57, 12);
    // 0 → 1, 1 → 2, 2 → 1 (a trap): x0 = 0.05, x1 = 0.05 + 0.85(x0 + x2), x2 = 0.05 + 0.85·x1
    // ⇒ x1 = (0.05 + 0.0425 + 0.0425)/(1 − 0.7225) = 0.135/0.2775.
    const trap = gaussSeidelRank(
      inAdjacency(
        graphOf(3, [
          [0, 1, 1],
          [1, 2, 1],
          [2, 1, 1],
        ]),
      ),
      options,
    );
    expect(trap.ranks[0]).toBeCloseTo(0.05, 12);
    expect(trap.ranks[1]).toBeCloseTo(0.135 / 0.2775, 12);
    expect(trap.ranks[2]).toBeCloseTo(0.05 + (0.85 * 0.135) / 0.2775, 12);
    expect(trap.components).toBe(2);
    expect(trap.largestComponent).toBe(2);
  });

  it("solves a self-loop exactly: a node that only trusts itself keeps what it gets", () => {
    // 0 → 0 only, 1 → 0: x1 = 0.075, x0 = 0.075 + 0.85(x0 + x1) ⇒ x0 = 0.925.
    const r = gaussSeidelRank(
      inAdjacency(
        graphOf(2, [
          [0, 0, 1],
          [1, 0, 1],
        ]),
      ),
      options,
    );
    expect(r.ranks[0]).toBeCloseTo(0.925, 12);
    expect(r.ranks[1]).toBeCloseTo(0.075, 12);
    expect(r.iterations).toBe(1); // two singletons, one update each
  });

  it("equals the dense definition of PageRank, and its error bound holds", () => {
    fc.assert(
      fc.property(
        smallGraph(),
        fc.boolean(),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        fc.constantFrom(1e-13, 1e-6, 1e-3),
        (g, positiveOnly, damping, tol) => {
          const r = gaussSeidelRank(inAdjacency(g, { positiveOnly }), {
            damping,
            tol,
            maxIter: 10_000,
          });
          expect(r.converged).toBe(true);
          const exact = densePageRank(g, damping, positiveOnly);
          const error = l1(r.ranks, exact);
          expect(error).toBeLessThanOrEqual(r.errorBound + 1e-14);
          expect(r.errorBound).toBeLessThan(tol);
          expect(r.ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("equals the power iteration with weights and any restart distribution (personalization)", () => {
    fc.assert(
      fc.property(
        smallGraph().chain((g) => fc.tuple(fc.constant(g), restartFor(g))),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        ([g, restart], damping) => {
          const adj = inAdjacency(g, { weighted: true });
          const gs = gaussSeidelRank(adj, { damping, tol: 1e-13, maxIter: 10_000, restart });
          const power = powerIterate(adj, { damping, tol: 1e-15, maxIter: 100_000, restart });
          expect(gs.converged).toBe(true);
          expect(l1(gs.ranks, power.ranks)).toBeLessThan(1e-11);
          // mass never reaches a node no restart and no walk leads to
          for (let v = 0; v < g.nodeCount; v++) {
            if ((power.ranks[v] as number) === 0) expect(gs.ranks[v]).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("equals exact personalized PageRank from one viewer (dangling mass back to the viewer)", () => {
    fc.assert(
      fc.property(
        smallGraph().chain((g) => fc.tuple(fc.constant(g), fc.nat(g.nodeCount - 1))),
        ([g, viewer]) => {
          const restart = new Float64Array(g.nodeCount);
          restart[viewer] = 1;
          const r = gaussSeidelRank(inAdjacency(g, { weighted: true }), {
            damping: 0.85,
            tol: 1e-13,
            maxIter: 10_000,
            restart,
          });
          expect(l1(r.ranks, densePpr(g, viewer, 0.15))).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("converges where an extrapolation overshoots (fast-check seed 292247663's counterexample)", () => {
    // 0 → 1 (1), 0 → 3 (2), 1 → 0, 1 → 4, 3 → 1, 4 → 3 (3), 5 → 0 (2); node 2 dangles. The second
    // extrapolation met mixed signs and, with an L1 ratio, pushed the iterate away (7.7e-4 L1 off after
    // 10,000 sweeps); only one-signed sweeps may extrapolate now.
    const g: Graph = {
      nodeCount: 6,
      edgeCount: 7,
      offsets: Uint32Array.from([0, 2, 4, 4, 5, 6, 7]),
      targets: Uint32Array.from([1, 3, 0, 4, 1, 3, 0]),
      weights: Float32Array.from([1, 2, 1, 1, 1, 3, 2]),
    };
    const restart = new Float64Array(6);
    restart[0] = 1;
    const r = gaussSeidelRank(inAdjacency(g, { weighted: true }), { ...options, restart });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(200);
    expect(l1(r.ranks, densePpr(g, 0, 0.15))).toBeLessThan(1e-12);
  });

  it("is pagerank's default and agrees with its power solver within both error bounds", () => {
    fc.assert(
      fc.property(smallGraph(), (g) => {
        const gs = pagerank(g, { tol: 1e-9 });
        const power = pagerank(g, { tol: 1e-9, solver: "power" });
        expect(gs.provenance.params.solver).toBe("gauss-seidel");
        expect(power.provenance.params.solver).toBe("power");
        expect(l1(gs.ranks, power.ranks)).toBeLessThanOrEqual(
          gs.errorBound + power.errorBound + 1e-14,
        );
      }),
      { numRuns: 200 },
    );
  });

  it("stops at maxIter sweeps per component and says it did not converge", () => {
    const cycle = graphOf(3, [
      [0, 1, 1],
      [1, 2, 1],
      [2, 0, 1],
      [0, 2, 1],
    ]);
    const r = gaussSeidelRank(inAdjacency(cycle), { damping: 0.85, tol: 0, maxIter: 2 });
    expect(r.iterations).toBe(2);
    expect(r.edgeReads).toBe(2 * 4);
    expect(r.converged).toBe(false);
    const none = gaussSeidelRank(inAdjacency(cycle), { damping: 0.85, tol: 1e-10, maxIter: 0 });
    expect([...none.ranks]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(none.converged).toBe(false);
  });

  it("rejects what the power iteration rejects", () => {
    const adj = inAdjacency(graphOf(2, [[0, 1, 1]]));
    expect(() => gaussSeidelRank(adj, { damping: 1, tol: 1e-10, maxIter: 10 })).toThrow(RangeError);
    expect(() =>
      gaussSeidelRank(adj, {
        damping: 0.85,
        tol: 1e-10,
        maxIter: 10,
        restart: new Float64Array(3),
      }),
    ).toThrow(RangeError);
  });
});
