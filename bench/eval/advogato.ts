/**
 * Advogato: does personalised trust from a master-level seed rank masters above apprentices?
 *
 * Labels: a node's level is the median level of the certifications it receives from others
 * (self-certifications ignored); "master" when that median is 1.0, "apprentice" when 0.6. Journeyers
 * and uncertified nodes are not scored. Personalised PageRank (restart to the seed, damping 0.85,
 * power iteration) on the certification graph, unweighted: the levels that define the labels are not
 * used by the walk, so the question is whether the *structure* of certifications carries the level.
 * The level-weighted walk is also reported, marked as circular (it follows the very levels the labels
 * are made of). AUC of master vs apprentice among the nodes the walk reaches (PPR > 0), seed excluded.
 */
import { buildGraph, type Graph, outDegree } from "../../src/trust/graph/csr.js";
import { inAdjacency } from "../../src/trust/graph/in-adjacency.js";
import { powerIterate } from "../../src/trust/rank/power-iteration.js";
import type { Advogato } from "../data/advogato.js";
import { averagePrecision, rocAuc } from "./metrics.js";
import { seeded, shuffle } from "./prng.js";

export interface AdvogatoRow {
  readonly method: string;
  readonly reached: number;
  readonly masters: number;
  readonly apprentices: number;
  readonly auc: number;
  readonly ap: number;
}

export interface AdvogatoResult {
  readonly seed: number;
  readonly seedMasterCertifications: number;
  readonly rows: readonly AdvogatoRow[];
  /**
   * Mean AUC of unweighted PPR over `randomSeeds` master seeds (masters who certify ≥ 10 others) drawn
   * with a fixed PRNG seed.
   */
  readonly randomSeeds: number;
  readonly meanAucRandomMasters: number;
  readonly minAucRandomMasters: number;
}

const DAMPING = 0.85;
/** A seed must certify at least this many others, or its walk reaches almost nobody. */
const MIN_SEED_OUT_DEGREE = 10;

/** @example const result = evaluateAdvogato(loadAdvogato()) */
export function evaluateAdvogato(data: Advogato): AdvogatoResult {
  const n = data.nodeCount;
  const { graph, weighted } = certificationGraphs(data);
  const level = medianReceivedLevel(data);
  const masterCount = masterCertifications(data);
  const seed = argMax(masterCount);
  const rows: AdvogatoRow[] = [];
  const unweighted = ppr(graph, seed, false);
  rows.push(row("personalised PageRank from the seed, unweighted", unweighted, level, seed));
  rows.push(
    row("personalised PageRank, level-weighted (circular)", ppr(weighted, seed, true), level, seed),
  );
  const reachedMask = unweighted.map((x) => (x > 0 ? 1 : 0));
  const global = powerIterate(inAdjacency(graph), { damping: DAMPING, tol: 1e-12, maxIter: 1000 });
  rows.push(row("global PageRank (baseline)", global.ranks, level, seed, reachedMask));
  const inDegree = new Float64Array(n);
  for (let e = 0; e < graph.edgeCount; e++) {
    const v = graph.targets[e] as number;
    inDegree[v] = (inDegree[v] as number) + 1;
  }
  rows.push(row("in-degree (baseline)", inDegree, level, seed, reachedMask));
  const masters = Array.from({ length: n }, (_, v) => v).filter(
    (v) => level[v] === 1 && outDegree(graph, v) >= MIN_SEED_OUT_DEGREE,
  );
  const picks = shuffle(seeded(2009), masters).slice(0, 20);
  const aucs = picks.map((s) => row("", ppr(graph, s, false), level, s).auc);
  return {
    seed: data.externals[seed] as number,
    seedMasterCertifications: masterCount[seed] as number,
    rows,
    randomSeeds: picks.length,
    meanAucRandomMasters: aucs.reduce((a, b) => a + b, 0) / aucs.length,
    minAucRandomMasters: Math.min(...aucs),
  };
}

function certificationGraphs(data: Advogato): { graph: Graph; weighted: Graph } {
  const keep: number[] = [];
  for (let e = 0; e < data.edges.count; e++) {
    if (data.edges.sources[e] !== data.edges.targets[e]) keep.push(e);
  }
  const sources = Uint32Array.from(keep, (e) => data.edges.sources[e] as number);
  const targets = Uint32Array.from(keep, (e) => data.edges.targets[e] as number);
  const levels = Float32Array.from(keep, (e) => data.edges.weights[e] as number);
  const ones = new Float32Array(keep.length).fill(1);
  return {
    graph: buildGraph(data.nodeCount, { count: keep.length, sources, targets, weights: ones }),
    weighted: buildGraph(data.nodeCount, { count: keep.length, sources, targets, weights: levels }),
  };
}

function ppr(g: Graph, seed: number, weighted: boolean): Float64Array {
  const restart = new Float64Array(g.nodeCount);
  restart[seed] = 1;
  return powerIterate(inAdjacency(g, { weighted }), {
    damping: DAMPING,
    tol: 1e-12,
    maxIter: 1000,
    restart,
  }).ranks;
}

/** Median level received from others, or 0 when uncertified. */
function medianReceivedLevel(data: Advogato): Float64Array {
  const received: number[][] = Array.from({ length: data.nodeCount }, () => []);
  for (let e = 0; e < data.edges.count; e++) {
    const u = data.edges.sources[e] as number;
    const v = data.edges.targets[e] as number;
    // Levels are stored as float32; round back to the data set's one decimal.
    if (u !== v) received[v]?.push(Math.round((data.edges.weights[e] as number) * 10) / 10);
  }
  return Float64Array.from(received, (levels) => {
    if (levels.length === 0) return 0;
    const sorted = [...levels].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  });
}

function masterCertifications(data: Advogato): Float64Array {
  const counts = new Float64Array(data.nodeCount);
  for (let e = 0; e < data.edges.count; e++) {
    const v = data.edges.targets[e] as number;
    if (data.edges.sources[e] !== v && (data.edges.weights[e] as number) > 0.95)
      counts[v] = (counts[v] as number) + 1;
  }
  return counts;
}

function argMax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

function row(
  method: string,
  scores: Float64Array,
  level: Float64Array,
  seed: number,
  reached: ArrayLike<number> = scores.map((x) => (x > 0 ? 1 : 0)),
): AdvogatoRow {
  const picked: number[] = [];
  const labels: boolean[] = [];
  for (let v = 0; v < scores.length; v++) {
    if (v === seed || reached[v] !== 1) continue;
    if (level[v] === 1 || level[v] === 0.6) {
      picked.push(scores[v] as number);
      labels.push(level[v] === 1);
    }
  }
  let reachedCount = 0;
  for (let v = 0; v < scores.length; v++) if (reached[v] === 1 && v !== seed) reachedCount++;
  return {
    method,
    reached: reachedCount,
    masters: labels.filter(Boolean).length,
    apprentices: labels.filter((l) => !l).length,
    auc: rocAuc(picked, labels),
    ap: averagePrecision(picked, labels),
  };
}
