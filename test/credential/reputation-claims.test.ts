import { describe, expect, it } from "vitest";
import { reputationClaims } from "../../src/credential/reputation-claims.js";
import { codeOf } from "./error-code.js";

const base = { space: "market", memberSince: 1_700_000_000 } as const;

describe("reputationClaims", () => {
  it("issues every threshold that holds, and only those", () => {
    expect(reputationClaims({ ...base, reviewCount: 23, average: 4.6 })).toEqual({
      space: "market",
      member_since: 1_700_000_000,
      rating_at_least_4: true,
      rating_at_least_4_5: true,
      reviews_at_least_5: true,
      reviews_at_least_20: true,
    });
    expect(reputationClaims({ ...base, reviewCount: 7, average: 4.2 })).toEqual({
      space: "market",
      member_since: 1_700_000_000,
      rating_at_least_4: true,
      reviews_at_least_5: true,
    });
  });

  it("counts a bound as reached when equal to it", () => {
    const claims = reputationClaims({ ...base, reviewCount: 20, average: 4.5 });
    expect(claims.rating_at_least_4_5).toBe(true);
    expect(claims.reviews_at_least_20).toBe(true);
    expect(claims.reviews_at_least_100).toBeUndefined();
  });

  it("states no rating without reviews, whatever the average says", () => {
    const claims = reputationClaims({ ...base, reviewCount: 0, average: 5 });
    expect(Object.keys(claims).sort()).toEqual(["member_since", "space"]);
  });

  it("uses the caller's thresholds and names them without dots", () => {
    const claims = reputationClaims({
      ...base,
      reviewCount: 12,
      average: 4.76,
      thresholds: { rating: [4.75, 4.9], reviews: [10] },
    });
    expect(claims).toMatchObject({ rating_at_least_4_75: true, reviews_at_least_10: true });
    expect(claims.rating_at_least_4_9).toBeUndefined();
  });

  it("adds exact figures only when asked", () => {
    const exact = reputationClaims({ ...base, reviewCount: 3, average: 3.5, includeExact: true });
    expect(exact).toMatchObject({ review_count: 3, rating_average: 3.5 });
    expect(
      reputationClaims({ ...base, reviewCount: 3, average: 3.5 }).review_count,
    ).toBeUndefined();
  });

  it("refuses nonsense inputs and thresholds", () => {
    const bad = (o: object) =>
      codeOf(() => reputationClaims({ ...base, reviewCount: 1, average: 4, ...o }));
    expect(bad({ space: "" })).toBe("malformed");
    expect(bad({ reviewCount: -1 })).toBe("malformed");
    expect(bad({ reviewCount: 1.5 })).toBe("malformed");
    expect(bad({ average: Number.NaN })).toBe("malformed");
    expect(bad({ memberSince: -5 })).toBe("malformed");
    expect(bad({ thresholds: { rating: [1e21], reviews: [] } })).toBe("malformed");
    expect(bad({ thresholds: { rating: [-1], reviews: [] } })).toBe("malformed");
    expect(bad({ thresholds: { rating: [], reviews: [2.5] } })).toBe("malformed");
  });
});
