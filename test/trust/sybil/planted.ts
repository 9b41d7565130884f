/**
 * A synthetic social graph with a planted Sybil region: two clustered regions (a ring lattice where
 * each node knows its k nearest neighbours on each side, plus random shortcuts), joined by a few
 * attack edges. Deterministic: a small LCG drives every random choice.
 */
import type { Graph } from "../../../src/trust/graph/csr.js";
import { undirectedGraph } from "../../../src/trust/sybil/undirected.js";

export interface Planted {
  readonly graph: Graph;
  readonly benignCount: number;
  readonly isSybil: (v: number) => boolean;
}

export function plantedSybils(regionSize: number, attackEdges: number, seed = 7): Planted {
  let state = seed;
  const random = (n: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return Math.floor((state / 4_294_967_296) * n);
  };
  const a: number[] = [];
  const b: number[] = [];
  for (const offset of [0, regionSize]) {
    for (let i = 0; i < regionSize; i++) {
      for (let k = 1; k <= 3; k++) {
        a.push(offset + i);
        b.push(offset + ((i + k) % regionSize));
      }
      if (i % 4 === 0) {
        a.push(offset + i);
        b.push(offset + random(regionSize));
      }
    }
  }
  for (let i = 0; i < attackEdges; i++) {
    a.push(random(regionSize));
    b.push(regionSize + random(regionSize));
  }
  return {
    graph: undirectedGraph(2 * regionSize, a, b),
    benignCount: regionSize,
    isSybil: (v) => v >= regionSize,
  };
}

/** Probability that a random benign node scores above a random Sybil (ties count one half). */
export function separation(p: Planted, benignScore: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let u = 0; u < p.benignCount; u++) {
    for (let v = p.benignCount; v < p.graph.nodeCount; v++) {
      const d = (benignScore[u] as number) - (benignScore[v] as number);
      wins += d > 0 ? 1 : d === 0 ? 0.5 : 0;
      pairs++;
    }
  }
  return wins / pairs;
}
