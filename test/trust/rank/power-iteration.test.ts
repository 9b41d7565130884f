/**
 * The power iteration's planned convergence checks (src/trust/rank/power-iteration.ts): an iteration
 * that does not check writes only y, so these tests pin down that the iterates, the reported L1 change
 * and the stopping iteration are those of an iteration that checks every time.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { MAX_CHECK_GAP, powerIterate } from "../../../src/trust/rank/power-iteration.js";
import { graphOf, smallGraph } from "./reference.js";

const damping = 0.85;

function l1(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s;
}

/** The ranks after exactly k iterations (tol 0 never stops early). */
function capped(g: Graph, k: number, weighted: boolean, restart?: Float64Array) {
  const options = { damping, tol: 0, maxIter: k, ...(restart === undefined ? {} : { restart }) };
  return powerIterate(inAdjacency(g, { weighted }), options);
}

/** x ← d·Pᵀx + (d·dangling(x) + 1 − d)·r, one accumulator per node: the definition, checked every step. */
function referenceIterates(g: Graph, k: number, weighted: boolean): Float64Array[] {
  const n = g.nodeCount;
  const out = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const w = g.weights[e] as number;
      if (!weighted || w > 0) out[u] = (out[u] as number) + (weighted ? w : 1);
    }
  }
  let x = new Float64Array(n).fill(1 / n);
  const iterates = [x];
  for (let i = 0; i < k; i++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let u = 0; u < n; u++) if (!((out[u] as number) > 0)) dangling += x[u] as number;
    for (let u = 0; u < n; u++) {
      for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
        const w = g.weights[e] as number;
        if (weighted && !(w > 0)) continue;
        const t = g.targets[e] as number;
        next[t] =
          (next[t] as number) +
          (damping * (x[u] as number) * (weighted ? w : 1)) / (out[u] as number);
      }
    }
    for (let v = 0; v < n; v++)
      next[v] = (next[v] as number) + (damping * dangling + 1 - damping) / n;
    x = next;
    iterates.push(x);
  }
  return iterates;
}

describe("powerIterate's planned checks", () => {
  it("returns the k-th iterate and its true L1 change, for every cap k", () => {
    fc.assert(
      fc.property(smallGraph(12), fc.boolean(), (g, weighted) => {
        const reference = referenceIterates(g, 25, weighted);
        let previous = capped(g, 0, weighted).ranks;
        for (let k = 1; k <= 25; k++) {
          const r = capped(g, k, weighted);
          expect(r.iterations).toBe(k);
          expect(l1(r.ranks, reference[k] as Float64Array)).toBeLessThan(1e-14);
          // The capped run checks its last iteration: its change is exactly the distance to iterate k − 1.
          expect(r.delta).toBe(l1(r.ranks, previous));
          previous = r.ranks;
        }
      }),
      { numRuns: 60 },
    );
  });

  it("stops at the first iteration whose change is below tol, or at most MAX_CHECK_GAP − 1 later", () => {
    fc.assert(
      fc.property(
        smallGraph(12),
        fc.boolean(),
        fc.constantFrom(1e-4, 1e-8, 1e-12),
        (g, weighted, tol) => {
          const adj = inAdjacency(g, { weighted });
          const stopped = powerIterate(adj, { damping, tol, maxIter: 10_000 });
          expect(stopped.converged).toBe(true);
          expect(stopped.delta).toBeLessThan(tol);
          // Changes of an every-iteration check, from the capped runs (each checks its last iteration).
          let first = stopped.iterations;
          for (
            let k = stopped.iterations - 1;
            k >= 1 && k >= stopped.iterations - MAX_CHECK_GAP;
            k--
          ) {
            if (capped(g, k, weighted).delta < tol) first = k;
          }
          expect(stopped.iterations - first).toBeLessThan(MAX_CHECK_GAP);
          expect(stopped.ranks).toEqual(capped(g, stopped.iterations, weighted).ranks);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("stops where checking every iteration would on a slowly mixing graph, with a restart too", () => {
    // A ring of 200 with one chord: the change decays slowly and steadily, as on a real trust graph.
    const n = 200;
    const edges: [number, number, number][] = [];
    for (let u = 0; u < n; u++) edges.push([u, (u + 1) % n, 1]);
    edges.push([0, 100, 1]);
    const g = graphOf(n, edges);
    const restart = new Float64Array(n);
    restart[3] = 0.5;
    restart[150] = 0.5;
    for (const r of [undefined, restart]) {
      const options = {
        damping,
        tol: 1e-10,
        maxIter: 10_000,
        ...(r === undefined ? {} : { restart: r }),
      };
      const stopped = powerIterate(inAdjacency(g), options);
      const before = powerIterate(inAdjacency(g), {
        ...options,
        tol: 0,
        maxIter: stopped.iterations - 1,
      });
      expect(stopped.delta).toBeLessThan(1e-10);
      expect(before.delta).toBeGreaterThanOrEqual(1e-10);
    }
  });
});
