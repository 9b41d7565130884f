import { describe, expect, it } from "vitest";
import { behaviourSignals } from "../../../src/trust/fraud/behaviour.js";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";

const DAY = 86_400;

function graph(n: number, edges: readonly [number, number, number, number][]): Graph {
  return buildGraph(n, {
    count: edges.length,
    sources: Uint32Array.from(edges, (e) => e[0]),
    targets: Uint32Array.from(edges, (e) => e[1]),
    weights: Float32Array.from(edges, (e) => e[2]),
    times: Float64Array.from(edges, (e) => e[3]),
  });
}

describe("behaviourSignals", () => {
  // 0: an old, calm rater (ratings a week apart, from day 0). 1: appears on day 30 and gives three
  // extreme ratings within an hour. 2 and 3 rate each other +1 a day apart (a ring).
  const g = graph(6, [
    [0, 4, 0.5, 0],
    [0, 5, 0.5, 7 * DAY],
    [0, 4, 0.2, 14 * DAY],
    [0, 5, 0.4, 21 * DAY],
    [1, 4, -1, 30 * DAY],
    [1, 5, -1, 30 * DAY + 600],
    [1, 2, 1, 30 * DAY + 1200],
    [2, 3, 0.6, 40 * DAY],
    [3, 2, 0.6, 41 * DAY],
  ]);
  const b = behaviourSignals(g);

  it("finds bursts only at or above the minimum burst size", () => {
    expect(Array.from(b.densest.slice(0, 4))).toEqual([1, 3, 1, 1]);
    expect(b.burst[1]).toBe(1);
    expect(b.burst[0]).toBe(0);
  });

  it("measures extremity and the leave-one-out deviation", () => {
    expect(b.extremity[1]).toBe(1);
    expect(b.extremity[0]).toBe(0);
    // 1 rated 4 at -1 while 0 rated 4 at 0.5 and 0.2 (mean 0.35): |−1 − 0.35| / 2 = 0.675; the same
    // for 5 (0.5, 0.4 → 0.45): 0.725; 2 was rated by 1 and 3 (0.6): |1 − 0.6| / 2 = 0.2.
    expect(b.deviation[1]).toBeCloseTo((0.675 + 0.725 + 0.2) / 3, 6);
    expect(b.compared[1]).toBe(3);
  });

  it("counts ratings given while the account was young", () => {
    expect(b.whileYoung[0]).toBe(2); // day 0 and day 7 (inclusive), not days 14 and 21
    expect(b.young[0]).toBe(0.5);
    expect(b.young[1]).toBe(1);
  });

  it("measures how long each account was active, as rater or rated, against establishedAfter", () => {
    // 0 rates from day 0 to day 21; 4 is rated from day 0 to day 30 (+600 s); 1 appears once, in
    // one hour; 2 from day 30 (rated by 1) to day 41.
    expect(b.activeFor[0]).toBe(21 * DAY);
    expect(b.activeFor[1]).toBe(1200);
    expect(b.activeFor[2]).toBe(41 * DAY - (30 * DAY + 1200));
    expect(b.shortLived[0]).toBeCloseTo(1 - 21 / 180, 12);
    expect(b.shortLived[1]).toBeCloseTo(1 - 1200 / (180 * DAY), 12);
    const strict = behaviourSignals(g, { establishedAfter: 20 * DAY });
    expect(strict.shortLived[0]).toBe(0);
  });

  it("finds reciprocal positive ratings within the ring window, and not beyond it", () => {
    expect(b.reciprocated[2]).toBe(1);
    expect(b.reciprocated[3]).toBe(1);
    expect(b.ring[2]).toBe(1);
    expect(b.reciprocated[1]).toBe(0);
    const slow = behaviourSignals(g, { ringWindow: 12 * 3_600 });
    expect(slow.reciprocated[2]).toBe(0);
  });

  it("leaves time signals at 0 without times, but still finds rings", () => {
    const untimed = buildGraph(g.nodeCount, {
      count: g.edgeCount,
      sources: Uint32Array.from(
        { length: g.edgeCount },
        (_, e) => [0, 1, 2, 3, 4, 5].findLast((u) => (g.offsets[u] as number) <= e) as number,
      ),
      targets: g.targets,
      weights: g.weights,
    });
    const u = behaviourSignals(untimed);
    expect(u.timed).toBe(false);
    expect(Array.from(u.burst)).toEqual(new Array(6).fill(0));
    expect(Array.from(u.shortLived)).toEqual(new Array(6).fill(0));
    expect(u.ring[2]).toBe(1);
  });
});
