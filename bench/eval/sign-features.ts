/**
 * Features for edge sign prediction, computed for every edge from the training edges only (Leskovec,
 * Huttenlocher, Kleinberg: "Predicting Positive and Negative Links in Online Social Networks", WWW
 * 2010 §3; "Signed Networks in Social Media", CHI 2010 for status):
 *
 * - degree (7): d⁺in(v), d⁻in(v), d⁺out(u), d⁻out(u), common neighbours C(u, v), dout(u), din(v);
 * - triads (16): for each common neighbour w, the directions and signs of the u–w and w–v edges;
 * - status: σ(v) − σ(u) with σ(x) = d⁺in − d⁻in + d⁻out − d⁺out (the status heuristic);
 * - shares: u's share of positive out-ratings and v's of positive in-ratings, Laplace-smoothed;
 * - reciprocity: whether the reverse edge v → u is a known positive or negative;
 * - fairness–goodness (Kumar et al. ICDM 2016): F(u), G(v) and F(u)·G(v).
 *
 * Leakage: a training row's own sign is subtracted from its degree, share, status and goodness
 * features (fairness is recomputed without the edge from the converged sums), so training rows look
 * like test rows, whose sign was never seen. Counts enter as log(1 + x).
 */
import { fairnessGoodness } from "../../src/trust/fraud/fairness-goodness.js";
import { buildGraph, type EdgeList } from "../../src/trust/graph/csr.js";
import type { Dataset } from "./logistic.js";

export type FeatureGroup = "degree" | "triads" | "status" | "shares" | "reciprocity" | "fairness";

const GROUP_COLUMNS: Record<FeatureGroup, number> = {
  degree: 7,
  triads: 16,
  status: 1,
  shares: 2,
  reciprocity: 2,
  fairness: 3,
};

export const ALL_GROUPS: readonly FeatureGroup[] = [
  "degree",
  "triads",
  "status",
  "shares",
  "reciprocity",
  "fairness",
];

/** Columns of `groups` in a dataset built with ALL_GROUPS. */
export function columnsOf(groups: readonly FeatureGroup[]): number[] {
  const columns: number[] = [];
  let at = 0;
  for (const g of ALL_GROUPS) {
    const width = GROUP_COLUMNS[g];
    if (groups.includes(g)) for (let i = 0; i < width; i++) columns.push(at + i);
    at += width;
  }
  return columns;
}

/** The dataset restricted to some columns. */
export function selectColumns(data: Dataset, columns: readonly number[]): Dataset {
  const x = new Float64Array(data.rows * columns.length);
  for (let r = 0; r < data.rows; r++) {
    for (let j = 0; j < columns.length; j++) {
      x[r * columns.length + j] = data.x[r * data.columns + (columns[j] as number)] as number;
    }
  }
  return { rows: data.rows, columns: columns.length, x };
}

/**
 * One row per edge of `edges` (weights ±1), all feature groups, from the edges with train[e] = 1.
 *
 * @example const data = signFeatures(net.nodeCount, net.edges, trainMask)
 */
