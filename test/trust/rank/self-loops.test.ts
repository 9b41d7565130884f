/**
 * Self-loops in the Gauss–Seidel walk (src/trust/rank/self-loops.ts): found, taken out of a pull in
 * place with the other edges in order, and solved for by the WebAssembly sweep as by the JavaScript one.
 */
import { describe, expect, it } from "vitest";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { gaussSeidelRank } from "../../../src/trust/rank/gauss-seidel.js";
import { dropSelfLoops, hasSelfLoop } from "../../../src/trust/rank/self-loops.js";
import { graphOf, random } from "./reference.js";

describe("self-loops of a pull", () => {
  it("are found, and dropped in place keeping every other edge in its order", () => {
    // 0 → 0, 0 → 1, 1 → 1, 2 → 1, 1 → 2, 2 → 2 (twice)
    const g = graphOf(3, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
      [2, 1, 1],
      [1, 2, 1],
      [2, 2, 1],
      [2, 2, 1],
    ]);
    const adj = inAdjacency(g);
    expect(hasSelfLoop(adj)).toBe(true);
    const offsets = adj.offsets.slice();
    const sources = adj.sources.slice();
    expect(dropSelfLoops(offsets, sources, 3)).toBe(3);
    expect([...offsets]).toEqual([0, 0, 2, 3]);
    expect([...sources.subarray(0, 3)]).toEqual([0, 2, 1]);
    expect(hasSelfLoop({ nodeCount: 3, offsets, sources })).toBe(false);
    expect(hasSelfLoop(inAdjacency(graphOf(2, [[0, 1, 1]])))).toBe(false);
  });

  it("keep the WebAssembly sweep, bit for bit the JavaScript one, on thousands of nodes", () => {
    const r = random(11);
    const edges: [number, number, number][] = [];
    for (let k = 0; k < 40_000; k++) {
      const u = Math.floor(3_000 * r());
      edges.push([u, k % 7 === 0 ? u : Math.floor(3_000 * r() * r()), 1]);
    }
    const adj = inAdjacency(graphOf(3_000, edges));
    const options = { damping: 0.85, tol: 1e-10, maxIter: 1000 };
    const wasm = gaussSeidelRank(adj, options);
    const js = gaussSeidelRank(adj, { ...options, wasm: false });
    expect(wasm.kernel).toBe("wasm");
    expect(js.kernel).toBe("js");
    expect(wasm.converged).toBe(true);
    expect(wasm.ranks).toEqual(js.ranks);
    // The pull the solver was given is left as it was.
    expect(hasSelfLoop(adj)).toBe(true);
  });
});
