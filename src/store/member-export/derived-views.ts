/**
 * The scores and signals derived about a member, each with "the procedure and principles actually
 * applied" (CJEU C-203/22, Dun & Bradstreet Austria, on GDPR Art. 15(1)(h)): the sentences below are
 * built from the provenance of the very computation (its parameters as used), not from documentation
 * that could drift from it; then the thresholds that apply, what follows from the score in Fabrique, and
 * how to contest it (GDPR Art. 22(3), DSA Art. 20).
 */
import { DISCOUNT_TEXTS } from "../../trust/credible/index.js";
import type { MemberSignalScore, SubjectScore } from "../member-data/member-scores.js";
import type { ReputationJson, SignalJson } from "./record-schemas.js";

/** The credential thresholds Fabrique issues (src/credential DEFAULT_THRESHOLDS), for the text. */
export interface ThresholdsInForce {
  readonly rating: readonly number[];
  readonly reviews: readonly number[];
}

/**
 * A subject's reputation as schema.org AggregateRating with its explanation.
 *
 * @example reputationView(score, { min: 1, max: 5 }, thresholds)
 */
export function reputationView(
  s: SubjectScore,
  scale: { readonly min: number; readonly max: number },
  thresholds: ThresholdsInForce,
): ReputationJson {
  const r = s.reputation;
  const p = r.provenance.params;
  const discounts = (p.discounts as readonly number[] | undefined) ?? [];
  const who = s.relation === "member" ? "you" : `your subject ${s.subject}`;
  const imported = r.importedPrior;
  const spacePrior = imported?.spacePrior ?? r.prior;
  return {
    "@context": "https://schema.org",
    "@type": "AggregateRating",
    itemReviewed: { "@type": "Thing", identifier: s.subject },
    relation: s.relation,
    ratingValue: r.score,
    ratingCount: r.count,
    worstRating: scale.min,
    bestRating: scale.max,
    interval: { ...r.interval },
    effectiveCount: r.effectiveCount,
    prior: { ...r.prior },
    inputs: {
      contributions: [...r.contributions],
      discounts: [...r.discounts],
      discountSummary: [...r.discountSummary],
    },
    whatIf: r.whatIf.map((w) => ({ ...w })),
    ...(imported === undefined
      ? {}
      : {
          importedPrior: {
            issuer: imported.issuer,
            source: imported.source,
            reviewsAtLeast: imported.reviewsAtLeast,
            ratingAtLeast: imported.ratingAtLeast,
            weight: imported.weight,
            fullWeight: imported.fullWeight,
            mean: imported.mean,
            rule: imported.rule,
            text: imported.text,
          },
        }),
    provenance: { ...r.provenance, params: { ...p } },
    principles: [
      `The score is the mean of a Bayesian (Beta) estimate: it starts from the average of every published rating in the space (${fmt(spacePrior.mean)}), weighed as ${fmt(spacePrior.strength)} reviews, and each published review about ${who} moves it.`,
      ...(imported === undefined
        ? []
        : [
            `You imported your reputation from another space: ${imported.text}. It is added to the starting point as ${fmt(imported.weight)} reviews at ${fmt(imported.mean)}, and is not counted as a review here; you can withdraw it.`,
          ]),
      `Only published reviews count: a sealed review (its double-blind window still open), a withdrawn one and one removed by a decision never enter the score.`,
      ...weighting(p, discounts),
      `Review age ${p.halfLife === "infinity" ? "does not lower a review's weight" : `halves a review's weight every ${p.halfLife} ms`}.`,
      `The interval is the ${fmt(r.interval.level * 100)}% credible interval: with the reviews so far, the score lies between ${fmt(r.interval.low)} and ${fmt(r.interval.high)} with that probability.`,
      `Computed by ${r.provenance.algorithm} ${r.provenance.version} from the first ${r.provenance.logSize} entries of the space's log: anyone holding that log prefix can recompute it.`,
    ],
    thresholds: [
      "Fabrique hides nothing and decides nothing when a score crosses a value.",
      `A reputation credential you ask for states only bounds that hold: an average of at least ${thresholds.rating.join(" or ")}, at least ${thresholds.reviews.join(", ")} reviews.`,
    ],
    consequences: [
      "The score is public: anyone may read it from the space's API, and the operator may show it beside your listing or profile.",
      "The operator may use it in its own decisions; any moderation decision about you comes with a statement of reasons (data/decisions.json).",
    ],
    contest: [
      "A review about you that breaks the space's rules: raise an alert against it; you may also reply to it publicly.",
      "A decision that removed your content or restricted you: appeal it within its appeal window (see data/decisions.json).",
      "The computation itself: every input is in the log; recompute it from the log prefix named in provenance and tell the operator if it differs.",
    ],
    dataOrigin: "derived",
  };
}