export function signFeatures(nodeCount: number, edges: EdgeList, train: Uint8Array): Dataset {
  const counts = degreeCounts(nodeCount, edges, train);
  const adjacency = signedAdjacency(nodeCount, edges, train);
  const { triads, common } = allTriads(nodeCount, adjacency, edges);
  const fg = trainingFairnessGoodness(nodeCount, edges, train);
  const columns = ALL_GROUPS.reduce((s, g) => s + GROUP_COLUMNS[g], 0);
  const x = new Float64Array(edges.count * columns);
  for (let e = 0; e < edges.count; e++) {
    const u = edges.sources[e] as number;
    const v = edges.targets[e] as number;
    const own = train[e] === 1 ? (edges.weights[e] as number) : 0;
    const ownPos = own > 0 ? 1 : 0;
    const ownNeg = own < 0 ? 1 : 0;
    const inPos = (counts.inPos[v] as number) - ownPos;
    const inNeg = (counts.inNeg[v] as number) - ownNeg;
    const outPos = (counts.outPos[u] as number) - ownPos;
    const outNeg = (counts.outNeg[u] as number) - ownNeg;
    let c = e * columns;
    const degree = [
      inPos,
      inNeg,
      outPos,
      outNeg,
      common[e] as number,
      outPos + outNeg,
      inPos + inNeg,
    ];
    for (const value of degree) x[c++] = Math.log1p(value);
    for (let t = 0; t < 16; t++) x[c++] = Math.log1p(triads[e * 16 + t] as number);
    const statusU = (counts.inPos[u] as number) - (counts.inNeg[u] as number) + outNeg - outPos;
    const statusV = inPos - inNeg + (counts.outNeg[v] as number) - (counts.outPos[v] as number);
    x[c++] = signedLog(statusV - statusU);
    x[c++] = (outPos + 1) / (outPos + outNeg + 2);
    x[c++] = (inPos + 1) / (inPos + inNeg + 2);
    const reverse = reverseSign(adjacency, u, v);
    x[c++] = reverse > 0 ? 1 : 0;
    x[c++] = reverse < 0 ? 1 : 0;
    const { fairness, goodness } = fg.leaveOut(u, v, own);
    x[c++] = fairness;
    x[c++] = goodness;
    x[c++] = fairness * goodness;
  }
  return { rows: edges.count, columns, x };
}

function signedLog(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

interface DegreeCounts {
  readonly inPos: Uint32Array;
  readonly inNeg: Uint32Array;
  readonly outPos: Uint32Array;
  readonly outNeg: Uint32Array;
}

function degreeCounts(n: number, edges: EdgeList, train: Uint8Array): DegreeCounts {
  const inPos = new Uint32Array(n);
  const inNeg = new Uint32Array(n);
  const outPos = new Uint32Array(n);
  const outNeg = new Uint32Array(n);
  for (let e = 0; e < edges.count; e++) {
    if (train[e] !== 1) continue;
    const u = edges.sources[e] as number;
    const v = edges.targets[e] as number;
    if ((edges.weights[e] as number) > 0) {
      outPos[u] = (outPos[u] as number) + 1;
      inPos[v] = (inPos[v] as number) + 1;
    } else {
      outNeg[u] = (outNeg[u] as number) + 1;
      inNeg[v] = (inNeg[v] as number) + 1;
    }
  }
  return { inPos, inNeg, outPos, outNeg };
}

/**
 * Undirected neighbour lists, sorted by neighbour, each with a 4-bit code of the training edges
 * between the two: bit 0 x→y positive, bit 1 x→y negative, bit 2 y→x positive, bit 3 y→x negative.
 */
interface SignedAdjacency {
  readonly offsets: Uint32Array;
  readonly neighbours: Uint32Array;
  readonly codes: Uint8Array;
}

function signedAdjacency(n: number, edges: EdgeList, train: Uint8Array): SignedAdjacency {
  // Sort (x, y, code) triples packed into one float key: (x·n + y)·16 + code < 2⁵³ for n < 2²⁴.
  let kept = 0;
  for (let e = 0; e < edges.count; e++) if (train[e] === 1) kept++;
  const keys = new Float64Array(2 * kept);
  let at = 0;
  for (let e = 0; e < edges.count; e++) {
    if (train[e] !== 1) continue;
    const u = edges.sources[e] as number;
    const v = edges.targets[e] as number;
    const positive = (edges.weights[e] as number) > 0;
    keys[at++] = (u * n + v) * 16 + (positive ? 1 : 2);
    keys[at++] = (v * n + u) * 16 + (positive ? 4 : 8);
  }
  keys.sort();
  const offsets = new Uint32Array(n + 1);
  const neighbours = new Uint32Array(at);
  const codes = new Uint8Array(at);
  let out = 0;
  let lastPair = -1;
  for (let i = 0; i < at; i++) {
    const key = keys[i] as number;
    const code = key % 16;
    const pair = (key - code) / 16;
    if (pair === lastPair) {
      codes[out - 1] = (codes[out - 1] as number) | code;
      continue;
    }
    lastPair = pair;
    const x = Math.floor(pair / n);
    neighbours[out] = pair - x * n;
    codes[out] = code;
    offsets[x + 1] = (offsets[x + 1] as number) + 1;
    out++;
  }
  for (let x = 0; x < n; x++) offsets[x + 1] = (offsets[x + 1] as number) + (offsets[x] as number);
  return { offsets, neighbours: neighbours.subarray(0, out), codes: codes.subarray(0, out) };
}

/** Index of `w` in x's neighbour list, or -1. */
function find(adj: SignedAdjacency, x: number, w: number): number {
  let lo = adj.offsets[x] as number;
  let hi = adj.offsets[x + 1] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((adj.neighbours[mid] as number) < w) lo = mid + 1;
    else hi = mid;
  }
  return lo < (adj.offsets[x + 1] as number) && adj.neighbours[lo] === w ? lo : -1;
}

