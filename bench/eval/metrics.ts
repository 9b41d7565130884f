/**
 * Ranking metrics for a binary task where a higher score means "more likely positive". Ties matter:
 * many trust scores are constant over large groups (every node nobody rated, every isolated Sybil),
 * and a metric that breaks ties by input order would reward or punish that order.
 */

/**
 * ROC-AUC as the Mann–Whitney statistic: the probability that a random positive outscores a random
 * negative, ties counting one half (average ranks). O(n log n). NaN when a class is empty.
 *
 * @example rocAuc([0.9, 0.5, 0.5, 0.1], [true, true, false, false]) // 0.875
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = sortedIndices(scores);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const value = scores[order[i] as number] as number;
    while (j < order.length && scores[order[j] as number] === value) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (positive[order[k] as number]) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Average precision, Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct score thresholds from the highest down
 * (scikit-learn's definition: a tied group enters as one step, so the order inside a tie is
 * irrelevant). NaN when there is no positive.
 *
 * @example averagePrecision([0.9, 0.5, 0.5, 0.1], [true, false, true, false]) // 0.8333…
 */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = sortedIndices(scores).reverse();
  let total = 0;
  for (let k = 0; k < order.length; k++) if (positive[order[k] as number]) total++;
  if (total === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let ap = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const value = scores[order[i] as number] as number;
    let gained = 0;
    while (j < order.length && scores[order[j] as number] === value) {
      if (positive[order[j] as number]) gained++;
      j++;
    }
    truePositives += gained;
    seen = j;
    if (gained > 0) ap += (gained / total) * (truePositives / seen);
    i = j;
  }
  return ap;
}

/** Indices sorted by ascending score; NaN scores are rejected (they would make a tie meaningless). */
function sortedIndices(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`score ${i} is NaN`);
    order[i] = i;
  }
  return order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
}
