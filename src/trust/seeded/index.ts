/** Scores computed from pre-trusted seeds: global trust and Sybil signals of a space's members. */
export * from "./seeded-scores.js";
