/**
 * The scores computed from the space's pre-trusted members (issue 5), as a member's export shows them
 * (derived/global-trust.json): their global trust (EigenTrust), SybilRank trust and Sybil probability
 * (SybilSCAR), each with its inputs, "the procedure and principles actually applied" (GDPR Art. 15(1)(h),
 * Art. 22), its consequences and how to contest it. Read from the stored rows of the last recompute.
 */
import { type Static, Type } from "typebox";
import {
  GLOBAL_TRUST,
  SYBIL_SIGNAL_THRESHOLD,
  SYBILRANK,
  SYBILSCAR,
} from "../../trust/seeded/index.js";
import type { StoredScore } from "../trust/stored-scores.js";

const Strict = { additionalProperties: false } as const;

/** One seeded score of the member, explained. */
export const SeededScoreJson = Type.Object(
  {
    kind: Type.Union([
      Type.Literal(GLOBAL_TRUST),
      Type.Literal(SYBILRANK),
      Type.Literal(SYBILSCAR),
    ]),
    score: Type.Number(),
    inputs: Type.Object(
      {
        seeds: Type.Array(Type.String(), {
          description: "the pre-trusted members (public policy)",
        }),
        youAreASeed: Type.Boolean(),
        ties: Type.Optional(Type.Integer({ description: "your vouch and interaction ties" })),
        relativeTrust: Type.Optional(Type.Number({ description: "1 = the members' average" })),
      },
      Strict,
    ),
    reasons: Type.Array(Type.Object({ code: Type.String(), text: Type.String() }, Strict)),
    provenance: Type.Object(
      {
        algorithm: Type.String(),
        version: Type.String(),
        params: Type.Record(Type.String(), Type.Unknown()),
        logSize: Type.Integer(),
      },
      Strict,
    ),
    principles: Type.Array(Type.String(), { description: "the procedure and principles applied" }),
    thresholds: Type.Array(Type.String()),
    consequences: Type.Array(Type.String()),
    contest: Type.Array(Type.String(), { description: "how to contest it" }),
    dataOrigin: Type.Union([Type.Literal("derived"), Type.Literal("inferred")]),
  },
  Strict,
);
export type SeededScoreJson = Static<typeof SeededScoreJson>;

const CONTEST = [
  "Ask the operator to review the score: the seeds are named in the space's public policy, and your ties are the vouches and interactions listed in data/vouches.json and data/interactions.json.",
  "Anyone holding the space's log can recompute it (fabrique audit recompute): the inputs are public and the provenance names the algorithm, its version, every parameter and the log size.",
  "A decision taken after reading it: appeal it within its appeal window (data/decisions.json).",
];

const CONSEQUENCES = [
  "It never acts by itself: nothing is hidden, discounted or decided because of it. Moderators may read it, riskiest first, beside alerts about you; any decision comes with a statement of reasons you receive and can appeal.",
];

/**
 * The member's seeded scores, explained; empty when the space names no seed or never recomputed.
 *
 * @example seededViews([globalTrust, sybilRank, sybilScar].filter((s) => s !== undefined))
 */
export function seededViews(scores: readonly StoredScore[]): SeededScoreJson[] {
  return scores.flatMap((s): SeededScoreJson[] => {
    const kind = s.provenance.algorithm;
    if (kind !== GLOBAL_TRUST && kind !== SYBILRANK && kind !== SYBILSCAR) return [];
    const d = s.details as {
      seeds?: string[];
      seed?: boolean;
      ties?: number;
      relativeTrust?: number;
      reasons?: { code: string; text: string }[];
    };
    const from = `Computed by ${kind} ${s.provenance.version} from the first ${s.provenance.logSize} entries of the space's log.`;
    const base = {
      score: s.score,
      inputs: {
        seeds: [...(d.seeds ?? [])],
        youAreASeed: d.seed === true,
        ...(d.ties === undefined ? {} : { ties: d.ties }),
        ...(d.relativeTrust === undefined ? {} : { relativeTrust: d.relativeTrust }),
      },
      reasons: (d.reasons ?? []).map((r) => ({ code: r.code, text: r.text })),
      provenance: { ...s.provenance, params: { ...s.provenance.params } },
      consequences: CONSEQUENCES,
      contest: CONTEST,
    };
    switch (kind) {
      case GLOBAL_TRUST:
        return [
          {
            kind,
            ...base,
            principles: [
              "Global trust (EigenTrust, Kamvar et al. 2003): trust starts on the space's pre-trusted members and flows along vouches, interactions (both ways) and positive ratings of what members own, each member passing theirs on in proportion to how much they trust each other member; with probability 0.15 at each step it returns to the pre-trusted members.",
              "Negative ratings never pass trust on (they do not subtract it either). Scores of all members sum to 1; relativeTrust says how far yours is from the average.",
              from,
            ],
            thresholds: ["None."],
            dataOrigin: "derived",
          },
        ];
      case SYBILRANK:
        return [
          {
            kind,
            ...base,
            principles: [
              "SybilRank (Cao et al., NSDI 2012): trust placed on the pre-trusted members spreads for a few steps (about log2 of the member count) along vouches and interactions, both ways, then is divided by each member's ties; fake accounts, linked to real members by few ties, keep little.",
              from,
            ],
            thresholds: ["None."],
            dataOrigin: "inferred",
          },
        ];
      default:
        return [
          {
            kind,
            ...base,
            principles: [
              "SybilSCAR (Wang et al., INFOCOM 2017): each member holds a probability of being a fake account, 0.1 for the pre-trusted members and 0.5 (unknown) for everyone else, and each round mixes it with their neighbours' over vouches and interactions; with trusted members only as evidence the probability stays at most 0.5, which means trust from them never reached you.",
              from,
            ],
            thresholds: [
              `At ${SYBIL_SIGNAL_THRESHOLD} or more, reasons are listed and moderators see it as a signal beside any alert about you.`,
            ],
            dataOrigin: "inferred",
          },
        ];
    }
  });
}
