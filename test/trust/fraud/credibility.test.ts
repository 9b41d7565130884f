/**
 * Rater credibility (src/trust/fraud/credibility.ts): REV2 fairness relative to the raters' mean, at
 * the resolution asked; the flags for raters the detector sends to moderators and for reciprocal
 * rings; a node that rated nobody keeps full credibility.
 */
import { describe, expect, it } from "vitest";
import { raterCredibility } from "../../../src/trust/fraud/credibility.js";
import { scoreSuspicion } from "../../../src/trust/fraud/suspicion.js";
import { buildGraph } from "../../../src/trust/graph/csr.js";

const DAY = 86_400;

/** Ten honest raters agree on eight products; rater 10 rates them all -1; 11 and 12 trade +1s. */
function market() {
  const edges: [number, number, number, number][] = [];
  for (let u = 0; u < 10; u++) {
    for (let p = 13; p < 21; p++) edges.push([u, p, 0.8, (u * 8 + p) * DAY]);
  }
  for (let p = 13; p < 21; p++) edges.push([10, p, -1, (100 + p) * DAY]);
  for (let k = 0; k < 4; k++) {
    edges.push([11, 12, 1, (200 + 10 * k) * DAY], [12, 11, 1, (200 + 10 * k) * DAY + 3600]);
  }
  return buildGraph(22, {
    count: edges.length,
    sources: Uint32Array.from(edges, (e) => e[0]),
    targets: Uint32Array.from(edges, (e) => e[1]),
    weights: Float32Array.from(edges, (e) => e[2]),
    times: Float64Array.from(edges, (e) => e[3]),
  });
}

describe("raterCredibility", () => {
  const s = scoreSuspicion(market());
  const c = raterCredibility(s);

  it("is fairness relative to the raters' mean, capped at 1, at a resolution of 0.01", () => {
    const f = s.rev2.fairness;
    const expected = Math.min(1, Math.round(((f[10] as number) / c.meanFairness) * 100) / 100);
    expect(c.credibility[10]).toBe(expected);
    expect(c.credibility[10]).toBeLessThan(0.9);
    for (let u = 0; u < 10; u++) expect(c.credibility[u]).toBe(1);
    for (let u = 0; u < 22; u++) {
      const x = c.credibility[u] as number;
      expect(Math.abs(x * 100 - Math.round(x * 100))).toBeLessThan(1e-9);
    }
  });

  it("keeps full credibility for a node that rated nobody", () => {
    expect(c.credibility[13]).toBe(1);
    expect(c.credibility[21]).toBe(1);
  });

  it("flags a rater whose suspicion reaches lowAt, and a reciprocal ring", () => {
    const flagged = Array.from(c.lowCredibility.keys()).filter((u) => c.lowCredibility[u] === 1);
    expect(flagged).toEqual(
      Array.from(s.score.keys()).filter((u) => (s.score[u] as number) >= 0.5),
    );
    const lower = raterCredibility(s, { lowAt: (s.score[10] as number) - 1e-9 });
    expect(lower.lowCredibility[10]).toBe(1);
    expect(Array.from(c.suspectedRing.keys()).filter((u) => c.suspectedRing[u] === 1)).toEqual([
      11, 12,
    ]);
    expect(raterCredibility(s, { ringMin: 5 }).suspectedRing[11]).toBe(0);
  });

  it("names what it used in its provenance and refuses parameters out of range", () => {
    expect(c.provenance).toMatchObject({
      algorithm: "rater-credibility",
      params: { lowAt: 0.5, ringAt: 0.5, ringMin: 3, resolution: 0.01 },
    });
    expect(() => raterCredibility(s, { resolution: 0 })).toThrow(RangeError);
    expect(() => raterCredibility(s, { lowAt: 1.5 })).toThrow(RangeError);
    expect(() => raterCredibility(s, { ringMin: 0 })).toThrow(RangeError);
  });
});
