/**
 * The Bitcoin Alpha set-up of session 6's protocol (docs/evaluation.md, "Session 6"), shared by the
 * session 6 and 7 scripts so that they evaluate the same graphs, users and splits:
 * - the label sources (label-sources.ts) are found, and every rating they gave is dropped (the first
 *   leak: their ratings defined the labels), giving the "target protocol" graph;
 * - every rating given *to* them is dropped too (the second leak: labelled users' ratings of the label
 *   sources), giving the graph session 6's protocol reports;
 * - the evaluated users are the labelled users who still rated someone, in id order;
 * - the seed-2018 development half and its complement form the fixed split.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import { loadBitcoinAlpha } from "../data/bitcoin-alpha.js";
import { developmentHalf, filterEdges, normalisedGraph } from "./fraud-alpha.js";
import { findLabelSources } from "./label-sources.js";

/** The two graphs, the evaluated users with their labels, and the development half. */
export interface LeakFreeAlpha {
  /** Ratings given by the label sources dropped (the target protocol; comparison only). */
  readonly target: Graph;
  /** Ratings given by and to the label sources dropped (session 6's protocol, the one reported). */
  readonly both: Graph;
  /** Labelled users who rated someone once the label sources' ratings are dropped, ascending. */
  readonly users: readonly number[];
  readonly label: (user: number) => boolean;
  /** The seed-2018 development half of the labelled users (fraud-alpha.ts). */
  readonly development: ReadonlySet<number>;
  /** The development half's users, then the rest: the split sessions 3–7 report as "seed 2018". */
  readonly fixedSplit: [number[], number[]];
}

/**
 * Loads Bitcoin Alpha from ../shared/data and builds session 6's protocol.
 *
 * @example const { both, users, label } = leakFreeAlpha()
 */
export function leakFreeAlpha(): LeakFreeAlpha {
  const alpha = loadBitcoinAlpha();
  const sources = new Set(
    findLabelSources(alpha.nodeCount, alpha.ratings, alpha.fraudulent).raters,
  );
  const r = alpha.ratings;
  const givenBy = filterEdges(r, (e) => !sources.has(r.sources[e] as number));
  const target = normalisedGraph(alpha.nodeCount, givenBy);
  const both = normalisedGraph(
    alpha.nodeCount,
    filterEdges(givenBy, (e) => !sources.has(givenBy.targets[e] as number)),
  );
  const raters = new Set(givenBy.sources);
  const users = [...alpha.fraudulent.keys()].filter((u) => raters.has(u)).sort((a, b) => a - b);
  const label = (u: number) => alpha.fraudulent.get(u) === true;
  const development = developmentHalf(alpha.fraudulent);
  const fixedSplit: [number[], number[]] = [
    users.filter((u) => development.has(u)),
    users.filter((u) => !development.has(u)),
  ];
  return { target, both, users, label, development, fixedSplit };
}
