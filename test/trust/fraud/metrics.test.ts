/**
 * The evaluation's ranking metrics (bench/eval/metrics.ts), against hand-computed values and the
 * pairwise definition of ROC-AUC. Ties are the point: trust scores are constant over large groups.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averagePrecision, rocAuc } from "../../../bench/eval/metrics.js";

describe("rocAuc", () => {
  it("counts a tied positive–negative pair as one half", () => {
    // Pairs (pos, neg): (0.9, 0.5) 1, (0.9, 0.1) 1, (0.5, 0.5) ½, (0.5, 0.1) 1 → 3.5 / 4.
    expect(rocAuc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(0.875);
    expect(rocAuc([1, 1, 1, 1], [true, false, true, false])).toBe(0.5);
  });

  it("is 1 for a perfect ranking, 0 for the reverse, NaN with one class", () => {
    expect(rocAuc([3, 2, 1], [true, true, false])).toBe(1);
    expect(rocAuc([1, 2, 3], [true, true, false])).toBe(0);
    expect(rocAuc([1, 2], [true, true])).toBeNaN();
    expect(() => rocAuc([Number.NaN, 1], [true, false])).toThrow(RangeError);
  });

  it("equals the pairwise definition on tie-heavy inputs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()), {
          minLength: 2,
          maxLength: 40,
        }),
        (rows) => {
          const scores = rows.map((r) => r[0]);
          const labels = rows.map((r) => r[1]);
          let wins = 0;
          let pairs = 0;
          rows.forEach(([s, l]) => {
            if (!l) return;
            rows.forEach(([t, m]) => {
              if (m) return;
              pairs++;
              wins += s > t ? 1 : s === t ? 0.5 : 0;
            });
          });
          const auc = rocAuc(scores, labels);
          if (pairs === 0) expect(auc).toBeNaN();
          else expect(auc).toBeCloseTo(wins / pairs, 12);
        },
      ),
    );
  });
});

describe("averagePrecision", () => {
  it("matches hand computations without ties", () => {
    // Positives at ranks 1, 3, 5: (1/1 + 2/3 + 3/5) / 3.
    expect(
      averagePrecision([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, false, true]),
    ).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12);
  });

  it("enters a tied group as one step", () => {
    // Threshold 0.9: 1 of 1 correct, recall ½ → ½·1; threshold 0.5: 2 of 3, recall +½ → ½·⅔.
    expect(averagePrecision([0.9, 0.5, 0.5, 0.1], [true, false, true, false])).toBeCloseTo(
      0.5 + 1 / 3,
      12,
    );
    // Everything tied: one step with precision = the positive share.
    expect(averagePrecision([2, 2, 2, 2], [true, false, false, false])).toBe(0.25);
    expect(averagePrecision([1, 2], [false, false])).toBeNaN();
  });

  it("does not depend on the input order inside ties", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), {
          minLength: 1,
          maxLength: 30,
        }),
        (rows) => {
          const reversed = [...rows].reverse();
          const a = averagePrecision(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
          );
          const b = averagePrecision(
            reversed.map((r) => r[0]),
            reversed.map((r) => r[1]),
          );
          if (Number.isNaN(a)) expect(b).toBeNaN();
          else expect(b).toBeCloseTo(a, 12);
        },
      ),
    );
  });
});
