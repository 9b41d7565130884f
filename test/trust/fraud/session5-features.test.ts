/**
 * Session 5's candidate signals for Bitcoin Alpha (bench/eval/fraud-alpha-session5-features.ts), on a
 * graph small enough to compute by hand: the established-rater mean and its smoothing, the endorsement
 * signal and the switch that leaves out ratings given to some users (the leak check of
 * docs/evaluation.md, "Session 5").
 */
import { describe, expect, it } from "vitest";
import {
  endorsement,
  established,
  lowGoodness,
  surprisalWeightedMean,
  weightedMeanReceived,
} from "../../../bench/eval/fraud-alpha-session5-features.js";
import { buildGraph } from "../../../src/trust/graph/csr.js";

const DAY = 86_400;

/**
 * 0 is an old account (active 400 days), 1 a one-day account. Both rate 2; 0 also rates 3, and 2
 * praises 3. Times in seconds.
 */
const g = buildGraph(4, {
  count: 5,
  sources: Uint32Array.of(0, 1, 0, 2, 0),
  targets: Uint32Array.of(2, 2, 3, 3, 1),
  weights: Float32Array.of(-1, 1, 0.5, 1, 0.2),
  times: Float64Array.of(0, DAY, 400 * DAY, 10 * DAY, 2 * DAY),
});

describe("established", () => {
  it("is the active span over the horizon, capped at 1", () => {
    const e = established(g, 200);
    expect(e[0]).toBe(1);
    expect(e[1]).toBeCloseTo(1 / 200, 12);
  });
});

describe("weightedMeanReceived", () => {
  it("weighs each rating by its rater and adds one neutral pseudo-rating", () => {
    const w = Float64Array.of(1, 0.25, 1, 1);
    const m = weightedMeanReceived(g, w);
    // user 2: (1·(−1) + 0.25·1) / (1 + 0.25 + 1)
    expect(m[2]).toBeCloseTo(-0.75 / 2.25, 6);
    // user 3: (1·0.5 + 1·1) / (2 + 1)
    expect(m[3]).toBeCloseTo(1.5 / 3, 6);
    expect(m[0]).toBe(0);
  });

  it("pulls towards the prior it is given, and leaves an unrated user at it", () => {
    const w = Float64Array.of(1, 1, 1, 1);
    const m = weightedMeanReceived(g, w, undefined, 2, 0.5);
    expect(m[3]).toBeCloseTo((1.5 + 2 * 0.5) / 4, 6);
    expect(m[0]).toBe(0.5);
  });
});

describe("endorsement", () => {
  const low = Float64Array.of(0.5, 0.5, 0.9, 0.1);

  it("is high for a user whose praise went to badly rated users", () => {
    const e = endorsement(g, low);
    // user 1 praised 2 (low 0.9) with weight 1: 0.5 + 1·0.4 / (1 + 1)
    expect(e[1]).toBeCloseTo(0.7, 6);
    // user 2 praised 3 (low 0.1): 0.5 − 0.4 / 2
    expect(e[2]).toBeCloseTo(0.3, 6);
    expect(e[3]).toBe(0.5);
  });

  it("leaves out ratings given to the users it is told to skip", () => {
    expect(endorsement(g, low, (v) => v === 2)[1]).toBe(0.5);
    expect(endorsement(g, low, (v) => v === 2)[2]).toBeCloseTo(0.3, 6);
  });
});

describe("lowGoodness", () => {
  it("maps goodness −1..1 onto 1..0 and clamps", () => {
    expect(Array.from(lowGoodness(Float64Array.of(-1, 0, 1, 2)))).toEqual([1, 0.5, 0, 0]);
  });
});

describe("surprisalWeightedMean", () => {
  it("is the plain weighted mean when a = 0", () => {
    const w = Float64Array.of(1, 0.5, 1, 1);
    const plain = weightedMeanReceived(g, w);
    const s = surprisalWeightedMean(g, w, 0, 5);
    for (let v = 0; v < 4; v++) expect(s[v]).toBeCloseTo(plain[v] as number, 12);
  });

  it("weighs a complaint less when its rater complains more than the log does", () => {
    const w = Float64Array.of(1, 1, 1, 1);
    // p0 = 1/5; rater 0 gave 1 negative of 3: rate (1 + 5·0.2) / (3 + 5) = 0.25, multiplier 0.8.
    // user 2: (0.8·(−1) + 1) / (0.8 + 1 + 1)
    const s = surprisalWeightedMean(g, w, 1, 5);
    expect(s[2]).toBeCloseTo(0.2 / 2.8, 6);
    expect(s[2] as number).toBeGreaterThan(weightedMeanReceived(g, w)[2] as number);
  });
});
