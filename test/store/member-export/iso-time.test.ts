import { describe, expect, it } from "vitest";
import { isoTime } from "../../../src/store/member-export/iso-time.js";

describe("isoTime", () => {
  it("writes what toISOString writes, at day, second and year boundaries and at random", () => {
    const edges = [
      0, 1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999,
      1_796_001_797_625, 253_402_300_799_999,
    ];
    const random = Array.from({ length: 20_000 }, () =>
      Math.floor(Math.random() * 253_402_300_800_000),
    );
    // Consecutive times of one day (the cached date part) and across midnight.
    const run = Array.from({ length: 5_000 }, (_, i) => 1_796_083_000_000 + i * 997);
    for (const ms of [...edges, ...random, ...run]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("leaves other times to toISOString (extended years, fractions, invalid)", () => {
    for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 1.5]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
