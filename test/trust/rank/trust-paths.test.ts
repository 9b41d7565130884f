/**
 * Trust paths (src/trust/rank/trust-paths.ts) and the personalized trust query that returns them: paths
 * are real simple paths of positive edges, their strengths are what they claim, and with loose bounds
 * the search returns exactly the k strongest paths of a brute-force enumeration.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../../src/trust/graph/csr.js";
import { buildTrustGraph } from "../../../src/trust/graph/graph-builder.js";
import {
  type PersonalizedTrust,
  personalizedTrust,
} from "../../../src/trust/rank/personalized-trust.js";
import { createPushWorkspace, prepareTrustWalk } from "../../../src/trust/rank/push.js";
import { strongestTrustPaths, type TrustPath } from "../../../src/trust/rank/trust-paths.js";
import { densePpr, smallGraph } from "./reference.js";

/** share(u, v): the part of u's positive out-weight going to v (parallel edges summed). */
function share(g: Graph, u: number, v: number): number {
  let to = 0;
  let all = 0;
  for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
    const w = g.weights[e] as number;
    if (!(w > 0)) continue;
    all += w;
    if (g.targets[e] === v) to += w;
  }
  return all > 0 ? to / all : 0;
}

/** Strengths of every simple positive path s → t, by depth-first enumeration. */
function allPathStrengths(g: Graph, s: number, t: number, alpha: number, maxLen: number): number[] {
  const out: number[] = [];
  const visit = (u: number, onPath: Set<number>, strength: number, len: number): void => {
    if (u === t) {
      out.push(strength);
      return;
    }
    if (len === maxLen) return;
    for (let v = 0; v < g.nodeCount; v++) {
      const c = share(g, u, v);
      if (c === 0 || onPath.has(v)) continue;
      visit(v, new Set([...onPath, v]), strength * (1 - alpha) * c, len + 1);
    }
  };
  visit(s, new Set([s]), alpha, 0);
  return out.sort((a, b) => b - a);
}

function expectRealPath(g: Graph, path: TrustPath, viewer: number, subject: number, alpha: number) {
  expect(path.nodes[0]).toBe(viewer);
  expect(path.nodes.at(-1)).toBe(subject);
  expect(new Set(path.nodes).size).toBe(path.nodes.length);
  let strength = alpha;
  path.steps.forEach((step, i) => {
    expect([step.from, step.to]).toEqual([path.nodes[i], path.nodes[i + 1]]);
    // The step names a real edge of the graph, from → to, of positive weight.
    expect(step.edge).toBeGreaterThanOrEqual(g.offsets[step.from] as number);
    expect(step.edge).toBeLessThan(g.offsets[step.from + 1] as number);
    expect(g.targets[step.edge]).toBe(step.to);
    expect(g.weights[step.edge]).toBe(step.weight);
    expect(step.weight).toBeGreaterThan(0);
    expect(step.share).toBeCloseTo(share(g, step.from, step.to), 12);
    strength *= (1 - alpha) * step.share;
  });
  expect(path.strength).toBeCloseTo(strength, 14);
}

describe("strongestTrustPaths", () => {
  it("returns real simple paths of positive edges, strongest first, exactly the top k", () => {
    fc.assert(
      fc.property(smallGraph(7), fc.nat(), fc.nat(), (g, a, b) => {
        const [viewer, subject] = [a % g.nodeCount, b % g.nodeCount];
        const alpha = 0.15;
        const walk = prepareTrustWalk(g);
        const { paths, exhaustive } = strongestTrustPaths(walk, viewer, subject, {
          alpha,
          maxPaths: 4,
          maxLength: 6,
          maxExpansions: 100_000,
          maxBranching: 100,
        });
        expect(exhaustive).toBe(true);
        for (const p of paths) expectRealPath(g, p, viewer, subject, alpha);
        const expected = allPathStrengths(g, viewer, subject, alpha, 6).slice(0, 4);
        expect(paths.map((p) => p.strength)).toHaveLength(expected.length);
        paths.forEach((p, i) => {
          expect(p.strength).toBeCloseTo(expected[i] as number, 14);
        });
        // Simple paths are a subset of the walks PPR sums over.
        const total = allPathStrengths(g, viewer, subject, alpha, 6).reduce((x, y) => x + y, 0);
        expect(total).toBeLessThanOrEqual((densePpr(g, viewer, alpha)[subject] as number) + 1e-12);
      }),
      { numRuns: 300 },
    );
  });
});

