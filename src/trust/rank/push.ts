/**
 * Personalized PageRank from one source by forward push (Andersen, Chung, Lang, "Local graph partitioning
 * using PageRank vectors", FOCS 2006, in its non-lazy form). It keeps an estimate p and a residual r with
 * the invariant ppr_s = p + Σ_u r(u)·ppr_u, and pushes any node whose residual reaches ε·deg(u): α·r(u)
 * settles into p(u), the rest spreads over u's positive out-edges in proportion to weight. Each push
 * settles at least α·ε·deg(u) of the unit mass and costs deg(u) edge reads, so a query reads at most
 * 1/(α·ε) edges, whatever the graph's size: the cost is local.
 *
 * Trust semantics: only positive edges carry the walk (a negative edge is distrust, not a path), and a
 * node with no positive out-edge sends its walk mass back to the source (the walk restarts), so the
 * result is a probability distribution and error bounds hold.
 *
 * On exit every residual is below ε·max(deg(u), 1), so 0 ≤ ppr_s(t) − p(t) ≤ Σ_u r(u) for every t; on a
 * symmetric graph without dangling nodes, ppr_s(t) − p(t) ≤ ε·deg(t) (ACL Lemma 2 via reversibility).
 */
import type { Graph } from "../graph/csr.js";

/** A graph prepared for trust walks: the positive out-weight of each node, computed once. */
export interface TrustWalk {
  readonly graph: Graph;
  /** Length nodeCount: sum of a node's positive edge weights (0: the walk restarts there). */
  readonly positiveOutWeight: Float64Array;
}

/**
 * Prepares `graph` for push queries in O(n + m); share the result across queries.
 *
 * @example const walk = prepareTrustWalk(graph)
 */
export function prepareTrustWalk(graph: Graph): TrustWalk {
  const positiveOutWeight = new Float64Array(graph.nodeCount);
  for (let u = 0; u < graph.nodeCount; u++) {
    const end = graph.offsets[u + 1] as number;
    let sum = 0;
    for (let e = graph.offsets[u] as number; e < end; e++) {
      const w = graph.weights[e] as number;
      if (w > 0) sum += w;
    }
    positiveOutWeight[u] = sum;
  }
  return { graph, positiveOutWeight };
}

/**
 * Scratch space for push queries, O(n) once so that each query costs only what it touches. Not safe to
 * share between concurrent queries (JavaScript runs one at a time, so sequential reuse is the case).
 */
export interface PushWorkspace {
  readonly estimate: Float64Array;
  readonly residual: Float64Array;
  /** 1 when the node is queued for a push. */
  readonly queued: Uint8Array;
  /** 1 when estimate or residual of the node may be non-zero (to reset only what a query touched). */
  readonly marked: Uint8Array;
}

/**
 * Allocates a workspace for a graph of `nodeCount` nodes.
 *
 * @example const ws = createPushWorkspace(walk.graph.nodeCount)
 */
export function createPushWorkspace(nodeCount: number): PushWorkspace {
  return {
    estimate: new Float64Array(nodeCount),
    residual: new Float64Array(nodeCount),
    queued: new Uint8Array(nodeCount),
    marked: new Uint8Array(nodeCount),
  };
}

/** Push parameters. */
export interface PushOptions {
  /** Restart (teleport) probability α in (0, 1]. */
  readonly alpha: number;
  /** Residual threshold per unit of out-degree, > 0. */
  readonly epsilon: number;
}

/** The sparse outcome of a push: every node the push touched, with its estimate and residual. */
export interface PushResult {
  readonly source: number;
  /** Touched nodes, in order of first touch (the source first). */
  readonly nodes: Uint32Array;
  /** estimates[i] is p(nodes[i]), a lower bound on ppr_source(nodes[i]). */
  readonly estimates: Float64Array;
  /** residuals[i] is r(nodes[i]) at exit, each below ε·max(deg, 1). */
  readonly residuals: Float64Array;
  /** Σ residuals: an upper bound on ppr_source(t) − p(t) for any t. */
  readonly residualMass: number;
  readonly pushes: number;
  /** Edges read: at most 1/(α·ε) (each push settles ≥ α·ε per edge it reads). */
  readonly edgeReads: number;
}

