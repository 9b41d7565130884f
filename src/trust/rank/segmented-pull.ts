/**
 * A cache-blocked pull for large graphs: the in-edges regrouped by source segment of 65,535 nodes
 * ("CSR segmenting", Zhang, Kiriansky, Mendis, Amarasinghe, Zaharia, Shun, "Making caches work for
 * graph analytics", IEEE BigData 2017). A plain pull reads y[u] at random over the whole rank vector:
 * at 2M nodes that is 16 MB, past this machine's 1 MiB L2, and each edge waits on L3 or memory. Here
 * one segment's ranks (512 KiB of Float64, copied into a workspace) are read at a time, so the random
 * reads stay in L2, and each edge adds into the output in ascending target order, which the hardware
 * prefetcher streams. The edge loop has no branch: an edge is its target's distance from the previous
 * edge's target in the segment (0 for the same target) and its source's offset in the segment.
 *
 * Compact: 16 bits each, so 4 bytes per edge, as many as the row pull's 32-bit sources (120 MB at 30M
 * edges). A gap over 16 bits is bridged by filler entries that read the workspace's last slot, which
 * holds 0. The sums' rounding differs from the row pull (inSum) by an ulp or so per node.
 */

/** Nodes per segment: a source is a 16-bit offset, and offset 65,535 is the zero slot. */
export const SEGMENT_SIZE = 0xffff;
const ZERO_SLOT = SEGMENT_SIZE;
const MAX_GAP = 0xffff;

/** The in-edges of a pull, grouped by source segment, then by ascending target. */
export interface SegmentedIn {
  readonly nodeCount: number;
  readonly segmentCount: number;
  /** Length segmentCount + 1: entries of segment s are starts[s] .. starts[s + 1] − 1. */
  readonly starts: Uint32Array;
  /** Per entry: its target minus the previous entry's target in the segment (the first: minus 0). */
  readonly gaps: Uint16Array;
  /** Per entry: its source minus the segment's first node (ZERO_SLOT for a filler). */
  readonly sources: Uint16Array;
  /** Workspace of segmentedPull: one segment's y and the zero slot (not part of the data). */
  readonly workspace: Float64Array;
}

/**
 * Regroups a pull's in-edges (offsets/sources by target) by source segment, in O(n + m), two passes.
 *
 * @example const seg = segmentIn(adj.offsets, adj.sources, adj.nodeCount)
 */
export function segmentIn(offsets: Uint32Array, sources: Uint32Array, n: number): SegmentedIn {
  const starts = segmentStarts(offsets, sources, n);
  const segmentCount = starts.length - 1;
  const entries = starts[segmentCount] as number;
  const gaps = new Uint16Array(entries);
  const local = new Uint16Array(entries);
  placeEntries(offsets, sources, n, starts, (p, gap, source) => {
    gaps[p] = gap;
    local[p] = source;
  });
  return {
    nodeCount: n,
    segmentCount,
    starts,
    gaps,
    sources: local,
    workspace: new Float64Array(SEGMENT_SIZE + 1),
  };
}

/**
 * Where each segment's entries start (length segmentCount + 1, the last: the entry count), from one
 * pass over the in-edges; segmentIn's first pass, shared with wasm-segments.ts.
 *
 * @example const starts = segmentStarts(adj.offsets, adj.sources, adj.nodeCount)
 */
export function segmentStarts(offsets: Uint32Array, sources: Uint32Array, n: number): Uint32Array {
  const segmentCount = Math.max(1, Math.ceil(n / SEGMENT_SIZE));
  const starts = new Uint32Array(segmentCount + 1);
  const last = new Int32Array(segmentCount); // previous target of each segment, 0 at first
  walkEntries(offsets, sources, n, last, (s) => {
    starts[s + 1] = (starts[s + 1] as number) + 1;
  });
  for (let s = 0; s < segmentCount; s++) {
    starts[s + 1] = (starts[s + 1] as number) + (starts[s] as number);
  }
  return starts;
}

/**
 * segmentIn's second pass: calls `place` with every entry's position (by segmentStarts), its gap and
 * its source offset, in the order segmentedPull reads them.
 *
 * @example placeEntries(offsets, sources, n, starts, (p, gap, source) => { gaps[p] = gap; local[p] = source })
 */
export function placeEntries(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
  starts: Uint32Array,
  place: (position: number, gap: number, source: number) => void,
): void {
  const segmentCount = starts.length - 1;
  const at = starts.slice(0, segmentCount);
  walkEntries(offsets, sources, n, new Int32Array(segmentCount), (s, gap, source) => {
    const p = at[s] as number;
    at[s] = p + 1;
    place(p, gap, source);
  });
}

/** Calls `emit` for every entry in target order: segment, gap, source offset (or the zero slot). */
function walkEntries(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
  last: Int32Array,
  emit: (segment: number, gap: number, source: number) => void,
): void {
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    for (let e = offsets[v] as number; e < end; e++) {
      const u = sources[e] as number;
      const s = Math.floor(u / SEGMENT_SIZE);
      let gap = v - (last[s] as number);
      while (gap > MAX_GAP) {
        emit(s, MAX_GAP, ZERO_SLOT);
        gap -= MAX_GAP;
      }
      emit(s, gap, u - s * SEGMENT_SIZE);
      last[s] = v;
    }
  }
}

/**
 * out[v] = Σ y[u] over v's in-edges, segment by segment.
 *
 * @example segmentedPull(seg, y, next) // next[v] is v's pull, as inSum would give it
 */
export function segmentedPull(seg: SegmentedIn, y: Float64Array, out: Float64Array): void {
  const { segmentCount, starts, gaps, sources, workspace } = seg;
  out.fill(0);
  let e = 0;
  for (let s = 0; s < segmentCount; s++) {
    const base = s * SEGMENT_SIZE;
    const size = Math.min(SEGMENT_SIZE, y.length - base);
    workspace.set(y.subarray(base, base + size));
    workspace.fill(0, size);
    const end = starts[s + 1] as number;
    let t = 0;
    for (; e < end; e++) {
      t += gaps[e] as number;
      out[t] = (out[t] as number) + (workspace[sources[e] as number] as number);
    }
  }
}

/** Bytes the segmented form holds, its workspace included. */
export function segmentedBytes(seg: SegmentedIn): number {
  return (
    seg.starts.byteLength + seg.gaps.byteLength + seg.sources.byteLength + seg.workspace.byteLength
  );
}
