/**
 * The strongest trust paths from a viewer to a subject: the explanation of a personalized trust score
 * ("you → vouched for A → stayed with B"). A path's strength is the personalized PageRank mass carried by
 * walks that follow exactly that path: α·Π((1 − α)·c(u, v)), where c(u, v) is the share of u's positive
 * out-weight that goes to v. The strengths of all walks sum to the score, so a path's strength over the
 * score is the part of the score it explains.
 *
 * Bounded best-first search: partial simple paths are expanded strongest first from a max-heap, so paths
 * reach the subject in non-increasing strength and the first k found are the k strongest, as long as no
 * bound cut the search (`exhaustive`). Bounds: path length, expansions, the branching kept per
 * expansion (the strongest children), and an optional node filter (the push's support, where trust mass
 * actually flowed). Only positive edges are followed: distrust never makes a path.
 */
import { type EdgeKind, edgeKindOf } from "../graph/edge-kind.js";
import { createMaxHeap } from "./max-heap.js";
import type { TrustWalk } from "./push.js";

/** One hop of a trust path. */
export interface TrustStep {
  readonly from: number;
  readonly to: number;
  /** The strongest edge behind the hop (parallel edges u → v add up in `share`). */
  readonly edge: number;
  readonly weight: number;
  /** The edge's kind when the graph records kinds. */
  readonly kind?: EdgeKind;
  /** Share of `from`'s positive out-weight that goes to `to`. */
  readonly share: number;
}

/** A simple path of positive edges from the viewer to the subject. */
export interface TrustPath {
  /** Viewer first, subject last. */
  readonly nodes: readonly number[];
  readonly steps: readonly TrustStep[];
  /** α·Π((1 − α)·share): the personalized PageRank mass of walks along exactly this path. */
  readonly strength: number;
}

/** Bounds of the search. */
export interface TrustPathOptions {
  /** Restart probability α of the walk whose mass the strengths measure. */
  readonly alpha: number;
  readonly maxPaths: number;
  /** Maximum number of hops. */
  readonly maxLength: number;
  /** Maximum number of partial paths expanded. */
  readonly maxExpansions: number;
  /** Children kept per expansion: the strongest ones. */
  readonly maxBranching: number;
  /** Nodes a path may pass through (the subject is always allowed); all when absent. */
  readonly within?: (node: number) => boolean;
}

/** The paths found, strongest first, and whether any bound cut the search. */
export interface TrustPathSearch {
  readonly paths: readonly TrustPath[];
  /** True when no bound pruned a candidate: the paths are then exactly the k strongest. */
  readonly exhaustive: boolean;
  readonly expansions: number;
}

/**
 * Finds up to `maxPaths` strongest simple trust paths from `viewer` to `subject`.
 *
 * @example
 * const { paths } = strongestTrustPaths(walk, viewer, subject,
 *   { alpha: 0.15, maxPaths: 3, maxLength: 4, maxExpansions: 2000, maxBranching: 32 })
 */
export function strongestTrustPaths(
  walk: TrustWalk,
  viewer: number,
  subject: number,
  options: TrustPathOptions,
): TrustPathSearch {
  const tree = createPathTree();
  const heap = createMaxHeap();
  const paths: TrustPath[] = [];
  let exhaustive = true;
  let expansions = 0;
  heap.push(tree.add(viewer, -1, -1, options.alpha), options.alpha);
  for (let at = heap.pop(); at !== undefined; at = heap.pop()) {
    const node = tree.node[at] as number;
    if (node === subject) {
      paths.push(tree.path(at, walk));
      if (paths.length >= options.maxPaths) break;
      continue;
    }
    if (tree.depth[at] === options.maxLength) continue;
    if (expansions >= options.maxExpansions) {
      exhaustive = false;
      break;
    }
    expansions++;
    const children = strongestChildren(walk, node, subject, options);
    if (children.pruned) exhaustive = false;
    for (const child of children.hops) {
      if (tree.onPath(at, child.to)) continue;
      const strength = (tree.strength[at] as number) * (1 - options.alpha) * child.share;
      heap.push(tree.add(child.to, at, child.edge, strength), strength);
    }
  }
  return { paths, exhaustive, expansions };
}

interface Hop {
  readonly to: number;
  readonly edge: number;
  readonly share: number;
}

/** u's positive hops, parallel edges summed, filtered, the strongest `maxBranching` of them. */
function strongestChildren(
  walk: TrustWalk,
  u: number,
  subject: number,
  options: TrustPathOptions,
): { readonly hops: readonly Hop[]; readonly pruned: boolean } {
  const { offsets, targets, weights } = walk.graph;
  const total = walk.positiveOutWeight[u] as number;
  const byTarget = new Map<number, { share: number; edge: number; weight: number }>();
  const end = offsets[u + 1] as number;
  for (let e = offsets[u] as number; e < end; e++) {
    const w = weights[e] as number;
    if (!(w > 0)) continue;
    const v = targets[e] as number;
    if (v !== subject && options.within !== undefined && !options.within(v)) continue;
    const known = byTarget.get(v);
    if (known === undefined) byTarget.set(v, { share: w / total, edge: e, weight: w });
    else {
      known.share += w / total;
      if (w > known.weight) {
        known.edge = e;
        known.weight = w;
      }
    }
  }
  const hops = [...byTarget].map(([to, h]) => ({ to, edge: h.edge, share: h.share }));
  if (hops.length <= options.maxBranching) return { hops, pruned: false };
  hops.sort((a, b) => b.share - a.share);
  return { hops: hops.slice(0, options.maxBranching), pruned: true };
}

/** Partial paths as a parent-pointer tree in parallel arrays. */
function createPathTree() {
  const node: number[] = [];
  const parent: number[] = [];
  const edge: number[] = [];
  const depth: number[] = [];
  const strength: number[] = [];
  return {
    node,
    depth,
    strength,
    add(v: number, from: number, viaEdge: number, s: number): number {
      node.push(v);
      parent.push(from);
      edge.push(viaEdge);
      depth.push(from < 0 ? 0 : (depth[from] as number) + 1);
      strength.push(s);
      return node.length - 1;
    },
    /** Whether v already lies on the path ending at `at` (paths stay simple). */
    onPath(at: number, v: number): boolean {
      for (let i = at; i >= 0; i = parent[i] as number) if (node[i] === v) return true;
      return false;
    },
    path(at: number, walk: TrustWalk): TrustPath {
      const nodes: number[] = [];
      const steps: TrustStep[] = [];
      for (let i = at; i >= 0; i = parent[i] as number) {
        nodes.push(node[i] as number);
        const p = parent[i] as number;
        if (p >= 0) steps.push(stepOf(walk, node[p] as number, edge[i] as number));
      }
      return { nodes: nodes.reverse(), steps: steps.reverse(), strength: strength[at] as number };
    },
  };
}

function stepOf(walk: TrustWalk, from: number, e: number): TrustStep {
  const { graph } = walk;
  const to = graph.targets[e] as number;
  let sum = 0;
  const end = graph.offsets[from + 1] as number;
  for (let f = graph.offsets[from] as number; f < end; f++) {
    const w = graph.weights[f] as number;
    if (w > 0 && graph.targets[f] === to) sum += w;
  }
  const base = {
    from,
    to,
    edge: e,
    weight: graph.weights[e] as number,
    share: sum / (walk.positiveOutWeight[from] as number),
  };
  return graph.kinds === undefined ? base : { ...base, kind: edgeKindOf(graph.kinds[e] as number) };
}
