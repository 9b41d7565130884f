/**
 * EigenTrust (src/trust/rank/eigentrust.ts) with pre-trusted seeds, against the definition of Kamvar et
 * al. run densely (reference.ts), and on the properties that make it resist Sybils.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eigenTrust } from "../../../src/trust/rank/eigentrust.js";
import { denseEigenTrust, graphOf, smallGraph } from "./reference.js";

describe("eigenTrust", () => {
  it("equals the dense definition on arbitrary signed multigraphs and seed sets", () => {
    fc.assert(
      fc.property(
        smallGraph().chain((g) =>
          fc.tuple(
            fc.constant(g),
            fc.array(fc.nat(g.nodeCount - 1), { minLength: 1, maxLength: 3 }),
            fc.double({ min: 0.05, max: 0.9, noNaN: true }),
          ),
        ),
        ([g, seeds, restart]) => {
          const { trust, converged } = eigenTrust(g, { seeds, restart, tol: 1e-13 });
          expect(converged).toBe(true);
          const expected = denseEigenTrust(g, seeds, restart);
          for (let v = 0; v < g.nodeCount; v++) {
            expect(Math.abs((trust[v] as number) - (expected[v] as number))).toBeLessThan(1e-10);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives no trust to a region no seed's trust reaches, however it rates itself", () => {
    // Honest: 0 (seed) → 1 → 2 → 0. Sybils 3, 4, 5 trust each other densely and rate 1 highly.
    const g = graphOf(6, [
      [0, 1, 1],
      [1, 2, 1],
      [2, 0, 1],
      [3, 4, 5],
      [4, 5, 5],
      [5, 3, 5],
      [3, 1, 5],
    ]);
    const { trust } = eigenTrust(g, { seeds: [0] });
    expect(trust[3]).toBe(0);
    expect(trust[4]).toBe(0);
    expect(trust[5]).toBe(0);
    expect((trust[0] as number) + (trust[1] as number) + (trust[2] as number)).toBeCloseTo(1, 12);
  });

  it("nets parallel ratings (sat − unsat) before keeping positive trust", () => {
    // 0 rates 1 once up and twice down: s_01 = −1, so 0 trusts only 2 and 1 gets nothing.
    const g = graphOf(3, [
      [0, 1, 1],
      [0, 1, -1],
      [0, 1, -1],
      [0, 2, 1],
    ]);
    const { trust } = eigenTrust(g, { seeds: [0] });
    expect(trust[1]).toBe(0);
    expect(trust[2]).toBeGreaterThan(0);
  });

  it("refuses an empty or out-of-range seed set", () => {
    const g = graphOf(2, [[0, 1, 1]]);
    expect(() => eigenTrust(g, { seeds: [] })).toThrow(RangeError);
    expect(() => eigenTrust(g, { seeds: [2] })).toThrow(RangeError);
  });

  it("records its provenance, seeds included", () => {
    const { provenance } = eigenTrust(graphOf(3, [[0, 1, 1]]), { seeds: [2, 0, 2], logSize: 7 });
    expect(provenance).toEqual({
      algorithm: "eigentrust",
      version: "1.2.0",
      params: { seeds: [0, 2], restart: 0.15, tol: 1e-10, maxIter: 1000, solver: "gauss-seidel" },
      logSize: 7,
    });
  });
});
