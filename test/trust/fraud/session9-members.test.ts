/**
 * Session 9's member-ranked procedures for Bitcoin Alpha (bench/eval/fraud-alpha-session9-procedures.ts),
 * on inputs small enough to compute by hand (docs/evaluation.md, "Session 9").
 */
import { describe, expect, it } from "vitest";
import {
  memberPopulations,
  memberRankAverage,
  pairedBootstrap,
} from "../../../bench/eval/fraud-alpha-session9-procedures.js";
import { buildGraph } from "../../../src/trust/graph/csr.js";

describe("memberPopulations", () => {
  it("lists the members who rated someone, and those with a rating given or received", () => {
    // 0 and 2 rate 1; 3 appears in no rating.
    const g = buildGraph(4, {
      count: 2,
      sources: Uint32Array.of(0, 2),
      targets: Uint32Array.of(1, 1),
      weights: Float32Array.of(1, -1),
      times: Float64Array.of(0, 0),
    });
    expect(memberPopulations(g)).toEqual({ raters: [0, 2], active: [0, 1, 2] });
  });
});

describe("memberRankAverage", () => {
  it("ranks every signal and the weighted sum among the members, not among the training users", () => {
    // Members 0-5; 6 is not a member. Training users 0-3, fraudulent 0 and 1.
    const s1 = Float64Array.of(5, 4, 3, 2, 1, 0, 10); // training AUC 1: weight 0.5
    const s2 = Float64Array.of(3, 1, 2, 0, 4, 5, -1); // training AUC 0.75: weight 0.25
    const p = memberRankAverage("A", [s1, s2], [0, 1, 2, 3, 4, 5]);
    const fitted = p.fit([0, 1, 2, 3], (u) => u < 2);
    // Member ranks (2i + 1)/12; sums ×12: 7.25, 5.25, 4.75, 2.75, 3.75, 3.25 and 6 for user 6,
    // whose quantile among the members is 10/12. Ranked among the training users instead, user 0
    // would get 7/8 and user 3 1/8.
    const expected = [11, 9, 7, 1, 5, 3, 10].map((k) => k / 12);
    for (const [u, q] of expected.entries()) expect(fitted.score(u)).toBeCloseTo(q, 12);
    expect(fitted.choice).toBe("weights 0.50, 0.25");
    expect(p.method).toBe("A");
  });
});

describe("pairedBootstrap", () => {
  const users = Array.from({ length: 20 }, (_, u) => u);
  const label = (u: number) => u < 10;
  const perfect = (u: number) => -u; // AUC 1 on every resample
  const constant = () => 0; // AUC 0.5 on every resample

  it("gives the gain of the first score over the second, resample by resample", () => {
    expect(pairedBootstrap(perfect, constant, users, label, 200, 1)).toEqual({
      mean: 0.5,
      low: 0.5,
      high: 0.5,
    });
  });

  it("pairs the resamples: swapping the scores mirrors the interval", () => {
    const noisy = (u: number) => (u * 7) % 11;
    const ab = pairedBootstrap(noisy, perfect, users, label, 500, 3);
    const ba = pairedBootstrap(perfect, noisy, users, label, 500, 3);
    expect(ab.mean).toBeCloseTo(-ba.mean, 12);
    expect(ab.low).toBeCloseTo(-ba.high, 12);
    expect(ab.high).toBeLessThan(0);
  });
});
