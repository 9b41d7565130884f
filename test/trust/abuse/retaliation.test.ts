import { describe, expect, it } from "vitest";
import { detectRetaliation } from "../../../src/trust/abuse/retaliation.js";
import { DAY, HOUR, reviews } from "./facts.js";

describe("detectRetaliation", () => {
  it("flags a negative review answered by a negative review within the window", () => {
    const log = reviews([
      [1, 2, -1, 10 * DAY], // 1 (buyer) rates 2 (seller) negatively
      [2, 1, -0.8, 10 * DAY + 2 * HOUR], // 2 answers two hours later
    ]);
    const { findings, provenance } = detectRetaliation(log);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f).toMatchObject({ retaliator: 2, victim: 1, received: 0, given: 1 });
    expect(f?.delaySeconds).toBe(2 * HOUR);
    expect(f?.score).toBeCloseTo(0.5 + 0.5 * (1 - (2 * HOUR) / (7 * DAY)), 12);
    expect(f?.reasons.map((r) => r.code)).toEqual(["negative-after-negative", "quick-response"]);
    expect(f?.reasons[1]?.text).toBe("answered within 2 hours (window 1 week)");
    expect(provenance).toMatchObject({ algorithm: "retaliation", logSize: 2 });
  });

  it("does not flag the absence of the pattern", () => {
    const cases = [
      // A positive answer to a negative review.
      reviews([
        [1, 2, -1, 0],
        [2, 1, 0.6, HOUR],
      ]),
      // A negative answer, but a month later.
      reviews([
        [1, 2, -1, 0],
        [2, 1, -1, 30 * DAY],
      ]),
      // A negative review of someone else.
      reviews([
        [1, 2, -1, 0],
        [2, 3, -1, HOUR],
      ]),
      // Two negatives at the same instant: nobody answered anybody.
      reviews([
        [1, 2, -1, 0],
        [2, 1, -1, 0],
      ]),
    ];
    for (const log of cases) expect(detectRetaliation(log).findings).toEqual([]);
  });

  it("blames the one who answered, not the one who struck first", () => {
    const log = reviews([
      [2, 1, -1, 0], // 2 strikes first
      [1, 2, -1, HOUR], // 1 answers: 1 retaliated against 2
      [2, 1, -1, 2 * HOUR], // 2 again: an escalation, not a first answer
    ]);
    const { findings } = detectRetaliation(log);
    expect(findings.map((f) => [f.retaliator, f.victim])).toEqual([[1, 2]]);
  });

  it("respects its options", () => {
    const log = reviews([
      [1, 2, -0.3, 0],
      [2, 1, -0.3, 3 * DAY],
    ]);
    expect(detectRetaliation(log).findings).toHaveLength(1);
    expect(detectRetaliation(log, { window: DAY }).findings).toHaveLength(0);
    expect(detectRetaliation(log, { negativeAt: -0.5 }).findings).toHaveLength(0);
  });
});
