/**
 * Session 6's signals for Bitcoin Alpha (bench/eval/fraud-alpha-session6-features.ts) and its grid
 * procedure, on graphs small enough to compute by hand (docs/evaluation.md, "Session 6").
 */
import { describe, expect, it } from "vitest";
import {
  distrustShare,
  firstMoverShare,
  givingRate,
  leaveOneOutUnfairness,
  lowWeightedMean,
  lukewarmShare,
  neighbourEvidence,
  positiveTrust,
  receptionRate,
  unreturnedPraise,
  weakestEndorsement,
} from "../../../bench/eval/fraud-alpha-session6-features.js";
import { standardisedGrid } from "../../../bench/eval/fraud-alpha-session6-procedures.js";
import { buildGraph } from "../../../src/trust/graph/csr.js";

const DAY = 86_400;

/**
 * 0 → 1 (+1, day 0), 1 → 0 (+0.5, day 2), 0 → 2 (−1, day 1), 3 → 2 (+0.1, day 10), 1 → 3 (+1, day 4).
 */
const g = buildGraph(4, {
  count: 5,
  sources: Uint32Array.of(0, 1, 0, 3, 1),
  targets: Uint32Array.of(1, 0, 2, 2, 3),
  weights: Float32Array.of(1, 0.5, -1, 0.1, 1),
  times: Float64Array.of(0, 2 * DAY, DAY, 10 * DAY, 4 * DAY),
});

describe("positiveTrust", () => {
  it("restarts only where asked and scales the seeds' mean to 1", () => {
    const t = positiveTrust(g, Float64Array.of(1, 0, 0, 0), 0.85, 400);
    expect(t[0]).toBeCloseTo(1, 12);
    // 1 holds 0's whole positive out-mass, so it gets more than 3, which gets 2/3 of 1's.
    expect(t[3]).toBeCloseTo(((0.85 * 2) / 3) * (t[1] as number), 12);
    // 2 gets all of 3's positive out-mass (0 → 2 is negative and carries nothing); 2 rates nobody,
    // and its dangling mass restarts at 0.
    expect(t[2]).toBeCloseTo(0.85 * (t[3] as number), 12);
  });

  it("is the stationary vector: one more step changes nothing", () => {
    const restart = Float64Array.of(1, 1, 0, 1);
    const a = positiveTrust(g, restart, 0.85, 200);
    const b = positiveTrust(g, restart, 0.85, 201);
    for (let u = 0; u < 4; u++) expect(a[u]).toBeCloseTo(b[u] as number, 12);
  });
});

describe("lowWeightedMean and distrustShare", () => {
  const w = Float64Array.of(2, 1, 1, 0.5);
  it("negates the rater-weighted mean with one neutral pseudo-rating", () => {
    const low = lowWeightedMean(g, w);
    // user 2: −(2·(−1) + 0.5·0.1) / (2 + 0.5 + 1)
    expect(low[2]).toBeCloseTo(1.95 / 3.5, 6);
    expect(low[0]).toBeCloseTo(-0.5 / 2, 6);
  });

  it("is the weighted share of received rating mass that is negative", () => {
    const d = distrustShare(g, w);
    expect(d[2]).toBeCloseTo(2 / (2 + 0.05 + 1), 6);
    expect(d[1]).toBe(0);
  });
});

describe("neighbourEvidence", () => {
  it("counts praise exchanged with known frauds and complaints from known benign users", () => {
    // 0 is a known fraud, 3 known benign; users 1 and 2 are scored.
    const label = (u: number) => u === 0;
    const e = neighbourEvidence(g, [0, 3], label);
    // 1 exchanged two positive ratings with the fraud 0 and praised the benign 3; prior 1/2.
    expect(e[1]).toBeCloseTo((2 + 0.5) / 4, 12);
    // 2 was rated −1 by the fraud 0 (no evidence) and +0.1 by the benign 3 (benign 1).
    expect(e[2]).toBeCloseTo(0.5 / 2, 12);
  });

  it("never reads a user's own label", () => {
    const a = neighbourEvidence(g, [0, 1, 3], (u) => u === 0);
    const b = neighbourEvidence(g, [0, 1, 3], (u) => u === 0 || u === 1);
    // 1's label changed, and the prior with it; 1's own evidence only moves by the prior.
    expect(a[1]).toBeCloseTo((2 + 1 / 3) / 4, 12);
    expect(b[1]).toBeCloseTo((2 + 2 / 3) / 4, 12);
  });
});

