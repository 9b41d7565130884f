/**
 * Average ranks, the common scale on which the evaluation combines signals whose raw values are not
 * comparable (a rank average, forward selection of signals).
 *
 * @example ranks(Float64Array.of(3, 1, 1)) // Float64Array [0.6667, 0.1667, 0.1667]
 */

/** Average ranks in [0, 1), ties sharing their mean rank. */
export function ranks(a: Float64Array): Float64Array {
  const order = Array.from(a.keys()).sort((i, j) => (a[i] as number) - (a[j] as number));
  const r = new Float64Array(a.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && a[order[j] as number] === a[order[i] as number]) j++;
    for (let k = i; k < j; k++) r[order[k] as number] = (i + j - 1) / 2 / a.length;
    i = j;
  }
  return r;
}
