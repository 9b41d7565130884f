import { describe, expect, it } from "vitest";
import { sybilScar } from "../../../src/trust/sybil/sybilscar.js";
import { undirectedGraph } from "../../../src/trust/sybil/undirected.js";
import { plantedSybils, separation } from "./planted.js";

describe("sybilScar", () => {
  it("separates a planted Sybil region from trusted and known-Sybil seeds", () => {
    const p = plantedSybils(200, 4);
    for (const homophily of ["constant", "degree"] as const) {
      const { sybilProbability, provenance } = sybilScar(p.graph, [0, 50, 100, 150], {
        sybils: [200, 250, 300, 350],
        homophily,
      });
      const benignScore = sybilProbability.map((x) => 1 - x);
      expect(separation(p, benignScore)).toBeGreaterThan(0.98);
      expect(provenance.params).toMatchObject({ homophily, theta: 0.4, sybilSeeds: 4 });
    }
  });

  it("applies the local rule exactly on a two-node graph", () => {
    // 0 trusted (q̂ = −0.4), 1 unknown; degree mode with h = 0.45: p̂₁ = 2·0.45·p̂₀, p̂₀ = −0.4 + 0.9·p̂₁.
    // Fixed point: p̂₀ = −0.4 / (1 − 0.81), p̂₁ = 0.9·p̂₀.
    const g = undirectedGraph(2, [0], [1]);
    const { sybilProbability, converged } = sybilScar(g, [0], { maxIter: 1000, tol: 1e-12 });
    expect(converged).toBe(true);
    const p0 = -0.4 / (1 - 0.81);
    expect(sybilProbability[0]).toBeCloseTo(Math.max(p0, -0.5) + 0.5, 9);
    expect(sybilProbability[1]).toBeCloseTo(0.9 * Math.max(p0, -0.5) + 0.5, 9);
  });

  it("leaves a node with no path to any seed at 0.5", () => {
    const g = undirectedGraph(4, [0, 2], [1, 3]);
    const { sybilProbability } = sybilScar(g, [0], { sybils: [1] });
    expect(sybilProbability[2]).toBe(0.5);
    expect(sybilProbability[3]).toBe(0.5);
  });

  it("rejects a prior strength outside (0, 0.5]", () => {
    const g = undirectedGraph(2, [0], [1]);
    expect(() => sybilScar(g, [0], { theta: 0 })).toThrow(RangeError);
    expect(() => sybilScar(g, [0], { theta: 0.6 })).toThrow(RangeError);
  });
});
