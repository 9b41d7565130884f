/**
 * Forward push (src/trust/rank/push.ts) against exact personalized PageRank (reference.ts): the ACL
 * guarantees on arbitrary graphs, the ε·deg bound on symmetric graphs, the 1/(α·ε) cost bound, and a
 * workspace left clean for the next query.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createPushWorkspace,
  forwardPush,
  prepareTrustWalk,
} from "../../../src/trust/rank/push.js";
import { densePpr, smallGraph, graphOf as smallGraphOf, symmetricGraph } from "./reference.js";

const params = fc.record({
  alpha: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
  epsilon: fc.double({ min: 1e-5, max: 0.2, noNaN: true }),
});

/** The push estimate as a dense vector. */
function dense(nodeCount: number, nodes: Uint32Array, values: Float64Array): number[] {
  const out = new Array<number>(nodeCount).fill(0);
  nodes.forEach((v, i) => {
    out[v] = values[i] as number;
  });
  return out;
}

describe("forwardPush", () => {
  it("on symmetric graphs, under-estimates exact PPR by at most ε·deg(t) (ACL)", () => {
    fc.assert(
      fc.property(symmetricGraph(), params, fc.nat(), (g, { alpha, epsilon }, s) => {
        const source = s % g.nodeCount;
        const push = forwardPush(prepareTrustWalk(g), source, { alpha, epsilon });
        const p = dense(g.nodeCount, push.nodes, push.estimates);
        const exact = densePpr(g, source, alpha);
        for (let t = 0; t < g.nodeCount; t++) {
          const gap = (exact[t] as number) - (p[t] as number);
          const deg = (g.offsets[t + 1] as number) - (g.offsets[t] as number);
          expect(gap).toBeGreaterThanOrEqual(-1e-12);
          expect(gap).toBeLessThanOrEqual(epsilon * deg + 1e-12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("on signed directed multigraphs, stays within [exact − residual mass, exact]", () => {
    fc.assert(
      fc.property(smallGraph(), params, fc.nat(), (g, { alpha, epsilon }, s) => {
        const source = s % g.nodeCount;
        const push = forwardPush(prepareTrustWalk(g), source, { alpha, epsilon });
        const p = dense(g.nodeCount, push.nodes, push.estimates);
        const exact = densePpr(g, source, alpha);
        for (let t = 0; t < g.nodeCount; t++) {
          const gap = (exact[t] as number) - (p[t] as number);
          expect(gap).toBeGreaterThanOrEqual(-1e-12);
          expect(gap).toBeLessThanOrEqual(push.residualMass + 1e-12);
        }
        // Every residual left is below its node's push threshold ε·max(deg, 1).
        push.nodes.forEach((v, i) => {
          const deg = Math.max(1, (g.offsets[v + 1] as number) - (g.offsets[v] as number));
          expect(push.residuals[i]).toBeLessThan(epsilon * deg);
        });
        // Mass is conserved: settled + residual = 1.
        const total = push.estimates.reduce((a, b) => a + b, 0) + push.residualMass;
        expect(total).toBeCloseTo(1, 10);
      }),
      { numRuns: 300 },
    );
  });

  it("reads at most 1/(α·ε) edges, whatever the graph", () => {
    fc.assert(
      fc.property(smallGraph(30), params, fc.nat(), (g, { alpha, epsilon }, s) => {
        const push = forwardPush(prepareTrustWalk(g), s % g.nodeCount, { alpha, epsilon });
        expect(push.edgeReads).toBeLessThanOrEqual(1 / (alpha * epsilon));
      }),
    );
  });

  it("never lets trust cross a negative edge", () => {
    // 0 —(−1)→ 1 is distrust: 1 must get nothing, though it is 0's only neighbour.
    const g = smallGraphOf(2, [[0, 1, -1]]);
    const push = forwardPush(prepareTrustWalk(g), 0, { alpha: 0.15, epsilon: 1e-6 });
    expect([...push.nodes]).toEqual([0]);
    expect(push.estimates[0]).toBeGreaterThan(0.99);
  });

  it("leaves the workspace clean, so a reused workspace gives identical answers", () => {
    fc.assert(
      fc.property(smallGraph(), fc.nat(), fc.nat(), (g, a, b) => {
        const walk = prepareTrustWalk(g);
        const ws = createPushWorkspace(g.nodeCount);
        const opts = { alpha: 0.2, epsilon: 1e-3 };
        forwardPush(walk, a % g.nodeCount, opts, ws);
        const reused = forwardPush(walk, b % g.nodeCount, opts, ws);
        const fresh = forwardPush(walk, b % g.nodeCount, opts);
        expect(reused).toEqual(fresh);
        for (const arr of [ws.estimate, ws.residual, ws.queued, ws.marked]) {
          expect(arr.every((x) => x === 0)).toBe(true);
        }
      }),
    );
  });

  it("refuses a source outside the graph and a non-positive ε", () => {
    const walk = prepareTrustWalk(smallGraphOf(2, [[0, 1, 1]]));
    expect(() => forwardPush(walk, 2, { alpha: 0.15, epsilon: 1e-4 })).toThrow(RangeError);
    expect(() => forwardPush(walk, 0, { alpha: 0.15, epsilon: 0 })).toThrow(RangeError);
  });
});
