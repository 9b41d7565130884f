/**
 * The segmented pull (segmented-pull.ts) in WebAssembly (the `segmentPull` kernel of wasm-kernels.ts):
 * the same entries in the same order, each packed in one 32-bit word (gap in the low 16 bits, source
 * offset in the high 16) and placed straight into the kernels' memory, with the workspace and the two
 * y vectors the pull reads and writes. Why: the JavaScript loop checks bounds on its three typed-array
 * reads and one write per edge; the segments exist for graphs whose rank vector is past the caches
 * (2M nodes: 16 MB), where the row pull waits on memory.
 */
import { placeEntries, SEGMENT_SIZE, segmentStarts } from "./segmented-pull.js";
import { instantiateKernels, type WasmSegmentPull } from "./wasm-kernels.js";

/** The segmented in-edges in the kernels' memory and the pull over them. */
export interface WasmSegmented {
  /** y and next y: views in the memory, the only arrays `pull` takes. */
  readonly y: Float64Array;
  readonly nextY: Float64Array;
  /** Bytes of the memory: starts, entries, workspace and the two vectors. */
  readonly bytes: number;
  /**
   * out[v] = Σ y[u] over v's in-edges, as segmentedPull gives it bit for bit; y and out are this
   * object's y and nextY, in either order.
   */
  pull(y: Float64Array, out: Float64Array): void;
}

/**
 * Regroups a pull's in-edges by source segment (segmentIn's order) into a kernels' memory. Undefined
 * without WebAssembly or past what its 32-bit addresses take.
 *
 * @example const seg = wasmSegmentIn(adj.offsets, adj.sources, adj.nodeCount); seg?.pull(seg.y, seg.nextY)
 */
export function wasmSegmentIn(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
): WasmSegmented | undefined {
  const starts = segmentStarts(offsets, sources, n);
  const segmentCount = starts.length - 1;
  const entries = starts[segmentCount] as number;
  const entriesAt = 4 * (segmentCount + 1);
  const workspaceAt = Math.ceil((entriesAt + 4 * entries) / 8) * 8;
  const yAt = workspaceAt + 8 * (SEGMENT_SIZE + 1);
  const bytes = yAt + 16 * n;
  if (bytes > 2 ** 31) return undefined; // byte offsets are i32 arguments
  let kernels: ReturnType<typeof instantiateKernels>;
  try {
    kernels = instantiateKernels(bytes);
  } catch {
    return undefined; // no address space for it: the JavaScript segments
  }
  if (kernels === undefined) return undefined;
  const { buffer } = kernels.memory;
  new Uint32Array(buffer, 0, segmentCount + 1).set(starts);
  const packed = new Uint32Array(buffer, entriesAt, entries);
  placeEntries(offsets, sources, n, starts, (p, gap, source) => {
    packed[p] = source * 0x10000 + gap;
  });
  const segmentPull: WasmSegmentPull = kernels.segmentPull;
  return {
    y: new Float64Array(buffer, yAt, n),
    nextY: new Float64Array(buffer, yAt + 8 * n, n),
    bytes,
    pull(y: Float64Array, out: Float64Array): void {
      out.fill(0);
      segmentPull(0, entriesAt, workspaceAt, y.byteOffset, out.byteOffset, segmentCount, n);
    },
  };
}
