/**
 * Staging for the pair segments' build (segment-walk.ts): a segment's kept out-edges are contiguous in
 * the graph's CSR, and the build kernels (wasm-pair-build.ts) read them from the WebAssembly memory, so
 * they are copied there a stage at a time, with their rows' offsets rebased to the stage. A stage is
 * bounded (STAGE_EDGES targets, at most a segment's rows), so its room in the memory is fixed whatever
 * the graph's size.
 */
import type { Graph } from "../graph/csr.js";
import { PAIR_SEGMENT_SIZE as SEGMENT_SIZE } from "./wasm-pair-kernels.js";

/** Edges staged at a time for the kernels that lay out a segment (1 MiB of targets). */
export const STAGE_EDGES = 2 ** 18;

/** Byte offsets of a stage in the memory: a segment's row offsets (+1), then STAGE_EDGES targets. */
export interface StageRoom {
  readonly stageOffsets: number;
  readonly stageTargets: number;
}

/**
 * A segment's kept out-edges staged in the memory, STAGE_EDGES at most at a time: their targets, and
 * the offsets of their rows rebased to the stage; `visit` gets the first staged row, how many rows
 * and how many edges. A row longer than the stage is staged in pieces, each as a row of its own.
 *
 * @example const stage = staging(g, false, kernels.memory.buffer, room); stage(0, 65535, (first, rows, count) => split(first, rows, count))
 */
export function staging(
  g: Graph,
  positiveOnly: boolean,
  buffer: ArrayBuffer,
  room: StageRoom,
): (lo: number, hi: number, visit: (first: number, rows: number, count: number) => void) => void {
  const { offsets, targets, weights } = g;
  const rowsMax = Math.min(g.nodeCount, SEGMENT_SIZE);
  const stageOffsets = new Uint32Array(buffer, room.stageOffsets, rowsMax + 1);
  const stageTargets = new Uint32Array(buffer, room.stageTargets, STAGE_EDGES);
  if (positiveOnly) {
    return (lo, hi, visit) => {
      let [first, rows, k] = [lo, 0, 0];
      stageOffsets[0] = 0;
      for (let u = lo; u < hi; u++) {
        const end = offsets[u + 1] as number;
        for (let e = offsets[u] as number; e < end; e++) {
          if (!((weights[e] as number) > 0)) continue;
          if (k === STAGE_EDGES) {
            stageOffsets[rows + 1] = k;
            visit(first, rows + 1, k); // row u goes on in the next stage
            [first, rows, k] = [u, 0, 0];
          }
          stageTargets[k++] = targets[e] as number;
        }
        stageOffsets[++rows] = k;
        if (rows === rowsMax && u + 1 < hi) {
          visit(first, rows, k);
          [first, rows, k] = [u + 1, 0, 0];
        }
      }
      if (rows > 0) visit(first, rows, k);
    };
  }
  return (lo, hi, visit) => {
    for (let u = lo; u < hi; ) {
      const from = offsets[u] as number;
      let b = u;
      while (b < hi && (offsets[b + 1] as number) - from <= STAGE_EDGES) b++;
      if (b === u) {
        const end = offsets[u + 1] as number;
        for (let e = from; e < end; e += STAGE_EDGES) {
          const count = Math.min(STAGE_EDGES, end - e);
          stageTargets.set(targets.subarray(e, e + count));
          stageOffsets[0] = 0;
          stageOffsets[1] = count;
          visit(u, 1, count);
        }
        u++;
        continue;
      }
      stageTargets.set(targets.subarray(from, offsets[b] as number));
      for (let i = 0; i <= b - u; i++) stageOffsets[i] = (offsets[u + i] as number) - from;
      visit(u, b - u, (offsets[b] as number) - from);
      u = b;
    }
  };
}
