/**
 * A prior imported from another space (issue 6, "portable reputation"): a newcomer who proves, with a
 * credential of a space this one accepts, "at least N reviews there, averaging at least r", starts from
 * a prior that leans toward r instead of starting at this space's typical rating. The import is read as
 * pseudo-reviews added to the space's prior, never as reviews of its own:
 *
 * - its rating is the proven lower bound r, mapped from the issuing space's scale onto this one (a bound
 *   is all the credential proves, so the reading is the conservative one);
 * - its weight is min(N, the space's bound k, the space's own prior strength) pseudo-reviews: a
 *   credential never outweighs what this space itself assumes of everyone, and never counts more
 *   reviews than it proves;
 * - each review of the subject's own (published, in this space) supersedes one imported pseudo-review,
 *   so after k own reviews the import no longer counts: the space's own evidence takes over.
 *
 * Pure and deterministic in its inputs, so an auditor holding the log (which carries the imported
 * bounds in the public part of `prior.imported` and the bound k in the policy) recomputes it exactly.
 */
import type { RatingScale, ReputationPrior } from "./posterior.js";

/** Version of the import rule; it is named in every explanation that uses it. */
export const IMPORTED_PRIOR_RULE = "imported-prior-pseudo-reviews 1.0.0";

/** What was proven in the other space, and the bound this space sets. */
export interface ImportedPrior {
  /** The issuer identifier of the credential (the other space). */
  readonly issuer: string;
  /** The other space's name as the credential states it (or the name the policy gives it). */
  readonly source: string;
  /** The largest proven "at least N reviews" bound. */
  readonly reviewsAtLeast: number;
  /** The largest proven "average rating at least r" bound, on the other space's scale. */
  readonly ratingAtLeast: number;
  /** The other space's rating scale. */
  readonly sourceScale: RatingScale;
  /** The most pseudo-reviews an import may count as in this space (policy). */
  readonly maxPseudoReviews: number;
}

/** How the import entered the prior. */
export interface ImportedPriorEffect extends ImportedPrior {
  readonly rule: string;
  /** The proven bound mapped onto this space's scale. */
  readonly mean: number;
  /** Pseudo-reviews the import counts as before own reviews supersede it. */
  readonly fullWeight: number;
  /** Pseudo-reviews it counts as now: fullWeight less the subject's own reviews, at least 0. */
  readonly weight: number;
  /** The space's prior before the import. */
  readonly spacePrior: ReputationPrior;
  /** The explanation's sentence (importedPriorText). */
  readonly text: string;
}

/**
 * The prior of a subject with an imported reputation, and how the import entered it.
 *
 * @example
 * withImportedPrior({ mean: 4, strength: 10 }, { issuer, source: "market", reviewsAtLeast: 20,
 *   ratingAtLeast: 4.5, sourceScale: { min: 1, max: 5 }, maxPseudoReviews: 5 }, 2, { min: 1, max: 5 })
 * // prior { mean: (10·4 + 3·4.5)/13, strength: 13 }, effect.weight 3
 */
export function withImportedPrior(
  spacePrior: ReputationPrior,
  imported: ImportedPrior,
  ownReviews: number,
  scale: RatingScale,
): { readonly prior: ReputationPrior; readonly effect: ImportedPriorEffect } {
  assertImport(imported, ownReviews);
  const { min, max } = imported.sourceScale;
  const unit = Math.min(1, Math.max(0, (imported.ratingAtLeast - min) / (max - min)));
  const margin = 0.005 * (scale.max - scale.min);
  const mean = Math.min(
    scale.max - margin,
    Math.max(scale.min + margin, scale.min + unit * (scale.max - scale.min)),
  );
  const fullWeight = Math.max(
    0,
    Math.min(imported.reviewsAtLeast, imported.maxPseudoReviews, spacePrior.strength),
  );
  const weight = Math.max(0, fullWeight - ownReviews);
  const strength = spacePrior.strength + weight;
  const prior =
    weight === 0
      ? spacePrior
      : { mean: (spacePrior.strength * spacePrior.mean + weight * mean) / strength, strength };
  const facts = { ...imported, rule: IMPORTED_PRIOR_RULE, mean, fullWeight, weight, spacePrior };
  return { prior, effect: { ...facts, text: importedPriorText(facts) } };
}

/**
 * The sentence an explanation shows for an import, e.g. "reputation imported from space market:
 * ≥ 20 reviews, ≥ 4.5 (counts as 3 of 5 pseudo-reviews; own reviews replace it)".
 *
 * @example importedPriorText(effect)
 */
export function importedPriorText(effect: Omit<ImportedPriorEffect, "text">): string {
  const base = `reputation imported from space ${effect.source}: ≥ ${effect.reviewsAtLeast} reviews, ≥ ${effect.ratingAtLeast}`;
  if (effect.weight === 0) return `${base} (no longer counted: own reviews replaced it)`;
  return `${base} (counts as ${round(effect.weight)} of ${round(effect.fullWeight)} pseudo-reviews in the prior, never as reviews; each own review replaces one)`;
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function assertImport(p: ImportedPrior, ownReviews: number): void {
  const { min, max } = p.sourceScale;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
    throw new RangeError(`source scale must have min < max, got ${min}..${max}`);
  }
  if (!(Number.isFinite(p.ratingAtLeast) && p.ratingAtLeast >= min && p.ratingAtLeast <= max)) {
    throw new RangeError(`imported rating bound ${p.ratingAtLeast} is off ${min}..${max}`);
  }
  if (!(Number.isFinite(p.reviewsAtLeast) && p.reviewsAtLeast >= 0)) {
    throw new RangeError(`imported review bound ${p.reviewsAtLeast} must be ≥ 0`);
  }
  if (!(Number.isFinite(p.maxPseudoReviews) && p.maxPseudoReviews >= 0)) {
    throw new RangeError(`maxPseudoReviews ${p.maxPseudoReviews} must be ≥ 0`);
  }
  if (!(Number.isInteger(ownReviews) && ownReviews >= 0)) {
    throw new RangeError(`own review count ${ownReviews} must be a non-negative integer`);
  }
}