/** The code of the v → u training edges seen from v: > 0 positive, < 0 negative, 0 none or both. */
function reverseSign(adj: SignedAdjacency, u: number, v: number): number {
  const at = find(adj, v, u);
  if (at < 0) return 0;
  const code = adj.codes[at] as number;
  const pos = (code & 1) !== 0;
  const neg = (code & 2) !== 0;
  return pos === neg ? 0 : pos ? 1 : -1;
}

/**
 * The 16 triad counts of every edge (row-major, edges × 16) and its number of common neighbours.
 * Type index a·4 + b: a for the u–w edge (0 u→w +, 1 u→w −, 2 w→u +, 3 w→u −), b for the w–v edge
 * (0 w→v +, 1 w→v −, 2 v→w +, 3 v→w −). Edges are grouped by their higher-degree end (the pivot),
 * whose neighbours are marked once; then the other end's list is walked: O(Σ min(dᵤ, dᵥ)).
 */
function allTriads(
  n: number,
  adj: SignedAdjacency,
  edges: EdgeList,
): { triads: Float32Array; common: Uint32Array } {
  const degree = (x: number) => (adj.offsets[x + 1] as number) - (adj.offsets[x] as number);
  const pivotOf = (e: number) => {
    const u = edges.sources[e] as number;
    const v = edges.targets[e] as number;
    return degree(u) >= degree(v) ? u : v;
  };
  const { offsets: groupStart, order } = groupBy(n, edges.count, pivotOf);
  const stamp = new Int32Array(n).fill(-1);
  const markCode = new Uint8Array(n);
  const triads = new Float32Array(edges.count * 16);
  const common = new Uint32Array(edges.count);
  for (let p = 0; p < n; p++) {
    const first = groupStart[p] as number;
    const last = groupStart[p + 1] as number;
    if (first === last) continue;
    for (let i = adj.offsets[p] as number; i < (adj.offsets[p + 1] as number); i++) {
      stamp[adj.neighbours[i] as number] = p;
      markCode[adj.neighbours[i] as number] = adj.codes[i] as number;
    }
    for (let k = first; k < last; k++) {
      const e = order[k] as number;
      const u = edges.sources[e] as number;
      const v = edges.targets[e] as number;
      const other = p === u ? v : u;
      let found = 0;
      for (let i = adj.offsets[other] as number; i < (adj.offsets[other + 1] as number); i++) {
        const w = adj.neighbours[i] as number;
        if (w === u || w === v || stamp[w] !== p) continue;
        found++;
        const codeU = p === u ? (markCode[w] as number) : (adj.codes[i] as number);
        const codeV = p === u ? (adj.codes[i] as number) : (markCode[w] as number);
        addTriads(triads, e * 16, codeU, codeV);
      }
      common[e] = found;
    }
  }
  return { triads, common };
}

