/**
 * A cache-blocked pull for large graphs: the in-edges regrouped by source segment of 2^16 nodes
 * ("CSR segmenting", Zhang, Kiriansky, Mendis, Amarasinghe, Zaharia, Shun, "Making caches work for
 * graph analytics", IEEE BigData 2017). A plain pull reads y[u] at random over the whole rank vector:
 * at 2M nodes that is 16 MB, past this machine's 1 MiB L2, and each edge waits on L3 or memory. Here
 * one segment's ranks (512 KiB of Float64) are read at a time, so the random reads stay in L2; each
 * target's partial sum per segment is added into the output in ascending target order, which the
 * hardware prefetcher streams. The cost is one output update per (segment, target) pair instead of
 * per target, and the sum's rounding differs from the plain pull by an ulp or so per node.
 *
 * Compact: sources are 16-bit offsets within their segment; a pair is its target's distance from the
 * segment's previous pair (16 bits) and its edge count (16 bits); longer gaps or runs are split into
 * more pairs (an empty pair only moves the target). At 30M edges and 2M nodes this is 60 MB of
 * sources and ~85 MB of pairs.
 */

/** Sources per segment: 2^16, so a source is a 16-bit offset. */
export const SEGMENT_BITS = 16;
const SEGMENT = 1 << SEGMENT_BITS;
const MAX_FIELD = 0xffff;

/** The in-edges of a pull, grouped by source segment, then by ascending target. */
export interface SegmentedIn {
  readonly nodeCount: number;
  readonly segmentCount: number;
  /** Length segmentCount + 1: pairs of segment s are pairStarts[s] .. pairStarts[s + 1] − 1. */
  readonly pairStarts: Uint32Array;
  /** Per pair: its target minus the previous pair's target in the segment (the first: minus 0). */
  readonly gaps: Uint16Array;
  /** Per pair: how many edges it holds (consecutive in `sources`). */
  readonly lengths: Uint16Array;
  /** Per edge: its source minus the segment's first node. */
  readonly sources: Uint16Array;
}

/**
 * Regroups a pull's in-edges (offsets/sources by target, sources ascending within a target) by source
 * segment, in O(n + m) and two passes.
 *
 * @example const seg = segmentIn(adj.offsets, adj.sources, adj.nodeCount)
 */
export function segmentIn(offsets: Uint32Array, sources: Uint32Array, n: number): SegmentedIn {
  const segmentCount = Math.max(1, Math.ceil(n / SEGMENT));
  const pairCount = new Uint32Array(segmentCount);
  const edgeCount = new Uint32Array(segmentCount);
  const last = new Int32Array(segmentCount); // previous target of each segment, 0 at first
  walkPairs(offsets, sources, n, last, (s, _gap, length) => {
    pairCount[s] = (pairCount[s] as number) + 1;
    edgeCount[s] = (edgeCount[s] as number) + length;
  });
  const pairStarts = new Uint32Array(segmentCount + 1);
  const edgeStarts = new Uint32Array(segmentCount + 1);
  for (let s = 0; s < segmentCount; s++) {
    pairStarts[s + 1] = (pairStarts[s] as number) + (pairCount[s] as number);
    edgeStarts[s + 1] = (edgeStarts[s] as number) + (edgeCount[s] as number);
  }
  const pairs = pairStarts[segmentCount] as number;
  const gaps = new Uint16Array(pairs);
  const lengths = new Uint16Array(pairs);
  const local = new Uint16Array(edgeStarts[segmentCount] as number);
  const pairAt = pairStarts.slice(0, segmentCount);
  const edgeAt = edgeStarts.slice(0, segmentCount);
  last.fill(0);
  walkPairs(offsets, sources, n, last, (s, gap, length, from) => {
    const p = pairAt[s] as number;
    pairAt[s] = p + 1;
    gaps[p] = gap;
    lengths[p] = length;
    let at = edgeAt[s] as number;
    for (let e = from; e < from + length; e++) local[at++] = (sources[e] as number) & (SEGMENT - 1);
    edgeAt[s] = at;
  });
  return { nodeCount: n, segmentCount, pairStarts, gaps, lengths, sources: local };
}

/**
 * Calls `emit` for every pair in target order: the segment, the gap from that segment's previous
 * pair, the edge count and the first edge (in `sources`). Splits gaps and runs over 16 bits.
 */
function walkPairs(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
  last: Int32Array,
  emit: (segment: number, gap: number, length: number, from: number) => void,
): void {
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    let e = offsets[v] as number;
    while (e < end) {
      const s = (sources[e] as number) >>> SEGMENT_BITS;
      let runEnd = e + 1;
      while (runEnd < end && (sources[runEnd] as number) >>> SEGMENT_BITS === s) runEnd++;
      let gap = v - (last[s] as number);
      while (gap > MAX_FIELD) {
        emit(s, MAX_FIELD, 0, e);
        gap -= MAX_FIELD;
      }
      for (let from = e; from < runEnd; from += MAX_FIELD) {
        emit(s, from === e ? gap : 0, Math.min(MAX_FIELD, runEnd - from), from);
      }
      last[s] = v;
      e = runEnd;
    }
  }
}

/**
 * out[v] = Σ y[u] over v's in-edges, segment by segment (two accumulators per pair, as in-sum.ts).
 *
 * @example segmentedPull(seg, y, next) // next[v] is v's pull, as inSum would give it
 */
export function segmentedPull(seg: SegmentedIn, y: Float64Array, out: Float64Array): void {
  const { segmentCount, pairStarts, gaps, lengths, sources } = seg;
  out.fill(0);
  let p = 0;
  let e = 0;
  for (let s = 0; s < segmentCount; s++) {
    const base = s << SEGMENT_BITS;
    const ys = y.subarray(base, Math.min(y.length, base + SEGMENT));
    const pairEnd = pairStarts[s + 1] as number;
    let t = 0;
    for (; p < pairEnd; p++) {
      t += gaps[p] as number;
      const end = e + (lengths[p] as number);
      let even = 0;
      let odd = 0;
      for (const lastEdge = end - 1; e < lastEdge; e += 2) {
        even += ys[sources[e] as number] as number;
        odd += ys[sources[e + 1] as number] as number;
      }
      if (e < end) {
        even += ys[sources[e] as number] as number;
        e = end;
      }
      out[t] = (out[t] as number) + (even + odd);
    }
  }
}

/** Bytes the segmented form holds. */
export function segmentedBytes(seg: SegmentedIn): number {
  return (
    seg.pairStarts.byteLength +
    seg.gaps.byteLength +
    seg.lengths.byteLength +
    seg.sources.byteLength
  );
}