/**
 * Approximate personalized PageRank from `source`. Leaves `workspace` clean for the next query.
 *
 * @example
 * const { nodes, estimates } = forwardPush(walk, viewer, { alpha: 0.15, epsilon: 1e-4 }, ws)
 */
export function forwardPush(
  walk: TrustWalk,
  source: number,
  options: PushOptions,
  workspace: PushWorkspace = createPushWorkspace(walk.graph.nodeCount),
): PushResult {
  const { alpha, epsilon } = options;
  assertPushOptions(walk, source, options);
  const { offsets, targets, weights } = walk.graph;
  const { estimate: p, residual: r, queued, marked } = workspace;
  const touched: number[] = [source];
  const queue: number[] = [source];
  let head = 0;
  let pushes = 0;
  let edgeReads = 0;
  marked[source] = 1;
  r[source] = 1;
  queued[source] = 1;
  // Enqueue v if its residual reached its threshold; mark it touched on first sight.
  const offer = (v: number): void => {
    if (marked[v] === 0) {
      marked[v] = 1;
      touched.push(v);
    }
    if (queued[v] === 0 && (r[v] as number) >= epsilon * thresholdDegree(offsets, v)) {
      queued[v] = 1;
      queue.push(v);
    }
  };
  while (head < queue.length) {
    const u = queue[head++] as number;
    queued[u] = 0;
    const ru = r[u] as number;
    if (ru < epsilon * thresholdDegree(offsets, u)) continue;
    pushes++;
    p[u] = (p[u] as number) + alpha * ru;
    r[u] = 0;
    const spread = (1 - alpha) * ru;
    const total = walk.positiveOutWeight[u] as number;
    if (total === 0) {
      r[source] = (r[source] as number) + spread;
      offer(source);
      continue;
    }
    const end = offsets[u + 1] as number;
    const share = spread / total;
    for (let e = offsets[u] as number; e < end; e++) {
      edgeReads++;
      const w = weights[e] as number;
      if (!(w > 0)) continue;
      const v = targets[e] as number;
      r[v] = (r[v] as number) + share * w;
      offer(v);
    }
  }
  return collectAndReset(source, touched, workspace, pushes, edgeReads);
}

/** Copies the touched entries out and zeroes them, so the workspace costs nothing to reuse. */
function collectAndReset(
  source: number,
  touched: readonly number[],
  workspace: PushWorkspace,
  pushes: number,
  edgeReads: number,
): PushResult {
  const nodes = Uint32Array.from(touched);
  const estimates = new Float64Array(nodes.length);
  const residuals = new Float64Array(nodes.length);
  let residualMass = 0;
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i] as number;
    estimates[i] = workspace.estimate[v] as number;
    residuals[i] = workspace.residual[v] as number;
    residualMass += residuals[i] as number;
    workspace.estimate[v] = 0;
    workspace.residual[v] = 0;
    workspace.marked[v] = 0;
    workspace.queued[v] = 0;
  }
  return { source, nodes, estimates, residuals, residualMass, pushes, edgeReads };
}

/** A node is pushed once its residual reaches ε·deg; max(deg, 1) so dangling nodes are pushed too. */
function thresholdDegree(offsets: Uint32Array, u: number): number {
  const d = (offsets[u + 1] as number) - (offsets[u] as number);
  return d > 0 ? d : 1;
}

function assertPushOptions(walk: TrustWalk, source: number, options: PushOptions): void {
  const n = walk.graph.nodeCount;
  if (!Number.isInteger(source) || source < 0 || source >= n) {
    throw new RangeError(`source ${source} is not a node of a ${n}-node graph`);
  }
  if (!(options.alpha > 0 && options.alpha <= 1)) {
    throw new RangeError(`alpha must be in (0, 1], got ${options.alpha}`);
  }
  if (!(options.epsilon > 0 && Number.isFinite(options.epsilon))) {
    throw new RangeError(`epsilon must be a positive number, got ${options.epsilon}`);
  }
}