/** Items 0..count-1 ordered by key (counting sort); group k is order[offsets[k] .. offsets[k+1]). */
function groupBy(
  keys: number,
  count: number,
  keyOf: (item: number) => number,
): { offsets: Uint32Array; order: Uint32Array } {
  const offsets = new Uint32Array(keys + 1);
  const key = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    key[i] = keyOf(i);
    offsets[(key[i] as number) + 1] = (offsets[(key[i] as number) + 1] as number) + 1;
  }
  for (let k = 0; k < keys; k++)
    offsets[k + 1] = (offsets[k + 1] as number) + (offsets[k] as number);
  const cursor = offsets.slice(0, keys);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const k = key[i] as number;
    order[cursor[k] as number] = i;
    cursor[k] = (cursor[k] as number) + 1;
  }
  return { offsets, order };
}

/** codeU is the u–w relation seen from u, codeV the v–w relation seen from v. */
function addTriads(triads: Float32Array, base: number, codeU: number, codeV: number): void {
  for (let a = 0; a < 4; a++) {
    if ((codeU & (1 << a)) === 0) continue;
    for (let bit = 0; bit < 4; bit++) {
      if ((codeV & (1 << bit)) === 0) continue;
      // Seen from v: bit 0 v→w + (b 2), bit 1 v→w − (b 3), bit 2 w→v + (b 0), bit 3 w→v − (b 1).
      const at = base + a * 4 + ((bit + 2) % 4);
      triads[at] = (triads[at] as number) + 1;
    }
  }
}

interface TrainingFairnessGoodness {
  readonly leaveOut: (u: number, v: number, own: number) => { fairness: number; goodness: number };
}

/**
 * Fairness and goodness of the training graph, with a training edge's own contribution removed from
 * its rater's fairness and its ratee's goodness.
 */
function trainingFairnessGoodness(
  n: number,
  edges: EdgeList,
  train: Uint8Array,
): TrainingFairnessGoodness {
  const picked: number[] = [];
  for (let e = 0; e < edges.count; e++) if (train[e] === 1) picked.push(e);
  const g = buildGraph(n, {
    count: picked.length,
    sources: Uint32Array.from(picked, (e) => edges.sources[e] as number),
    targets: Uint32Array.from(picked, (e) => edges.targets[e] as number),
    weights: Float32Array.from(picked, (e) => edges.weights[e] as number),
  });
  const { fairness, goodness } = fairnessGoodness(g);
  const goodSum = new Float64Array(n);
  const inCount = new Uint32Array(n);
  const distSum = new Float64Array(n);
  const outCount = new Uint32Array(n);
  for (let u = 0; u < n; u++) {
    for (let k = g.offsets[u] as number; k < (g.offsets[u + 1] as number); k++) {
      const v = g.targets[k] as number;
      const w = g.weights[k] as number;
      goodSum[v] = (goodSum[v] as number) + (fairness[u] as number) * w;
      inCount[v] = (inCount[v] as number) + 1;
      distSum[u] = (distSum[u] as number) + Math.abs(w - (goodness[v] as number));
      outCount[u] = (outCount[u] as number) + 1;
    }
  }
  return {
    leaveOut(u, v, own) {
      if (own === 0) return { fairness: fairness[u] as number, goodness: goodness[v] as number };
      const ins = (inCount[v] as number) - 1;
      const good = ins > 0 ? ((goodSum[v] as number) - (fairness[u] as number) * own) / ins : 0;
      const outs = (outCount[u] as number) - 1;
      const fair =
        outs > 0
          ? 1 - ((distSum[u] as number) - Math.abs(own - (goodness[v] as number))) / (2 * outs)
          : 1;
      return { fairness: fair, goodness: good };
    },
  };
}
