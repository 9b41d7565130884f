/**
 * Linear scales and ticks for the SVG charts: a value's position in pixels, and round tick values
 * (1, 2 or 5 × 10^k apart) a reader can follow.
 */

/** Maps [d0, d1] onto [r0, r1]. */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

/**
 * A linear scale; a degenerate domain maps everything to the middle of the range.
 *
 * @example linear([1, 5], [0, 200])(3) // 100
 */
export function linear(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const f = (value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
  return Object.assign(f, { domain });
}

/**
 * About `count` round values covering [min, max].
 *
 * @example ticks(0, 97, 5) // [0, 20, 40, 60, 80, 100]
 */
export function ticks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 1) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step / 2; v += step) {
    out.push(Number(v.toFixed(10)));
    if (out.length > 1000) break;
  }
  return out;
}
