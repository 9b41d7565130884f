/** Sybil resistance: SybilRank, SybilSCAR and embeddedness edge weights over undirected graphs. */
export * from "./embeddedness.js";
export * from "./sybilrank.js";
export * from "./sybilscar.js";
export * from "./undirected.js";
