/** Bayesian reputation with explanations: the public API of src/trust/reputation. */
export { betaCdf, betaQuantile, logGamma } from "./beta.js";
export { type CriteriaReview, reputationByCriterion } from "./criteria.js";
export type { Contribution, Discount, DiscountSummary, WhatIf } from "./explain.js";
export {
  IMPORTED_PRIOR_RULE,
  type ImportedPrior,
  type ImportedPriorEffect,
  importedPriorText,
  withImportedPrior,
} from "./imported-prior.js";
export {
  type BetaPosterior,
  credibleInterval,
  posterior,
  posteriorScore,
  type RatingScale,
  type ReputationPrior,
} from "./posterior.js";
export { spacePrior } from "./prior.js";
export {
  REPUTATION_VERSION,
  type Reputation,
  type ReputationParams,
  reputation,
} from "./reputation.js";
export {
  DEFAULT_FLAG_DISCOUNTS,
  type DiscountReason,
  type FlagDiscounts,
  type Review,
  type ReviewFlags,
  type ReviewWeight,
  reviewWeight,
  type WeightFactor,
} from "./review.js";