describe("personalizedTrust", () => {
  it("scores a lower bound within errorBound of exact PPR, explained by real paths", () => {
    fc.assert(
      fc.property(
        smallGraph(10),
        fc.nat(),
        fc.nat(),
        fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
        (g, a, b, epsilon) => {
          const [viewer, subject] = [a % g.nodeCount, b % g.nodeCount];
          const t = personalizedTrust(prepareTrustWalk(g), viewer, subject, { epsilon });
          const exact = densePpr(g, viewer, 0.15)[subject] as number;
          expect(exact - t.score).toBeGreaterThanOrEqual(-1e-12);
          expect(exact - t.score).toBeLessThanOrEqual(t.errorBound + 1e-12);
          for (const p of t.paths) expectRealPath(g, p, viewer, subject, 0.15);
          const strengths = t.paths.map((p) => p.strength);
          expect(strengths).toEqual([...strengths].sort((x, y) => y - x));
        },
      ),
      { numRuns: 300 },
    );
  });

  const built = buildTrustGraph([
    { kind: "vouch", from: "you", to: "ana", weight: 1, time: 1 },
    { kind: "interaction", from: "ana", to: "bo", weight: 1, time: 2 },
    { kind: "alert", from: "you", to: "bo", weight: 1, time: 3 },
    { kind: "vouch", from: "you", to: "cy", weight: 1, time: 4 },
    { kind: "rating", from: "cy", to: "bo", weight: 2, time: 5 },
    { kind: "rating", from: "cy", to: "dee", weight: 2, time: 6 },
  ]);
  const id = (name: string) => built.ids.indexOf(name) as number;
  const walk = prepareTrustWalk(built.graph);

  it("explains the score by its strongest trust paths, never through distrust", () => {
    const t = personalizedTrust(walk, id("you"), id("bo"), { epsilon: 1e-6 });
    const exact = densePpr(built.graph, id("you"), 0.15)[id("bo")] as number;
    expect(exact - t.score).toBeGreaterThanOrEqual(0);
    expect(exact - t.score).toBeLessThanOrEqual(t.errorBound);
    // you → ana → bo carries 0.15·(0.85·½)·(0.85·1); you → cy → bo carries 0.15·(0.85·½)·(0.85·½).
    expect(t.paths.map((p) => p.nodes.map((n) => built.ids.idOf(n)))).toEqual([
      ["you", "ana", "bo"],
      ["you", "cy", "bo"],
    ]);
    expect(t.paths[0]?.steps.map((s) => s.kind)).toEqual(["vouch", "interaction"]);
    expect(t.paths[0]?.strength).toBeCloseTo(0.15 * 0.85 * 0.5 * 0.85, 14);
    expect(t.provenance.algorithm).toBe("personalized-trust");
    expect(t.provenance.params).toMatchObject({ alpha: 0.15, epsilon: 1e-6, maxPaths: 3 });
    expect(t.provenance.logSize).toBe(6);
  });

  it("finds no path and no trust where only distrust leads", () => {
    const g = buildTrustGraph([{ kind: "alert", from: "you", to: "eve", weight: 1, time: 0 }]);
    const t: PersonalizedTrust = personalizedTrust(
      prepareTrustWalk(g.graph),
      g.ids.indexOf("you") as number,
      g.ids.indexOf("eve") as number,
    );
    expect(t.score).toBe(0);
    expect(t.paths).toEqual([]);
  });

  it("gives the same answer with a reused workspace", () => {
    const ws = createPushWorkspace(built.graph.nodeCount);
    const first = personalizedTrust(walk, id("you"), id("dee"), {}, ws);
    personalizedTrust(walk, id("cy"), id("bo"), {}, ws);
    expect(personalizedTrust(walk, id("you"), id("dee"), {}, ws)).toEqual(first);
  });
});
