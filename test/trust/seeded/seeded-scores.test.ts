/** Global trust and Sybil signals from pre-trusted seeds (issue 5), on small graphs whose answer is known. */
import { describe, expect, it } from "vitest";
import { SYBIL_SIGNAL_THRESHOLD, seededScores } from "../../../src/trust/seeded/index.js";

const members = ["seed", "friend", "friend2", "loner", "sybil1", "sybil2"];
const input = {
  members,
  seeds: ["seed", "gone"],
  vouches: [
    { voucher: "seed", vouchee: "friend" },
    { voucher: "sybil1", vouchee: "sybil2" },
  ],
  interactions: [{ a: "friend", b: "friend2" }],
  ratings: [
    { from: "sybil2", to: "sybil1", weight: 1 },
    { from: "friend2", to: null, weight: 1 },
  ],
  logSize: 42,
};

describe("seededScores", () => {
  it("is null when no seed is a member", () => {
    expect(seededScores({ ...input, seeds: [] })).toBeNull();
    expect(seededScores({ ...input, seeds: ["gone"] })).toBeNull();
  });

  it("trusts what the seeds reach and signals what they do not, with reasons", () => {
    const scores = seededScores(input);
    if (scores === null) throw new Error("no scores");
    expect(scores.seeds).toEqual(["seed"]);
    expect(scores.ignoredSeeds).toEqual(["gone"]);
    const by = new Map(scores.members.map((m) => [m.member, m]));
    const get = (m: string) => by.get(m) ?? expect.unreachable();
    // Global trust flows from the seed along vouches and interactions, never to the Sybil pair.
    expect(get("friend").globalTrust).toBeGreaterThan(0);
    expect(get("friend2").globalTrust).toBeGreaterThan(0);
    expect(get("sybil1").globalTrust).toBe(0);
    expect(get("loner").globalTrust).toBe(0);
    const total = scores.members.reduce((s, m) => s + m.globalTrust, 0);
    expect(total).toBeCloseTo(1, 8);
    // Sybil signals: the reached members are below the threshold, the others at 0.5 with reasons.
    for (const m of ["friend", "friend2"]) {
      expect(get(m).sybilProbability).toBeLessThan(SYBIL_SIGNAL_THRESHOLD);
      expect(get(m).reasons).toEqual([]);
    }
    expect(get("loner").sybilProbability).toBe(0.5);
    expect(get("loner").reasons.map((r) => r.code)).toEqual(["unreached-from-seeds", "no-ties"]);
    expect(get("sybil1").reasons.map((r) => r.code)).toEqual(["unreached-from-seeds", "few-ties"]);
    expect(get("sybil1").sybilRank).toBe(0);
    expect(get("seed").seed).toBe(true);
    // Provenance names the seeds by member id and the log size the evidence came from.
    expect(scores.provenance.globalTrust).toMatchObject({
      algorithm: "eigentrust",
      logSize: 42,
      params: { seeds: ["seed"] },
    });
    expect(scores.provenance.sybilScar.algorithm).toBe("sybilscar");
    expect(scores.provenance.sybilRank.params.seeds).toEqual(["seed"]);
  });

  it("gives the same numbers for the same input", () => {
    expect(seededScores(input)).toEqual(seededScores({ ...input }));
  });
});
