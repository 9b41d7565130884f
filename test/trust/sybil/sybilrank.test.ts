import { describe, expect, it } from "vitest";
import { embeddednessWeighted } from "../../../src/trust/sybil/embeddedness.js";
import { contrastSybilRank, sybilRank } from "../../../src/trust/sybil/sybilrank.js";
import { undirectedGraph } from "../../../src/trust/sybil/undirected.js";
import { plantedSybils, separation } from "./planted.js";

describe("sybilRank", () => {
  it("separates a planted Sybil region joined by few attack edges", () => {
    const p = plantedSybils(200, 4);
    const { trust, iterations, provenance } = sybilRank(p.graph, [0, 50, 100, 150]);
    expect(iterations).toBe(Math.ceil(Math.log2(400)));
    expect(separation(p, trust)).toBeGreaterThan(0.98);
    expect(provenance).toMatchObject({ algorithm: "sybilrank", params: { iterations: 9 } });
  });

  it("computes the early-terminated walk and degree normalisation by hand on a path", () => {
    // Path 0 - 1 - 2, seed 0 with total trust 3. Step 1: all 3 to node 1. Step 2: 1.5 to 0, 1.5 to 2.
    const g = undirectedGraph(3, [0, 1], [1, 2]);
    const { raw, trust } = sybilRank(g, [0], { iterations: 2, totalTrust: 3 });
    expect(Array.from(raw)).toEqual([1.5, 0, 1.5]);
    expect(Array.from(trust)).toEqual([1.5, 0, 1.5]);
    const one = sybilRank(g, [0], { iterations: 1, totalTrust: 3 });
    expect(Array.from(one.trust)).toEqual([0, 1.5, 0]); // 3 over degree 2
  });

  it("contrasts trust from trusted seeds with distrust from known Sybils", () => {
    const p = plantedSybils(200, 40);
    const plain = separation(p, sybilRank(p.graph, [0, 50, 100, 150]).trust);
    const both = separation(
      p,
      contrastSybilRank(p.graph, [0, 50, 100, 150], [200, 250, 300, 350]).trust,
    );
    expect(both).toBeGreaterThan(plain);
  });

  it("rejects seeds outside the graph and an empty seed set", () => {
    const g = undirectedGraph(3, [0, 1], [1, 2]);
    expect(() => sybilRank(g, [3])).toThrow(RangeError);
    expect(() => sybilRank(g, [])).toThrow(RangeError);
  });
});

describe("embeddednessWeighted", () => {
  it("weighs an edge by its common neighbours plus the floor", () => {
    // A triangle 0-1-2 with a pendant edge 2-3: triangle edges have one common neighbour, 2-3 none.
    const g = embeddednessWeighted(undirectedGraph(4, [0, 1, 0, 2], [1, 2, 2, 3]), 0.5);
    const weightOf = (u: number, v: number) => {
      for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
        if (g.targets[e] === v) return g.weights[e];
      }
      return undefined;
    };
    expect(weightOf(0, 1)).toBe(1.5);
    expect(weightOf(2, 0)).toBe(1.5);
    expect(weightOf(2, 3)).toBe(0.5);
    expect(weightOf(3, 2)).toBe(0.5);
  });

  it("keeps SybilRank separating when random attack edges are many", () => {
    const p = plantedSybils(200, 150);
    const seeds = [0, 50, 100, 150];
    const plain = separation(p, sybilRank(p.graph, seeds).trust);
    const weighted = separation(p, sybilRank(embeddednessWeighted(p.graph, 0.05), seeds).trust);
    expect(weighted).toBeGreaterThan(plain + 0.05);
  });
});
