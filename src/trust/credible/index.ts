/** Credibility-weighted reputation: the whole-graph analysis of a space's ratings and its use. */
export * from "./analysis.js";
export * from "./evidence.js";
export * from "./reputation.js";
