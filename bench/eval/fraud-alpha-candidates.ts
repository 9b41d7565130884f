/**
 * Candidate signals tried for Bitcoin Alpha's fraudulent raters while suspicion 2.0.0 was designed,
 * measured on the development half ONLY (the report half is never scored here): the record of what
 * was looked at, including what did not work. See docs/evaluation.md, "What did not work".
 *
 * Every score is oriented so that higher means "more likely fraudulent". Times are seconds.
 */
import { behaviourSignals } from "../../src/trust/fraud/behaviour.js";
import { rev2 } from "../../src/trust/fraud/rev2.js";
import type { Graph } from "../../src/trust/graph/csr.js";
import { ranks } from "./ranks.js";

const DAY = 86_400;

/** The ratings each node received, as edge ids, and the rater of every edge. */
function received(g: Graph): { rater: Uint32Array; into: number[][] } {
  const rater = new Uint32Array(g.edgeCount);
  const into: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      rater[e] = u;
      into[g.targets[e] as number]?.push(e);
    }
  }
  return { rater, into };
}

/** When each node first appears in the log, as rater or rated (Infinity without edges). */
function firstSeen(g: Graph): Float64Array {
  const first = new Float64Array(g.nodeCount).fill(Number.POSITIVE_INFINITY);
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const t = (g.times as Float64Array)[e] as number;
      for (const x of [u, g.targets[e] as number]) first[x] = Math.min(first[x] as number, t);
    }
  }
  return first;
}

const negate = (a: Float64Array) => a.map((x) => -x);

/** Name → scorer. Each was measured on the development half of both protocols. */
export const CANDIDATE_SIGNALS: Readonly<Record<string, (g: Graph) => Float64Array>> = {
  "share of negative ratings received, Beta(1, 1)-smoothed": (g) =>
    Float64Array.from(
      received(g).into,
      (l) => (l.filter((e) => (g.weights[e] as number) < 0).length + 1) / (l.length + 2),
    ),
  "mean of the last 3 ratings received": (g) =>
    Float64Array.from(received(g).into, (l) => {
      const times = g.times as Float64Array;
      const last = [...l].sort((a, b) => (times[b] as number) - (times[a] as number)).slice(0, 3);
      return last.length === 0
        ? 0
        : -last.reduce((t, e) => t + (g.weights[e] as number), 0) / last.length;
    }),
  "share of ratings received within 7 days of joining": (g) => {
    const first = firstSeen(g);
    const times = g.times as Float64Array;
    return Float64Array.from(received(g).into, (l, v) =>
      l.length === 0
        ? 0
        : l.filter((e) => (times[e] as number) <= (first[v] as number) + 7 * DAY).length / l.length,
    );
  },
  "negative ratings returned negatively (retaliation share)": (g) => {
    const { rater, into } = received(g);
    const out = new Map<string, number>();
    for (let e = 0; e < g.edgeCount; e++)
      out.set(`${rater[e]},${g.targets[e]}`, g.weights[e] as number);
    return Float64Array.from(into, (l, v) => {
      const negative = l.filter((e) => (g.weights[e] as number) < 0);
      if (negative.length === 0) return 0;
      return (
        negative.filter((e) => (out.get(`${v},${rater[e]}`) ?? 0) < 0).length / negative.length
      );
    });
  },
  "ratings given and received per active day": (g) => {
    const active = behaviourSignals(g).activeFor;
    const { into } = received(g);
    return Float64Array.from(into, (l, u) => {
      const given = (g.offsets[u + 1] as number) - (g.offsets[u] as number);
      return (l.length + given) / (1 + (active[u] as number) / DAY);
    });
  },
  "REV2 goodness, α2 = 3": (g) => negate(rev2(g, { alpha2: 3 }).goodness),
  "REV2 goodness, α2 = 10": (g) => negate(rev2(g, { alpha2: 10 }).goodness),
  "REV2 goodness, neutral product prior (goodness 0, β2 = 3)": (g) =>
    negate(rev2(g, { productPrior: new Float64Array(g.nodeCount).fill(0.5), beta2: 3 }).goodness),
  "REV2 goodness, prior 1 − (young + burst)/2 for raters and products (β1 = β2 = 1)": (g) => {
    const b = behaviourSignals(g);
    const prior = Float64Array.from(b.young, (y, u) => 1 - (y + (b.burst[u] as number)) / 2);
    return negate(rev2(g, { raterPrior: prior, productPrior: prior }).goodness);
  },
  "rank average of REV2 goodness and active span": (g) => {
    const goodness = ranks(negate(rev2(g).goodness));
    const active = ranks(negate(behaviourSignals(g).activeFor));
    return goodness.map((x, u) => x + (active[u] as number));
  },
};
