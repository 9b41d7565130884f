/** The provenance record (src/trust/result.ts) every trust score carries. */
import { describe, expect, it } from "vitest";
import { provenance } from "../../../src/trust/result.js";

describe("provenance", () => {
  it("copies and freezes parameters so later changes to the caller's options cannot rewrite it", () => {
    const seeds = [1, 2];
    const params = { seeds, damping: 0.85 };
    const p = provenance("eigentrust", "1.0.0", params, 10);
    seeds.push(3);
    params.damping = 0.5;
    expect(p).toEqual({
      algorithm: "eigentrust",
      version: "1.0.0",
      params: { seeds: [1, 2], damping: 0.85 },
      logSize: 10,
    });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.params)).toBe(true);
  });

  it("refuses a log size that is not a non-negative integer", () => {
    expect(() => provenance("pagerank", "1.0.0", {}, -1)).toThrow(RangeError);
    expect(() => provenance("pagerank", "1.0.0", {}, 1.5)).toThrow(RangeError);
  });
});
