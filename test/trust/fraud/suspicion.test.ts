import { describe, expect, it } from "vitest";
import {
  bySuspicion,
  DEFAULT_SUSPICION_WEIGHTS,
  FRAUD_REASON_CODES,
  scoreSuspicion,
  suspicionReasons,
  UNRATED_SUSPICION_WEIGHTS,
} from "../../../src/trust/fraud/suspicion.js";
import { buildGraph } from "../../../src/trust/graph/csr.js";

const DAY = 86_400;

/**
 * Ten honest traders rate each other over months; user 10 appears late, rates three honest traders
 * -1 within an hour, and is rated -1 by three of them.
 */
function market(extra: readonly [number, number, number, number][] = []) {
  const edges: [number, number, number, number][] = [...extra];
  for (let u = 0; u < 10; u++) {
    for (let k = 1; k <= 3; k++) edges.push([u, (u + k) % 10, 0.6, (u * 10 + k * 5) * DAY]);
  }
  edges.push([10, 0, -1, 200 * DAY], [10, 1, -1, 200 * DAY + 600], [10, 2, -1, 200 * DAY + 1200]);
  edges.push([0, 10, -1, 201 * DAY], [1, 10, -1, 202 * DAY], [2, 10, -1, 203 * DAY]);
  return buildGraph(extra.length > 0 ? 12 : 11, {
    count: edges.length,
    sources: Uint32Array.from(edges, (e) => e[0]),
    targets: Uint32Array.from(edges, (e) => e[1]),
    weights: Float32Array.from(edges, (e) => e[2]),
    times: Float64Array.from(edges, (e) => e[3]),
  });
}

describe("scoreSuspicion", () => {
  const s = scoreSuspicion(market());

  it("ranks the planted fraudster first, with reasons that sum to its score", () => {
    expect(bySuspicion(s)[0]).toBe(10);
    const reasons = suspicionReasons(s, 10);
    const total = reasons.reduce((sum, r) => sum + r.contribution, 0);
    expect(total).toBeCloseTo(s.score[10] as number, 12);
    expect(reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(["low-goodness", "unfair-rater", "burst", "extreme-ratings"]),
    );
    for (let i = 1; i < reasons.length; i++) {
      expect(reasons[i - 1]?.contribution).toBeGreaterThanOrEqual(reasons[i]?.contribution ?? 0);
    }
  });

  it("writes reasons people can check", () => {
    const burst = suspicionReasons(s, 10).find((r) => r.code === "burst");
    expect(burst?.text).toBe("3 of 3 ratings given within 1 day");
    expect(suspicionReasons(s, 10, 2)).toHaveLength(2);
  });

  it("keeps every score in [0, 1] and records its provenance", () => {
    for (const x of s.score) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    const weightSum = FRAUD_REASON_CODES.reduce((t, c) => t + DEFAULT_SUSPICION_WEIGHTS[c], 0);
    expect(weightSum).toBeCloseTo(1, 12);
    expect(s.provenance.algorithm).toBe("fraud-suspicion");
    expect(s.provenance.logSize).toBe(36);
    expect(s.provenance.params["weight.low-goodness"]).toBe(0.7);
    expect(s.provenance.params["weight.short-lived"]).toBe(0.2);
    expect(s.provenance.params["rev2.alpha1"]).toBe(1);
    expect(s.provenance.params["unratedWeight.unfair-rater"]).toBe(0.25);
    expect(s.provenance.params["rev2.beta1"]).toBe(1);
  });

  it("weighs a user by the rated users' weights in proportion to the ratings it received", () => {
    // 10 received 3 ratings: 3/4 of its weights are the rated users', 1/4 the unrated users'.
    expect(s.rated[10]).toBe(0.75);
    const burst = suspicionReasons(s, 10).find((r) => r.code === "burst");
    expect(burst?.contribution).toBeCloseTo(
      (0.75 * DEFAULT_SUSPICION_WEIGHTS.burst + 0.25 * UNRATED_SUSPICION_WEIGHTS.burst) *
        (s.signals.burst[10] as number),
      12,
    );
  });

  it("gives REV2 the accounts' establishment as the raters' behavioural prior (β1)", () => {
    // User 10 was active for 3 days: short-lived 1 − 3/180, counted in proportion to its low
    // goodness, and its fairness is pulled towards the prior 3/180, below REV2's without a prior.
    expect(s.behaviour.shortLived[10]).toBeCloseTo(1 - 3 / 180, 12);
    expect(s.signals["short-lived"][10]).toBeCloseTo(
      (1 - 3 / 180) * (s.signals["low-goodness"][10] as number),
      12,
    );
    const noPrior = scoreSuspicion(market(), {
      rev2: { raterPrior: new Float64Array(11).fill(1), beta1: 0 },
    });
    expect(s.rev2.fairness[10]).toBeLessThan(noPrior.rev2.fairness[10] as number);
    expect(suspicionReasons(s, 10).find((r) => r.code === "short-lived")?.text).toBe(
      "active for 3 days between its first and last appearance in the log (established after 180 days), weighed by its low goodness",
    );
  });

  it("keeps a newcomer nobody complained about below the moderation threshold", () => {
    // 11 appears on day 200 and trades once with 3: both rate the other +0.6. As short-lived as the
    // fraudster, but well rated.
    const withNewcomer = market([
      [11, 3, 0.6, 200 * DAY],
      [3, 11, 0.6, 200 * DAY + 600],
    ]);
    const t = scoreSuspicion(withNewcomer);
    expect(t.behaviour.shortLived[11]).toBeCloseTo(1 - 600 / (180 * DAY), 9);
    expect(t.score[11]).toBeLessThan(0.5);
    expect(t.score[10]).toBeGreaterThanOrEqual(0.5);
  });

  it("lets a caller reweigh the signals", () => {
    const onlyBursts = scoreSuspicion(market(), {
      weights: Object.fromEntries(FRAUD_REASON_CODES.map((c) => [c, c === "burst" ? 1 : 0])),
    });
    expect(onlyBursts.score[10]).toBe(1);
    expect(onlyBursts.score[0]).toBe(0);
  });
});
