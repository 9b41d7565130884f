/**
 * The rank algorithms on a real trust network: Bitcoin Alpha (SNAP; Kumar et al., ICDM 2016), 24,186
 * signed ratings (−10..10) between 3,783 users, read through the graph builder. Forward push is checked
 * against exact personalized PageRank computed by the power iteration with a one-node restart (the same
 * walk: positive edges by weight, dangling mass back to the source).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildTrustGraph, type EdgeRecord } from "../../../src/trust/graph/graph-builder.js";
import { inAdjacency } from "../../../src/trust/graph/in-adjacency.js";
import { eigenTrust } from "../../../src/trust/rank/eigentrust.js";
import { pagerank } from "../../../src/trust/rank/pagerank.js";
import { personalizedTrust } from "../../../src/trust/rank/personalized-trust.js";
import { powerIterate } from "../../../src/trust/rank/power-iteration.js";
import { createPushWorkspace, prepareTrustWalk } from "../../../src/trust/rank/push.js";

const FILE = fileURLToPath(
  new URL("../../../../shared/data/bitcoin-alpha/network.csv", import.meta.url),
);
const HAVE = existsSync(FILE);

function records(): EdgeRecord[] {
  return readFileSync(FILE, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [rater, ratee, rating, time] = line.trim().split(",");
      return {
        kind: "rating" as const,
        from: rater as string,
        to: ratee as string,
        weight: Number(rating),
        time: Number(time),
      };
    });
}

describe.skipIf(!HAVE)(`ranks on Bitcoin Alpha${HAVE ? "" : ` (skipped: ${FILE} absent)`}`, () => {
  const built = HAVE ? buildTrustGraph(records()) : undefined;
  const graph = built?.graph;

  it("reads every rating into the graph", () => {
    expect(graph?.nodeCount).toBe(3783);
    expect(graph?.edgeCount).toBe(24186);
    expect(graph?.logSize).toBe(24186);
  });

  it("computes PageRank and EigenTrust distributions that converge and sum to 1", () => {
    if (graph === undefined) return;
    const pr = pagerank(graph, { positiveOnly: true });
    expect(pr.converged).toBe(true);
    expect(pr.ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const seeds = [built?.ids.indexOf("1") as number];
    const et = eigenTrust(graph, { seeds });
    expect(et.converged).toBe(true);
    expect(et.trust.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(et.trust[seeds[0] as number]).toBeGreaterThanOrEqual(0.15);
  });

  it("push stays within its error bound of exact PPR, for 20 viewers", () => {
    if (graph === undefined) return;
    const walk = prepareTrustWalk(graph);
    const ws = createPushWorkspace(graph.nodeCount);
    const positive = inAdjacency(graph, { weighted: true });
    for (let i = 0; i < 20; i++) {
      const viewer = (i * 189) % graph.nodeCount;
      const restart = new Float64Array(graph.nodeCount);
      restart[viewer] = 1;
      const exact = powerIterate(positive, { damping: 0.85, tol: 1e-14, maxIter: 10_000, restart });
      expect(exact.converged).toBe(true);
      for (const subject of [0, 1, 2, 100, 1000, viewer]) {
        const t = personalizedTrust(walk, viewer, subject, { epsilon: 1e-5 }, ws);
        const gap = (exact.ranks[subject] as number) - t.score;
        expect(gap).toBeGreaterThanOrEqual(-1e-12);
        expect(gap).toBeLessThanOrEqual(t.errorBound + 1e-12);
        expect(t.edgeReads).toBeLessThanOrEqual(1 / (0.15 * 1e-5));
      }
    }
  });
});
