/** Fraudulent raters: REV2, Fairness–Goodness, behavioural signals and the suspicion score. */
export * from "./behaviour.js";
export * from "./credibility.js";
export * from "./fairness-goodness.js";
export * from "./reason.js";
export * from "./rev2.js";
export * from "./suspicion.js";