describe("receptionRate, weakestEndorsement, lukewarmShare, firstMoverShare", () => {
  it("divides ratings received by 1 + the active span in days", () => {
    const r = receptionRate(g);
    // user 2: 2 ratings received, seen on days 1 and 10.
    expect(r[2]).toBeCloseTo(2 / 10, 12);
    // user 0: 1 received, seen on days 0 to 2.
    expect(r[0]).toBeCloseTo(1 / 3, 12);
  });

  it("takes the strongest established rating received, negated", () => {
    const e = weakestEndorsement(g, Float64Array.of(1, 0.5, 1, 1));
    expect(e[1]).toBeCloseTo(-1, 6);
    expect(e[3]).toBeCloseTo(-0.5, 6);
    expect(e[2]).toBeCloseTo(-0.1, 6);
  });

  it("shares of lukewarm ratings and of first moves", () => {
    const l = lukewarmShare(g, Float64Array.of(1, 1, 1, 1));
    // −1 and +0.1 (a +1 on −10..10, stored as float32 0.1000000015) are both lukewarm.
    expect(l[2]).toBeCloseTo(2 / 3, 6);
    expect(l[1]).toBe(0);
    const f = firstMoverShare(g);
    // 0 and 1 rated each other; 0 first (day 0 against day 2).
    expect(f[0]).toBeCloseTo(1.5 / 2, 12);
    expect(f[1]).toBeCloseTo(0.5 / 2, 12);
    expect(f[2]).toBe(0.5);
  });
});

describe("round 3: leaveOneOutUnfairness, unreturnedPraise, givingRate", () => {
  it("judges a rating against the consensus without it", () => {
    const w = Float64Array.of(1, 1, 1, 1);
    const u = leaveOneOutUnfairness(g, w);
    // Errors: 0→1 vs 1's mean without it (0/1 = 0): 0.5; 1→0: 0.25; 0→2 vs (0.1)/(1+1) = 0.05:
    // 0.525; 3→2 vs (−1)/(1+1): 0.3; 1→3 vs 0: 0.5. Mean error 2.075 / 5 = 0.415.
    const e32 = Math.abs(Math.fround(0.1) + 0.5) / 2;
    const e02 = Math.abs(-1 - Math.fround(0.1) / 2) / 2;
    const prior = (0.5 + 0.25 + e02 + e32 + 0.5) / 5;
    expect(u[0]).toBeCloseTo((0.5 + e02 + prior) / 3, 6);
    expect(u[3]).toBeCloseTo((e32 + prior) / 2, 6);
    expect(u[2]).toBeCloseTo(prior, 6);
  });

  it("counts the positive raters a user did not praise back", () => {
    const p = unreturnedPraise(g);
    // 0 praised by 1 and praised it back; 3 praised by 1, never rated 1.
    expect(p[0]).toBeCloseTo(1 - 1.5 / 2, 12);
    expect(p[3]).toBeCloseTo(1 - 0.5 / 2, 12);
    expect(p[2]).toBeCloseTo(1 - 0.5 / 2, 12);
  });

  it("divides ratings given by 1 + the active span in days", () => {
    const r = givingRate(g);
    // user 1 gave 2 ratings and was seen on days 0 to 4.
    expect(r[1]).toBeCloseTo(2 / 5, 12);
    expect(r[2]).toBe(0);
  });
});

describe("standardisedGrid", () => {
  it("picks the weight with the best training AUC and scores with it", () => {
    // base ranks users 0..3 wrongly; extra ranks them right: a large weight wins.
    const base = Float64Array.of(4, 3, 2, 1);
    const extra = Float64Array.of(0, 0, 10, 11);
    const p = standardisedGrid("t", base, [["extra", extra]], [0, 1, 10], [0, 1, 2, 3]);
    const fitted = p.fit([0, 1, 2, 3], (u) => u >= 2);
    expect(fitted.choice).toBe("base + 10·extra");
    expect(fitted.score(3)).toBeGreaterThan(fitted.score(0));
  });
});
