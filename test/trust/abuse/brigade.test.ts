import { describe, expect, it } from "vitest";
import { detectBrigades } from "../../../src/trust/abuse/brigade.js";
import { alerts, DAY, HOUR } from "./facts.js";

/** Members 0..9 are established (trust 0.8, linked on day 0); 10..19 are new accounts with no trust. */
const standing = {
  trust: Float64Array.from({ length: 20 }, (_, m) => (m < 10 ? 0.8 : 0.05)),
  linkedAt: Float64Array.from({ length: 20 }, (_, m) => (m < 10 ? 0 : 99 * DAY)),
};

describe("detectBrigades", () => {
  it("flags many reports from new, low-trust accounts within a day", () => {
    const rows: [number, number, number, boolean][] = [];
    for (let m = 10; m < 16; m++) rows.push([m, 3, 100 * DAY + (m - 10) * HOUR, false]);
    const { brigades, provenance } = detectBrigades(alerts(rows), standing);
    expect(brigades).toHaveLength(1);
    const b = brigades[0];
    expect(b).toMatchObject({ target: 3, reporters: 6, lowTrust: 6, newAccounts: 6 });
    expect(b?.alerts).toEqual([0, 1, 2, 3, 4, 5]);
    expect(b?.from).toBe(100 * DAY);
    expect(b?.to).toBe(100 * DAY + 5 * HOUR);
    expect(b?.score).toBeCloseTo(0.3 * (6 / 10) + 0.4 + 0.3, 12);
    expect(b?.reasons.map((r) => r.code)).toEqual([
      "low-trust-reporters",
      "new-accounts",
      "many-reporters",
    ]);
    expect(provenance.params).toMatchObject({ minReporters: 5, window: DAY });
  });

  it("does not flag the same reports from established members, or a slow trickle", () => {
    const established: [number, number, number, boolean][] = [];
    for (let m = 0; m < 6; m++) established.push([m, 3, 100 * DAY + m * HOUR, false]);
    expect(detectBrigades(alerts(established), standing).brigades).toEqual([]);
    const trickle: [number, number, number, boolean][] = [];
    for (let m = 10; m < 16; m++) trickle.push([m, 3, 100 * DAY + (m - 10) * 2 * DAY, false]);
    expect(detectBrigades(alerts(trickle), standing).brigades).toEqual([]);
  });

  it("counts distinct reporters, not alerts", () => {
    const rows: [number, number, number, boolean][] = [];
    for (let i = 0; i < 10; i++) rows.push([10 + (i % 2), 3, 100 * DAY + i * HOUR, false]);
    expect(detectBrigades(alerts(rows), standing).brigades).toEqual([]);
  });

  it("merges overlapping windows into one brigade and separates distant ones", () => {
    const rows: [number, number, number, boolean][] = [];
    for (let m = 10; m < 20; m++) rows.push([m, 3, 100 * DAY + (m - 10) * 4 * HOUR, false]);
    for (let m = 10; m < 15; m++) rows.push([m, 3, 200 * DAY + (m - 10) * HOUR, false]);
    const { brigades } = detectBrigades(alerts(rows), standing);
    expect(brigades).toHaveLength(2);
    expect(brigades.map((b) => b.alerts.length).sort()).toEqual([10, 5].sort());
  });
});
