/**
 * The scores that need pre-trusted seeds (issue 5), computed together from one space's public evidence:
 * - global trust, EigenTrust from the seeds over the trust graph (vouches, interactions both ways, and
 *   ratings carried to the rated subject's owner; rank/eigentrust.ts);
 * - Sybil signals over the social graph of two-way ties (vouches and interactions; a rating is not a
 *   tie: an attacker can rate anyone): SybilRank's degree-normalised trust, and SybilSCAR's probability
 *   of being a Sybil (sybil/). With trusted seeds only, SybilSCAR's probability is at most 0.5: 0.5 means
 *   trust from the seeds never reached the member, lower means it did.
 * Everything here is public in the space's log (the seeds are the policy's), so an auditor can rebuild
 * the input and recompute every number. Pure: arrays in, values out.
 */
import { createGraphBuilder, createIdTable } from "../graph/index.js";
import { eigenTrust } from "../rank/eigentrust.js";
import type { ScoreProvenance } from "../result.js";
import { sybilRank } from "../sybil/sybilrank.js";
import { sybilScar } from "../sybil/sybilscar.js";
import { undirectedGraph } from "../sybil/undirected.js";

/** The algorithms, as stored scores name them. */
export const GLOBAL_TRUST = "eigentrust";
export const SYBILRANK = "sybilrank";
export const SYBILSCAR = "sybilscar";

/** At or above this SybilSCAR probability a member is a Sybil suspicion signal for moderators. */
export const SYBIL_SIGNAL_THRESHOLD = 0.45;

/** The public evidence the seeded scores read. Members in their numbering order (joining order). */
export interface SeededInput {
  readonly members: readonly string[];
  /** Pre-trusted members (policy); ids that are not members are ignored and reported. */
  readonly seeds: readonly string[];
  readonly vouches: readonly { readonly voucher: string; readonly vouchee: string }[];
  readonly interactions: readonly { readonly a: string; readonly b: string }[];
  /** A rating in −1..1 from `from` to the rated subject's owner (`to`; null: a subject without one). */
  readonly ratings: readonly {
    readonly from: string;
    readonly to: string | null;
    readonly weight: number;
  }[];
  readonly logSize: number;
}

/** Why a member's Sybil signal is what it is. */
export interface SybilReason {
  readonly code: "unreached-from-seeds" | "no-ties" | "few-ties";
  readonly text: string;
}

/** One member's seeded scores. */
export interface SeededMemberScores {
  readonly member: string;
  readonly seed: boolean;
  /** EigenTrust global trust (all members sum to at most 1) and the same times the member count. */
  readonly globalTrust: number;
  readonly relativeTrust: number;
  /** SybilRank's degree-normalised trust and the member's tie count (degree). */
  readonly sybilRank: number;
  readonly ties: number;
  /** SybilSCAR's probability of being a Sybil, and the reasons of a signal (empty below threshold). */
  readonly sybilProbability: number;
  readonly reasons: readonly SybilReason[];
}

/** The seeded scores of every member, or null when no seed is a member. */
export interface SeededScores {
  readonly members: readonly SeededMemberScores[];
  /** The seeds used (members), and those named but not members (erased, unknown). */
  readonly seeds: readonly string[];
  readonly ignoredSeeds: readonly string[];
  readonly provenance: {
    readonly globalTrust: ScoreProvenance;
    readonly sybilRank: ScoreProvenance;
    readonly sybilScar: ScoreProvenance;
  };
}

/**
 * Global trust and Sybil signals of every member from the seeds; null without a seed that is a member.
 *
 * @example const scores = seededScores({ members, seeds: policy.trustSeeds, vouches, interactions, ratings, logSize })
 */
export function seededScores(input: SeededInput): SeededScores | null {
  const ids = createIdTable(input.members);
  const memberSet = new Set(input.members);
  const seeds = [...new Set(input.seeds)].filter((s) => memberSet.has(s)).sort(byCodeUnit);
  const ignoredSeeds = [...new Set(input.seeds)].filter((s) => !memberSet.has(s)).sort(byCodeUnit);
  if (seeds.length === 0) return null;
  const seedNodes = seeds.map((s) => ids.intern(s));

  const trust = createGraphBuilder({ ids });
  for (const v of input.vouches) {
    trust.add({ kind: "vouch", from: v.voucher, to: v.vouchee, weight: 1, time: 0 });
  }
  for (const i of input.interactions) {
    trust.add({ kind: "interaction", from: i.a, to: i.b, weight: 1, time: 0 });
    trust.add({ kind: "interaction", from: i.b, to: i.a, weight: 1, time: 0 });
  }
  for (const r of input.ratings) {
    if (r.to !== null && memberSet.has(r.to)) {
      trust.add({ kind: "rating", from: r.from, to: r.to, weight: r.weight, time: 0 });
    }
  }
  const global = eigenTrust(trust.build({ logSize: input.logSize }).graph, {
    seeds: seedNodes,
    logSize: input.logSize,
  });

  const n = input.members.length;
  const a: number[] = [];
  const b: number[] = [];
  const tie = (x: string, y: string) => {
    if (!memberSet.has(x) || !memberSet.has(y)) return;
    a.push(ids.intern(x));
    b.push(ids.intern(y));
  };
  for (const v of input.vouches) tie(v.voucher, v.vouchee);
  for (const i of input.interactions) tie(i.a, i.b);
  const social = undirectedGraph(n, a, b);
  const rank = sybilRank(social, seedNodes, { logSize: input.logSize });
  const scar = sybilScar(social, seedNodes, { logSize: input.logSize });

  const isSeed = new Set(seedNodes);
  const members = input.members.map((member, u): SeededMemberScores => {
    const degree = (social.offsets[u + 1] as number) - (social.offsets[u] as number);
    const p = scar.sybilProbability[u] as number;
    return {
      member,
      seed: isSeed.has(u),
      globalTrust: global.trust[u] as number,
      relativeTrust: (global.trust[u] as number) * n,
      sybilRank: rank.trust[u] as number,
      ties: degree,
      sybilProbability: p,
      reasons: isSeed.has(u) ? [] : sybilReasons(p, degree),
    };
  });
  const seedIds = (p: ScoreProvenance): ScoreProvenance => ({
    ...p,
    // Node numbers depend on the numbering; the member ids are what the policy names.
    params: { ...p.params, seeds },
  });
  return {
    members,
    seeds,
    ignoredSeeds,
    provenance: {
      globalTrust: { ...seedIds(global.provenance), algorithm: GLOBAL_TRUST },
      sybilRank: seedIds(rank.provenance),
      sybilScar: seedIds(scar.provenance),
    },
  };
}

/** The reasons of a Sybil signal: none below the threshold. */
function sybilReasons(p: number, ties: number): SybilReason[] {
  if (p < SYBIL_SIGNAL_THRESHOLD) return [];
  const reasons: SybilReason[] = [
    {
      code: "unreached-from-seeds",
      text: `trust spreading from the pre-trusted members over vouches and interactions barely reaches this member (Sybil probability ${p.toFixed(2)}; 0.5 = not reached)`,
    },
  ];
  if (ties === 0) {
    reasons.push({ code: "no-ties", text: "no vouch or interaction ties to any member" });
  } else if (ties <= 2) {
    reasons.push({ code: "few-ties", text: `only ${ties} vouch or interaction ties` });
  }
  return reasons;
}

function byCodeUnit(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
