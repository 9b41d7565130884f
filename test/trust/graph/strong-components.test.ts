/**
 * componentsUpstreamFirst (src/trust/graph/strong-components.ts) against reachability computed naively
 * on small graphs: the components are exactly the mutual-reachability classes, every edge between two
 * of them goes forward, and members are listed in ascending order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../../src/trust/graph/csr.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { componentsUpstreamFirst } from "../../../src/trust/graph/strong-components.js";
import { graphOf, smallGraph } from "../rank/reference.js";

/** reach[u][v]: v can be reached from u (u reaches itself), by Floyd–Warshall on booleans. */
function reachability(g: Graph, positiveOnly: boolean): boolean[][] {
  const n = g.nodeCount;
  const reach = Array.from({ length: n }, (_, u) => Array.from({ length: n }, (_, v) => u === v));
  for (let u = 0; u < n; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      if (positiveOnly && !((g.weights[e] as number) > 0)) continue;
      (reach[u] as boolean[])[g.targets[e] as number] = true;
    }
  }
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (reach[i]?.[k] && reach[k]?.[j]) (reach[i] as boolean[])[j] = true;
  return reach;
}

describe("componentsUpstreamFirst", () => {
  it("finds the mutual-reachability classes, in topological order, members ascending", () => {
    fc.assert(
      fc.property(smallGraph(14), fc.boolean(), (g, positiveOnly) => {
        const { order, bounds, count } = componentsUpstreamFirst(inAdjacency(g, { positiveOnly }));
        const n = g.nodeCount;
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(bounds[0]).toBe(0);
        expect(bounds[count]).toBe(n);
        const componentOf = new Array<number>(n);
        for (let c = 0; c < count; c++) {
          for (let k = bounds[c] as number; k < (bounds[c + 1] as number); k++) {
            componentOf[order[k] as number] = c;
            if (k > (bounds[c] as number)) expect(order[k]).toBeGreaterThan(order[k - 1] as number);
          }
        }
        const reach = reachability(g, positiveOnly);
        for (let u = 0; u < n; u++) {
          for (let v = 0; v < n; v++) {
            const mutual = (reach[u]?.[v] && reach[v]?.[u]) === true;
            expect(componentOf[u] === componentOf[v]).toBe(mutual);
            // anything u reaches is in u's component or a later one
            if (reach[u]?.[v])
              expect(componentOf[v]).toBeGreaterThanOrEqual(componentOf[u] as number);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("survives a path far deeper than any call stack", () => {
    const n = 200_000;
    const edges = Array.from({ length: n - 1 }, (_, u) => [u + 1, u, 1] as const); // n-1 → … → 0
    const { order, count } = componentsUpstreamFirst(inAdjacency(graphOf(n, edges)));
    expect(count).toBe(n);
    expect(order[0]).toBe(n - 1);
    expect(order[n - 1]).toBe(0);
  });
});
