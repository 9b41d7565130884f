/**
 * Session 7's signal and procedures for Bitcoin Alpha (bench/eval/fraud-alpha-session7-procedures.ts),
 * on inputs small enough to compute by hand (docs/evaluation.md, "Session 7").
 */
import { describe, expect, it } from "vitest";
import {
  aucWeighted,
  bagged,
  nestedSettings,
  quantiles,
  ranksOver,
  receptionBurst,
} from "../../../bench/eval/fraud-alpha-session7-procedures.js";
import { buildGraph } from "../../../src/trust/graph/csr.js";

const DAY = 86_400;

describe("receptionBurst", () => {
  it("counts the fullest 7-day window of ratings received, over received + 1", () => {
    // 1 is rated on days 0, 3, 6 (one window) and 30; 2 on days 0 and 8 (never together); 0 never.
    const g = buildGraph(3, {
      count: 6,
      sources: Uint32Array.of(0, 0, 2, 0, 0, 1),
      targets: Uint32Array.of(1, 1, 1, 1, 2, 2),
      weights: Float32Array.of(1, 1, 1, 1, 1, 1),
      times: Float64Array.of(0, 3 * DAY, 6 * DAY, 30 * DAY, 0, 8 * DAY),
    });
    const b = receptionBurst(g, 7);
    expect(b[1]).toBeCloseTo(3 / 5, 12);
    expect(b[2]).toBeCloseTo(1 / 3, 12);
    expect(b[0]).toBe(0);
  });
});

describe("ranksOver", () => {
  it("gives mid-rank quantiles among the chosen users, ties sharing them, to every user", () => {
    const r = ranksOver(Float64Array.of(3, 1, 1, 9, 0), [0, 1, 2]);
    expect(Array.from(r)).toEqual([2.5 / 3, 1 / 3, 1 / 3, 1, 0]);
  });
});

describe("aucWeighted", () => {
  it("weighs each signal by its training AUC above chance, and a signal below chance by 0", () => {
    const good = Float64Array.of(0.9, 0.8, 0.2, 0.1);
    const half = Float64Array.of(0.9, 0.1, 0.8, 0.2);
    const wrong = Float64Array.of(0.1, 0.2, 0.8, 0.9);
    const label = (u: number) => u < 2;
    const fitted = aucWeighted("t", [good, half, wrong]).fit([0, 1, 2, 3], label);
    // AUCs 1, 0.5, 0: weights 0.5, 0, 0.
    expect(fitted.score(0)).toBeCloseTo(0.45, 12);
    expect(fitted.score(3)).toBeCloseTo(0.05, 12);
    expect(fitted.choice).toBe("weights 0.50, 0.00, 0.00");
  });
});

describe("quantiles", () => {
  it("maps a fitted score to its mid-rank among the chosen users, whatever its scale", () => {
    const s = Float64Array.of(10, 20, 20, 40, 100);
    const p = quantiles(
      { method: "m", fit: () => ({ score: (u) => s[u] as number, choice: "c" }) },
      [0, 1, 2, 3],
    );
    const fitted = p.fit([], () => false);
    expect([0, 1, 2, 3, 4].map(fitted.score)).toEqual([0.125, 0.5, 0.5, 0.875, 1]);
    expect(fitted.choice).toBe("c");
  });
});

describe("bagged", () => {
  it("averages the settings chosen on bootstrap resamples; a setting that always wins is returned", () => {
    const users = [0, 1, 2, 3, 4, 5];
    const label = (u: number) => u < 3;
    const perfect = Float64Array.of(6, 5, 4, 3, 2, 1);
    const settings = nestedSettings(
      Float64Array.of(1, 2, 3, 4, 5, 6),
      [["perfect", perfect]],
      [10],
      users,
    );
    // base is reversed (AUC 0), base + 10·z(perfect) ranks perfectly on any resample.
    const fitted = bagged("b", settings, 20).fit(users, label);
    for (const u of users) expect(fitted.score(u)).toBeCloseTo(settings[1]?.score[u] as number, 12);
    expect(fitted.choice).toBe("10·perfect ×20");
  });
});
