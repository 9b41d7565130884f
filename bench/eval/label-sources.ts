/**
 * Who defined the Bitcoin Alpha labels. ../shared/README.md: labels come from "the platform founder's
 * and his trusted raters' ratings (≥ +5 benign, ≤ −5 fraudulent)", but the data set does not say who
 * they are, so we recover them from the data, by a procedure fixed before any score was computed:
 *
 * 1. A strong rating is |rating| ≥ 5. A strong rating *matches* when it lands on a labelled user with
 *    the same sign as the label (+ benign, − fraudulent).
 * 2. The founder is the rater whose circle — itself and every user it rated ≥ +5 — explains the most
 *    labels, counting explained labels minus 3 × (contradicting strong ratings + strong ratings on
 *    unlabelled users): a label source's strong ratings should all have become labels.
 * 3. Trusted raters: starting from the founder's circle, greedily add the rater whose strong ratings
 *    match for ≥ 90% and which explains the most labels not yet explained, until no rater explains a
 *    new one.
 *
 * The leak-reduced protocol then drops every rating given by these raters.
 */
import type { EdgeList } from "../../src/trust/graph/csr.js";

export interface LabelSources {
  readonly founder: number;
  readonly founderCircle: readonly number[];
  /** Founder circle plus the greedily added raters, in order of addition. */
  readonly raters: readonly number[];
  /** Labels explained by a matching strong rating from `raters`. */
  readonly explained: number;
  /** Labels explained by a matching strong rating from someone outside `raters`. */
  readonly explainedByOthers: number;
}

const STRONG = 5;
const PURITY = 0.9;

/** @example const sources = findLabelSources(nodeCount, ratings, fraudulent) */
export function findLabelSources(
  nodeCount: number,
  ratings: EdgeList,
  fraudulent: ReadonlyMap<number, boolean>,
): LabelSources {
  const out = outLists(nodeCount, ratings);
  const founder = bestFounder(nodeCount, out, fraudulent);
  const circle = [founder, ...(out[founder] ?? []).filter(([, w]) => w >= STRONG).map(([v]) => v)];
  const raters = [...new Set(circle)];
  const explained = new Set<number>();
  for (const r of raters) for (const v of matches(out[r] ?? [], fraudulent)) explained.add(v);
  for (;;) {
    let best = -1;
    let bestGain = 0;
    for (let u = 0; u < nodeCount; u++) {
      if (raters.includes(u) || purity(out[u] ?? [], fraudulent) < PURITY) continue;
      const gain = matches(out[u] ?? [], fraudulent).filter((v) => !explained.has(v)).length;
      if (gain > bestGain) {
        bestGain = gain;
        best = u;
      }
    }
    if (best < 0) break;
    raters.push(best);
    for (const v of matches(out[best] ?? [], fraudulent)) explained.add(v);
  }
  const chosen = new Set(raters);
  const byOthers = new Set<number>();
  for (let u = 0; u < nodeCount; u++) {
    if (!chosen.has(u)) for (const v of matches(out[u] ?? [], fraudulent)) byOthers.add(v);
  }
  return {
    founder,
    founderCircle: [...new Set(circle)],
    raters,
    explained: explained.size,
    explainedByOthers: byOthers.size,
  };
}

type Out = [number, number][];

function outLists(nodeCount: number, ratings: EdgeList): Out[] {
  const out: Out[] = Array.from({ length: nodeCount }, () => []);
  for (let e = 0; e < ratings.count; e++) {
    out[ratings.sources[e] as number]?.push([
      ratings.targets[e] as number,
      ratings.weights[e] as number,
    ]);
  }
  return out;
}

function isMatch(w: number, label: boolean | undefined): boolean {
  return label !== undefined && Math.abs(w) >= STRONG && (label ? w < 0 : w > 0);
}

function matches(out: Out, fraudulent: ReadonlyMap<number, boolean>): number[] {
  return out.filter(([v, w]) => isMatch(w, fraudulent.get(v))).map(([v]) => v);
}

function purity(out: Out, fraudulent: ReadonlyMap<number, boolean>): number {
  const strong = out.filter(([, w]) => Math.abs(w) >= STRONG);
  if (strong.length === 0) return 0;
  return strong.filter(([v, w]) => isMatch(w, fraudulent.get(v))).length / strong.length;
}

function bestFounder(
  nodeCount: number,
  out: Out[],
  fraudulent: ReadonlyMap<number, boolean>,
): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < nodeCount; x++) {
    const circle = new Set([x, ...(out[x] ?? []).filter(([, w]) => w >= STRONG).map(([v]) => v)]);
    const explained = new Set<number>();
    let wrong = 0;
    for (const r of circle) {
      for (const [v, w] of out[r] ?? []) {
        if (Math.abs(w) < STRONG) continue;
        if (isMatch(w, fraudulent.get(v))) explained.add(v);
        else wrong++;
      }
    }
    const score = explained.size - 3 * wrong;
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return best;
}
