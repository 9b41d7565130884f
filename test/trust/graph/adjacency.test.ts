/**
 * inAdjacency (the pull form of a walk) and coalesce (parallel edges merged), checked against edge
 * multisets computed directly from the CSR graph.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coalesce } from "../../../src/trust/graph/coalesce.js";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";

const signedGraph = fc.integer({ min: 1, max: 15 }).chain((n) =>
  fc
    .array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom(-2, -1, 0, 0.5, 1, 3)), {
      maxLength: 60,
    })
    .map((es) =>
      buildGraph(n, {
        count: es.length,
        sources: Uint32Array.from(es, (e) => e[0]),
        targets: Uint32Array.from(es, (e) => e[1]),
        weights: Float32Array.from(es, (e) => e[2]),
        times: Float64Array.from(es, (_, i) => i),
      }),
    ),
);

function edgesOf(g: Graph): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      out.push([u, g.targets[e] as number, g.weights[e] as number]);
    }
  }
  return out;
}

const byKey = (a: number[], b: number[]) => a.join(",").localeCompare(b.join(","));

describe("inAdjacency", () => {
  it("lists exactly the kept edges, reversed, with the out-weight of each source", () => {
    fc.assert(
      fc.property(signedGraph, fc.boolean(), fc.boolean(), (g, positiveOnly, weighted) => {
        const adj = inAdjacency(g, { positiveOnly, weighted });
        const keep = weighted || positiveOnly;
        const expected = edgesOf(g).filter(([, , w]) => !keep || w > 0);
        const got: [number, number, number][] = [];
        for (let v = 0; v < g.nodeCount; v++) {
          let previous = -1;
          for (let e = adj.offsets[v] as number; e < (adj.offsets[v + 1] as number); e++) {
            const u = adj.sources[e] as number;
            expect(u).toBeGreaterThanOrEqual(previous); // ascending sources within a row
            previous = u;
            got.push([u, v, weighted ? (adj.weights?.[e] as number) : 0]);
          }
        }
        const strip = (es: [number, number, number][]) =>
          es.map(([u, v, w]) => [u, v, weighted ? w : 0]).sort(byKey);
        expect(strip(got)).toEqual(strip(expected));
        for (let u = 0; u < g.nodeCount; u++) {
          const mine = expected.filter(([s]) => s === u);
          const total = mine.reduce((t, [, , w]) => t + (weighted ? w : 1), 0);
          expect(adj.outWeight[u]).toBeCloseTo(total, 6);
        }
      }),
    );
  });
});

describe("coalesce", () => {
  it("sums the signed weights of each u → v pair and keeps the latest time", () => {
    fc.assert(
      fc.property(signedGraph, (g) => {
        const merged = coalesce(g);
        const sums = new Map<string, { w: number; t: number }>();
        edgesOf(g).forEach(([u, v, w]) => {
          const k = `${u},${v}`;
          const prev = sums.get(k);
          sums.set(k, { w: (prev?.w ?? 0) + w, t: 0 });
        });
        const got = edgesOf(merged);
        expect(got.length).toBe(sums.size);
        for (const [u, v, w] of got)
          expect(w).toBeCloseTo((sums.get(`${u},${v}`) as { w: number }).w, 5);
        for (let u = 0; u < g.nodeCount; u++) {
          for (let e = merged.offsets[u] as number; e < (merged.offsets[u + 1] as number); e++) {
            let latest = Number.NEGATIVE_INFINITY;
            for (let f = g.offsets[u] as number; f < (g.offsets[u + 1] as number); f++) {
              if (g.targets[f] === merged.targets[e])
                latest = Math.max(latest, g.times?.[f] as number);
            }
            expect(merged.times?.[e]).toBe(latest);
          }
        }
      }),
    );
  });
});
