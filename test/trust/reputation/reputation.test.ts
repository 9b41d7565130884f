/**
 * Bayesian reputation (src/trust/reputation): the prior protects against tiny samples, the interval
 * narrows with evidence, decay and flags lower weights and say so, what-if answers are exact, and the
 * contributions add up to the score.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reputationByCriterion } from "../../../src/trust/reputation/criteria.js";
import { spacePrior } from "../../../src/trust/reputation/prior.js";
import { reputation } from "../../../src/trust/reputation/reputation.js";
import type { Review } from "../../../src/trust/reputation/review.js";

const NOW = 1_000;
const fresh = (rating: number, n: number): Review[] =>
  Array.from({ length: n }, () => ({ rating, time: NOW }));
const prior = { mean: 4.2, strength: 10 };

describe("reputation", () => {
  it("ranks three hundred 4.8★ reviews above three 5★ ones", () => {
    const few = reputation(fresh(5, 3), prior, { now: NOW });
    const many = reputation(fresh(4.8, 300), prior, { now: NOW });
    expect(many.score).toBeGreaterThan(few.score);
    // Also when the 4.8 average is made of whole stars (240 × 5★ and 60 × 4★).
    const mixed = reputation([...fresh(5, 240), ...fresh(4, 60)], prior, { now: NOW });
    expect(mixed.score).toBeGreaterThan(few.score);
    // The few 5★ reviews lift the score from the prior, but not to 5.
    expect(few.score).toBeGreaterThan(prior.mean);
    expect(few.score).toBeLessThan(4.5);
  });

  it("narrows the credible interval as reviews accumulate", () => {
    const widths = [1, 3, 10, 30, 100, 300, 1000].map((n) => {
      const { interval, score } = reputation(
        [...fresh(5, Math.ceil(n / 2)), ...fresh(4, Math.floor(n / 2))],
        prior,
        { now: NOW, level: 0.95 },
      );
      expect(interval.low).toBeLessThan(score);
      expect(interval.high).toBeGreaterThan(score);
      return interval.high - interval.low;
    });
    for (let i = 1; i < widths.length; i++) {
      expect(widths[i]).toBeLessThan(widths[i - 1] as number);
    }
  });

  it("weighs a review by 2^(−age/halfLife), so old reviews move the score less", () => {
    const base = fresh(5, 20);
    const recentBad = reputation([...base, { rating: 1, time: NOW }], prior, {
      now: NOW,
      halfLife: 100,
    });
    const oldBad = reputation([...base, { rating: 1, time: NOW - 200 }], prior, {
      now: NOW,
      halfLife: 100,
    });
    expect(oldBad.score).toBeGreaterThan(recentBad.score);
    const old = oldBad.discounts.find((d) => d.index === 20);
    expect(old?.weight).toBeCloseTo(0.25, 15);
    expect(old?.factors).toEqual([{ reason: "age", factor: 0.25 }]);
    expect(oldBad.effectiveCount).toBeCloseTo(20.25, 12);
  });

  it("names every discount and its reason, and how much a discounted review would have counted", () => {
    const reviews: Review[] = [
      ...fresh(5, 5),
      { id: "r-unverified", rating: 1, time: NOW, flags: { unverified: true } },
      { id: "r-ring", rating: 5, time: NOW, flags: { suspectedRing: true } },
      { id: "r-revenge", rating: 1, time: NOW, flags: { retaliation: true } },
      { id: "r-shaky", rating: 2, time: NOW, credibility: 0.4, flags: { lowCredibility: true } },
    ];
    const r = reputation(reviews, prior, { now: NOW, explain: 10 });
    const byId = new Map(r.discounts.map((d) => [d.id, d]));
    expect(byId.get("r-unverified")?.factors).toEqual([{ reason: "unverified", factor: 0.5 }]);
    expect(byId.get("r-ring")?.weight).toBe(0);
    expect(byId.get("r-revenge")?.factors).toEqual([{ reason: "retaliation", factor: 0.2 }]);
    expect(byId.get("r-shaky")?.factors).toEqual([
      { reason: "credibility", factor: 0.4 },
      { reason: "low-credibility", factor: 0.5 },
    ]);
    expect(byId.get("r-shaky")?.weight).toBeCloseTo(0.2, 15);
    // Counting the retaliation review fully would lower the score: exactly what recomputing gives.
    const counted = reputation(
      reviews.map((x) => (x.id === "r-revenge" ? { rating: 1, time: NOW } : x)),
      prior,
      { now: NOW },
    );
    expect(byId.get("r-revenge")?.scoreIfCounted).toBeCloseTo(counted.score, 14);
    expect(r.discountSummary).toEqual(
      expect.arrayContaining([
        { reason: "unverified", reviews: 1 },
        { reason: "suspected-ring", reviews: 1 },
        { reason: "retaliation", reviews: 1 },
        { reason: "credibility", reviews: 1 },
        { reason: "low-credibility", reviews: 1 },
      ]),
    );
    // A ring's review (weight 0) does not move the score at all.
    const withoutRing = reputation(
      reviews.filter((x) => x.id !== "r-ring"),
      prior,
      { now: NOW },
    );
    expect(r.score).toBe(withoutRing.score);
  });

  it("keeps its what-if promises exactly", () => {
    const review = fc.record({
      rating: fc.double({ min: 1, max: 5, noNaN: true }),
      time: fc.integer({ min: 0, max: NOW }),
      credibility: fc.double({ min: 0, max: 1, noNaN: true }),
      flags: fc.record({
        unverified: fc.boolean(),
        lowCredibility: fc.boolean(),
        suspectedRing: fc.boolean(),
        retaliation: fc.boolean(),
      }),
    });
    fc.assert(
      fc.property(
        fc.array(review, { maxLength: 40 }),
        fc.double({ min: 1.01, max: 4.99, noNaN: true }),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 5, noNaN: true }), { minLength: 1, maxLength: 3 }),
        (reviews, mean, strength, ratings) => {
          const params = { now: NOW, halfLife: 300, whatIf: ratings };
          const r = reputation(reviews, { mean, strength }, params);
          r.whatIf.forEach((promise, i) => {
            const added = reputation(
              [...reviews, { rating: ratings[i] as number, time: NOW }],
              {
                mean,
                strength,
              },
              params,
            );
            expect(promise.rating).toBe(ratings[i]);
            expect(promise.score).toBe(added.score);
            expect(promise.change).toBe(added.score - r.score);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("says one more 5★ raises the score and one more 1★ lowers it", () => {
    const r = reputation([...fresh(4, 10), ...fresh(5, 2)], prior, { now: NOW });
    expect(r.whatIf.map((w) => w.rating)).toEqual([5, 1]);
    expect(r.whatIf[0]?.change).toBeGreaterThan(0);
    expect(r.whatIf[1]?.change).toBeLessThan(0);
  });

  it("decomposes the score into the prior plus one additive term per review", () => {
    const reviews: Review[] = [
      { id: "a", rating: 5, time: NOW },
      { id: "b", rating: 1, time: NOW - 50, flags: { unverified: true } },
      { id: "c", rating: 4, time: NOW, credibility: 0.7 },
      { id: "d", rating: 3, time: NOW - 400 },
    ];
    const r = reputation(reviews, prior, { now: NOW, halfLife: 200, explain: 4 });
    const sum = r.contributions.reduce((t, c) => t + c.effect, 0);
    expect(prior.mean + sum).toBeCloseTo(r.score, 13);
    expect(r.contributions[0]?.id).toBe("b"); // a 1★ far below the prior pulls hardest
    const magnitudes = r.contributions.map((c) => Math.abs(c.effect));
    expect(magnitudes).toEqual([...magnitudes].sort((x, y) => y - x));
  });

  it("with no reviews, is the prior with the prior's interval", () => {
    const r = reputation([], prior, { now: NOW });
    expect(r.score).toBeCloseTo(prior.mean, 14);
    expect(r.count).toBe(0);
    expect(r.contributions).toEqual([]);
  });

  it("refuses off-scale ratings, a prior on the scale's bound and bad credibility", () => {
    expect(() => reputation([{ rating: 6, time: 0 }], prior, { now: 0 })).toThrow(RangeError);
    expect(() => reputation([], { mean: 5, strength: 1 }, { now: 0 })).toThrow(RangeError);
    expect(() => reputation([{ rating: 3, time: 0, credibility: 2 }], prior, { now: 0 })).toThrow(
      RangeError,
    );
  });

  it("records its provenance", () => {
    const r = reputation(fresh(5, 2), prior, { now: NOW, halfLife: 90, logSize: 1234 });
    expect(r.provenance.algorithm).toBe("bayesian-reputation");
    expect(r.provenance.version).toBe("1.0.0");
    expect(r.provenance.logSize).toBe(1234);
    expect(r.provenance.params).toMatchObject({
      scale: [1, 5],
      priorMean: 4.2,
      priorStrength: 10,
      now: NOW,
      halfLife: 90,
      level: 0.9,
    });
    expect(reputation(fresh(5, 2), prior, { now: NOW }).provenance.logSize).toBe(2);
  });
});

describe("spacePrior and reputationByCriterion", () => {
  it("takes a space's mean rating as its prior, kept inside the scale", () => {
    expect(spacePrior(Float64Array.of(5, 4, 5, 3), 10)).toEqual({ mean: 4.25, strength: 10 });
    expect(spacePrior([], 5)).toEqual({ mean: 3, strength: 5 });
    expect(spacePrior([5, 5], 5).mean).toBeLessThan(5);
  });

  it("scores each criterion from the reviews that rated it", () => {
    const reviews = [
      { time: NOW, ratings: { quality: 5, punctuality: 2 } },
      { time: NOW, ratings: { quality: 5 } },
      { time: NOW, ratings: { quality: 4, punctuality: 1 }, flags: { unverified: true } },
    ];
    const priors = { quality: { mean: 4, strength: 5 }, punctuality: { mean: 4, strength: 5 } };
    const by = reputationByCriterion(reviews, priors, { now: NOW });
    expect(Object.keys(by).sort()).toEqual(["punctuality", "quality"]);
    expect(by.quality?.count).toBe(3);
    expect(by.punctuality?.count).toBe(2);
    expect(by.punctuality?.score).toBeLessThan(4);
    expect(by.quality?.score).toBe(
      reputation(
        [
          { time: NOW, rating: 5 },
          { time: NOW, rating: 5 },
          { time: NOW, rating: 4, flags: { unverified: true } },
        ],
        priors.quality,
        { now: NOW },
      ).score,
    );
    expect(by.quality?.provenance.algorithm).toBe("bayesian-reputation");
  });
});
