/** The Beta CDF and quantiles (src/trust/reputation/beta.ts) against closed forms. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaCdf, betaQuantile, logGamma } from "../../../src/trust/reputation/beta.js";

describe("Beta distribution", () => {
  it("ln Γ matches factorials and Γ(½) = √π", () => {
    let factorial = 1;
    for (let n = 1; n < 30; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 10);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });

  it("matches closed forms: Beta(1,1) = x, Beta(2,2) = 3x² − 2x³, Beta(a,1) = xᵃ, Beta(1,b)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (x, a) => {
          expect(betaCdf(x, 1, 1)).toBeCloseTo(x, 12);
          expect(betaCdf(x, 2, 2)).toBeCloseTo(3 * x ** 2 - 2 * x ** 3, 12);
          expect(betaCdf(x, a, 1)).toBeCloseTo(x ** a, 11);
          expect(betaCdf(x, 1, a)).toBeCloseTo(1 - (1 - x) ** a, 11);
        },
      ),
    );
  });

  // Shapes ≥ ½ (posteriors here have a prior of positive strength): with tinier shapes the quantile
  // sits within a double's spacing of 0 or 1 and the CDF cannot be inverted to 8 digits in doubles.
  it("inverts the CDF", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 2000, noNaN: true }),
        fc.double({ min: 0.5, max: 2000, noNaN: true }),
        (q, a, b) => {
          expect(betaCdf(betaQuantile(q, a, b), a, b)).toBeCloseTo(q, 8);
        },
      ),
    );
    expect(betaQuantile(0.5, 3, 3)).toBeCloseTo(0.5, 11);
  });
});
