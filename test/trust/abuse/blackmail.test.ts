import { describe, expect, it } from "vitest";
import { detectBlackmail } from "../../../src/trust/abuse/blackmail.js";
import { NO_MEMBER } from "../../../src/trust/abuse/facts.js";
import { alerts, DAY, reviews } from "./facts.js";

describe("detectBlackmail", () => {
  it("scores a reported threat carried out by a negative review above a bare threat", () => {
    const log = reviews([[5, 1, -1, 11 * DAY]]); // 5 gives 1 a negative review the next day
    const notices = alerts([
      [1, 5, 10 * DAY, true], // 1 reports a threat by 5
      [2, 6, 10 * DAY, true], // 2 reports a threat by 6, nothing follows
    ]);
    const { findings, provenance } = detectBlackmail(log, notices);
    expect(findings.map((f) => [f.accused, f.reporter, f.review])).toEqual([
      [5, 1, 0],
      [6, 2, null],
    ]);
    expect(findings[0]?.score).toBeCloseTo(0.8, 12);
    expect(findings[1]?.score).toBeCloseTo(0.4, 12);
    expect(findings[0]?.reasons.map((r) => r.code)).toEqual([
      "threat-reported",
      "review-near-threat",
    ]);
    expect(findings[0]?.reasons[1]?.text).toContain("after the report");
    expect(provenance.logSize).toBe(3);
  });

  it("ignores alerts that report no threat, operator alerts, and reviews outside the window", () => {
    const log = reviews([[5, 1, -1, 40 * DAY]]);
    const notices = alerts([
      [1, 5, 10 * DAY, false],
      [NO_MEMBER, 5, 10 * DAY, true],
    ]);
    expect(detectBlackmail(log, notices).findings).toEqual([]);
    const late = detectBlackmail(log, alerts([[1, 5, 10 * DAY, true]])).findings;
    expect(late[0]?.review).toBeNull();
  });

  it("adds repeated threats from other members", () => {
    const notices = alerts([
      [1, 5, 0, true],
      [2, 5, DAY, true],
      [3, 5, 2 * DAY, true],
    ]);
    const { findings } = detectBlackmail(reviews([]), notices);
    expect(findings).toHaveLength(3);
    for (const f of findings) {
      expect(f.reasons.find((r) => r.code === "repeated-threats")?.contribution).toBeCloseTo(
        0.2,
        12,
      );
    }
  });
});
