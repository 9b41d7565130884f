/**
 * The imported prior (issue 6): pseudo-reviews at the proven bound, bounded by the policy and by the
 * space's own prior strength, superseded one for one by own reviews, never counted as reviews.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ImportedPrior,
  importedPriorText,
  withImportedPrior,
} from "../../../src/trust/reputation/imported-prior.js";
import { reputation } from "../../../src/trust/reputation/reputation.js";

const scale = { min: 1, max: 5 };
const space = { mean: 4, strength: 10 };
const market: ImportedPrior = {
  issuer: "https://fabrique.example/v1/spaces/market",
  source: "market",
  reviewsAtLeast: 20,
  ratingAtLeast: 4.5,
  sourceScale: { min: 1, max: 5 },
  maxPseudoReviews: 5,
};

describe("withImportedPrior", () => {
  it("adds min(N, k, strength) pseudo-reviews at the proven bound", () => {
    const { prior, effect } = withImportedPrior(space, market, 0, scale);
    expect(effect.fullWeight).toBe(5);
    expect(effect.weight).toBe(5);
    expect(effect.mean).toBe(4.5);
    expect(prior.strength).toBe(15);
    expect(prior.mean).toBeCloseTo((10 * 4 + 5 * 4.5) / 15, 12);
  });

  it("never counts more than the proven review count or the space's own prior strength", () => {
    expect(withImportedPrior(space, { ...market, reviewsAtLeast: 3 }, 0, scale).effect.weight).toBe(
      3,
    );
    const big = { ...market, maxPseudoReviews: 50 };
    expect(withImportedPrior(space, big, 0, scale).effect.weight).toBe(10);
  });

  it("is superseded one for one by own reviews, then no longer moves the prior", () => {
    expect(withImportedPrior(space, market, 2, scale).effect.weight).toBe(3);
    const gone = withImportedPrior(space, market, 5, scale);
    expect(gone.effect.weight).toBe(0);
    expect(gone.prior).toEqual(space);
    expect(importedPriorText(gone.effect)).toContain("no longer counted");
  });

  it("maps the bound from the issuing space's scale", () => {
    const tenPoint = { ...market, ratingAtLeast: 8, sourceScale: { min: 0, max: 10 } };
    expect(withImportedPrior(space, tenPoint, 0, scale).effect.mean).toBeCloseTo(4.2, 12);
  });

  it("says what was imported, in the issue's words", () => {
    const { effect } = withImportedPrior(space, market, 0, scale);
    expect(importedPriorText(effect)).toMatch(
      /^reputation imported from space market: ≥ 20 reviews, ≥ 4.5 \(counts as 5 of 5/,
    );
  });

  it("refuses bounds off the source scale", () => {
    expect(() => withImportedPrior(space, { ...market, ratingAtLeast: 6 }, 0, scale)).toThrow(
      RangeError,
    );
  });

  it("keeps the score between the space's prior and the bound, and review counts untouched", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 12 }),
        (bound, n, k, ratings) => {
          const imported = {
            ...market,
            ratingAtLeast: bound,
            reviewsAtLeast: n,
            maxPseudoReviews: k,
          };
          const { prior, effect } = withImportedPrior(space, imported, ratings.length, scale);
          const lo = Math.min(space.mean, effect.mean) - 1e-12;
          const hi = Math.max(space.mean, effect.mean) + 1e-12;
          expect(prior.mean).toBeGreaterThanOrEqual(lo);
          expect(prior.mean).toBeLessThanOrEqual(hi);
          expect(prior.strength - space.strength).toBeLessThanOrEqual(Math.min(n, k, 10));
          const reviews = ratings.map((rating, i) => ({ rating, time: i }));
          expect(reputation(reviews, prior, { now: 100 }).count).toBe(ratings.length);
        },
      ),
    );
  });
});
