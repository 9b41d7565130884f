import { describe, expect, it } from "vitest";
import { fairnessGoodness } from "../../../src/trust/fraud/fairness-goodness.js";
import { rev2 } from "../../../src/trust/fraud/rev2.js";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";

/**
 * Users 0..3 are honest, 4 is a fraudster; 5, 6, 7 are products. The honest users agree: 5 and 6 are
 * good (+1), 7 is bad (-1). The fraudster says the opposite of everyone on all three.
 */
function consensusAndFraudster(): Graph {
  const edges: [number, number, number][] = [];
  for (const honest of [0, 1, 2, 3]) edges.push([honest, 5, 1], [honest, 6, 1], [honest, 7, -1]);
  edges.push([4, 5, -1], [4, 6, -1], [4, 7, 1]);
  return buildGraph(8, {
    count: edges.length,
    sources: Uint32Array.from(edges, (e) => e[0]),
    targets: Uint32Array.from(edges, (e) => e[1]),
    weights: Float32Array.from(edges, (e) => e[2]),
  });
}

describe("rev2", () => {
  it("gives a rater who contradicts the consensus a clearly lower fairness", () => {
    const { fairness, goodness, converged, provenance } = rev2(consensusAndFraudster());
    expect(converged).toBe(true);
    for (const honest of [0, 1, 2, 3]) {
      expect(fairness[honest]).toBeGreaterThan((fairness[4] as number) + 0.2);
    }
    expect(fairness[4]).toBeLessThan(0.5);
    expect(goodness[5]).toBeGreaterThan(0.3);
    expect(goodness[6]).toBeGreaterThan(0.3);
    expect(goodness[7]).toBeLessThan(-0.3);
    expect(provenance).toMatchObject({ algorithm: "rev2", logSize: 15 });
    expect(provenance.params).toMatchObject({ alpha1: 1, alpha2: 1, gamma1: 1, gamma2: 1 });
  });

  it("stops at a fixed point of the three equations of §4", () => {
    const g = consensusAndFraudster();
    const { fairness: F, goodness: G, reliability: R } = rev2(g, { tol: 1e-12, maxIter: 10_000 });
    const raterMean = [0, 1, 2, 3, 4].reduce((s, u) => s + (F[u] as number), 0) / 5;
    const productMean = [5, 6, 7].reduce((s, p) => s + (G[p] as number), 0) / 3;
    for (let u = 0; u < 5; u++) {
      let sum = 0;
      for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
        sum += R[e] as number;
        const p = g.targets[e] as number;
        const agreement = 1 - Math.abs((g.weights[e] as number) - (G[p] as number)) / 2;
        expect(R[e]).toBeCloseTo(((F[u] as number) + agreement) / 2, 9);
      }
      expect(F[u]).toBeCloseTo((raterMean + sum) / (1 + 3), 9);
    }
    for (const p of [5, 6, 7]) {
      let sum = 0;
      for (let e = 0; e < g.edgeCount; e++) {
        if (g.targets[e] === p) sum += (R[e] as number) * (g.weights[e] as number);
      }
      expect(G[p]).toBeCloseTo((productMean + sum) / (1 + 5), 9);
    }
  });

  it("rejects ratings outside [-1, 1] and bad parameters", () => {
    const g = buildGraph(2, {
      count: 1,
      sources: Uint32Array.of(0),
      targets: Uint32Array.of(1),
      weights: Float32Array.of(5),
    });
    expect(() => rev2(g)).toThrow(/normalise/);
    expect(() => rev2(consensusAndFraudster(), { gamma1: 0, gamma2: 0 })).toThrow(RangeError);
    expect(() => rev2(consensusAndFraudster(), { alpha1: -1 })).toThrow(RangeError);
  });
});

describe("fairnessGoodness", () => {
  it("matches a hand computation on two raters and one product", () => {
    // 0 rates 2 at +1, 1 rates 2 at -1. Iteration 1: G = (1·1 + 1·(-1))/2 = 0, F = 1 − 1/2 = 0.5 for
    // both; then G stays 0 and F stays 0.5: the fixed point.
    const g = buildGraph(3, {
      count: 2,
      sources: Uint32Array.of(0, 1),
      targets: Uint32Array.of(2, 2),
      weights: Float32Array.of(1, -1),
    });
    const { fairness, goodness, converged } = fairnessGoodness(g);
    expect(converged).toBe(true);
    expect(Array.from(fairness)).toEqual([0.5, 0.5, 1]);
    expect(Array.from(goodness)).toEqual([0, 0, 0]);
  });

  it("ranks the contrarian last", () => {
    const { fairness } = fairnessGoodness(consensusAndFraudster());
    const order = [0, 1, 2, 3, 4].sort((a, b) => (fairness[a] as number) - (fairness[b] as number));
    expect(order[0]).toBe(4);
  });
});
