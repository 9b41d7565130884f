/**
 * The runs of node indices proof-nodes.ts reads on PostgreSQL: every wanted node lies in a run of its
 * level, runs of a level are disjoint and ascending, and a gap wider than RUN_GAP splits a run.
 */
import { describe, expect, it } from "vitest";
import type { NodeId } from "../../../src/log/merkle/hash-store.js";
import { nodeRuns, RUN_GAP } from "../../../src/store/member-data/proof-nodes.js";

describe("nodeRuns", () => {
  it("merges close indices of a level and keeps levels apart", () => {
    const ids: NodeId[] = [
      { level: 0, index: 5 },
      { level: 0, index: 4 },
      { level: 2, index: 9 },
      { level: 0, index: 5 + RUN_GAP + 1 },
      { level: 0, index: 5 + RUN_GAP + 1 + RUN_GAP + 2 },
    ];
    expect(nodeRuns(ids)).toEqual({
      level: [0, 0, 2],
      lo: [4, 5 + 2 * RUN_GAP + 3, 9],
      hi: [5 + RUN_GAP + 1, 5 + 2 * RUN_GAP + 3, 9],
    });
  });

  it("covers every wanted node with disjoint ascending runs (random sets)", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 50; round++) {
      const ids: NodeId[] = Array.from({ length: 1 + (next() % 300) }, () => ({
        level: next() % 5,
        index: next() % 2000,
      }));
      const runs = nodeRuns(ids);
      for (const id of ids) {
        const covering = runs.level.filter(
          (l, i) =>
            l === id.level &&
            (runs.lo[i] as number) <= id.index &&
            id.index <= (runs.hi[i] as number),
        );
        expect(covering).toHaveLength(1);
      }
      for (let i = 1; i < runs.level.length; i++) {
        if (runs.level[i] === runs.level[i - 1]) {
          expect(runs.lo[i] as number).toBeGreaterThan((runs.hi[i - 1] as number) + RUN_GAP + 1);
        } else expect(runs.level[i] as number).toBeGreaterThan(runs.level[i - 1] as number);
      }
    }
  });
});