/**
 * The member's fraud suspicion signal with every reason and its explanation.
 *
 * @example signalView(scores.signal)
 */
export function signalView(s: MemberSignalScore): SignalJson {
  const weights = Object.entries(s.provenance.params)
    .filter(([k]) => k.startsWith("weight"))
    .map(([k, v]) => `${k} ${String(v)}`);
  return {
    kind: "fraud-suspicion",
    score: s.score,
    rank: s.rank,
    of: s.of,
    reasons: s.reasons.map((r) => ({ ...r })),
    provenance: { ...s.provenance, params: { ...s.provenance.params } },
    principles: [
      "The signal sums weighed reasons, each in [0, 1]: REV2 (how far the ratings you give and receive agree with the rest of the space's ratings, pooled over everyone) and behaviour (rating far from others, only extreme ratings, bursts of ratings, a young account, reciprocal rating rings).",
      "The weights were fixed before any evaluation, not fitted to anyone's data.",
      ...(weights.length > 0 ? [`Weights as used: ${weights.join(", ")}.`] : []),
      `You rank ${s.rank} of ${s.of} members by this signal. Computed by ${s.provenance.algorithm} ${s.provenance.version} from the first ${s.provenance.logSize} entries of the space's log.`,
    ],
    thresholds: ["None: no value of the signal triggers anything by itself."],
    consequences: [
      "Signals never act: nothing is hidden, discounted or decided because of them. Moderators of the space may read them, most suspicious first, as an input to their review; any decision they take comes with a statement of reasons you receive and can appeal.",
    ],
    contest: [
      "Ask the operator to review the reasons listed here; honest members trip behavioural reasons too (a burst of reviews after a busy week, a new account).",
      "A decision taken after reading the signal: appeal it within its appeal window (data/decisions.json).",
    ],
    dataOrigin: "inferred",
  };
}

/**
 * How each review was weighed, from the provenance's own parameters: the multiplier of each flag (in
 * `discountOrder`) and, when the computation weighed raters (src/trust/credible), the credibility rule.
 */
function weighting(p: Readonly<Record<string, unknown>>, discounts: readonly number[]): string[] {
  const order = (p.discountOrder as readonly string[] | undefined) ?? [];
  const flags = order.map((name, i) => {
    const reason = FLAG_REASONS[name] ?? name;
    return `${reason}: the review counts ${fmt(discounts[i] ?? 1)} of one`;
  });
  const lines = [
    `A review counts fully when an attested interaction backs it and nothing below applies; ${flags.join("; ")}.`,
  ];
  if (typeof p.credibility === "string") {
    lines.push(
      `Each review is also weighed by its rater's credibility (${p.credibility}): ${DISCOUNT_TEXTS.credibility}.`,
    );
  }
  return lines;
}

/** The flags of src/trust/reputation (ReviewFlags), in words. */
const FLAG_REASONS: Readonly<Record<string, string>> = {
  unverified: DISCOUNT_TEXTS.unverified,
  lowCredibility: DISCOUNT_TEXTS["low-credibility"],
  suspectedRing: DISCOUNT_TEXTS["suspected-ring"],
  retaliation: DISCOUNT_TEXTS.retaliation,
};

/** A number for people: at most three decimals, no trailing zeros. */
function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
