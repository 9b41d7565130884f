/**
 * The segmented pull (segmented-pull.ts) in WebAssembly (the `segmentPull` kernel of wasm-kernels.ts):
 * the same entries in the same order, each packed in one 32-bit word (gap in the low 16 bits, source
 * offset in the high 16), with the workspace and the two y vectors the pull reads and writes. Why: the
 * JavaScript loop checks bounds on its three typed-array reads and one write per edge; the segments
 * exist for graphs whose rank vector is past the caches (2M nodes: 16 MB), where the row pull waits on
 * memory. Over an adjacency in the kernels' memory (wasm-adjacency.ts) the `segmentEntries` kernel
 * builds the entries there, in its reserved room, beside the power iteration's vectors; otherwise
 * segmentIn's passes place them into a kernels' memory of their own.
 */
import type { InAdjacency } from "../graph/in-adjacency.js";
import { placeEntries, SEGMENT_SIZE, segmentStarts } from "./segmented-pull.js";
import { type ResidentKernels, residentKernels } from "./wasm-adjacency.js";
import { instantiateKernels, type WasmKernels } from "./wasm-kernels.js";
import { residentRows, type WasmRows } from "./wasm-pull.js";

/** The segmented in-edges in the kernels' memory and the pull over them. */
export interface WasmSegmented {
  /** y and next y: views in the memory, the only arrays `pull` takes. */
  readonly y: Float64Array;
  readonly nextY: Float64Array;
  /** Over a resident adjacency: the power iteration's other vectors, in the same room as y. */
  readonly rows: WasmRows | undefined;
  /**
   * out[v] = Σ y[u] over v's in-edges, as segmentedPull gives it bit for bit; y and out are this
   * object's y and nextY, in either order.
   */
  pull(y: Float64Array, out: Float64Array): void;
}

/** Byte offsets of the layout segmentPull reads. */
interface Layout {
  readonly starts: number;
  readonly entries: number;
  readonly workspace: number;
  readonly segmentCount: number;
}

/**
 * Regroups a pull's in-edges by source segment (segmentIn's order) into a kernels' memory: built there
 * by WebAssembly when `adj` is resident (walkAdjacency), else by segmentIn's passes. Undefined
 * without WebAssembly or past what its 32-bit addresses take.
 *
 * @example const seg = wasmSegmentIn(adj, false); seg?.pull(seg.y, seg.nextY)
 */
export function wasmSegmentIn(adj: InAdjacency, withRestart: boolean): WasmSegmented | undefined {
  const resident = residentKernels(adj);
  return resident === undefined ? copiedIn(adj) : residentIn(adj, resident, withRestart);
}

/** Built by the segmentEntries kernel in the adjacency's own memory: no copy of the edges. */
function residentIn(
  adj: InAdjacency,
  resident: ResidentKernels,
  withRestart: boolean,
): WasmSegmented | undefined {
  const rows = residentRows(adj, withRestart);
  if (rows === undefined) return undefined;
  const n = adj.nodeCount;
  const { kernels, segmentsAt } = resident;
  const { buffer } = kernels.memory;
  const segmentCount = Math.max(1, Math.ceil(n / SEGMENT_SIZE));
  const lastAt = segmentsAt + 4 * (segmentCount + 1);
  const cursorAt = lastAt + 4 * segmentCount;
  const entriesAt = cursorAt + 4 * segmentCount;
  const starts = new Uint32Array(buffer, segmentsAt, segmentCount + 1);
  const last = new Uint32Array(buffer, lastAt, segmentCount);
  const build = (place: number) =>
    kernels.segmentEntries(
      adj.offsets.byteOffset,
      adj.sources.byteOffset,
      n,
      segmentsAt,
      lastAt,
      cursorAt,
      entriesAt,
      place,
    );
  starts.fill(0);
  last.fill(0);
  build(0);
  for (let s = 0; s < segmentCount; s++) {
    starts[s + 1] = (starts[s + 1] as number) + (starts[s] as number);
  }
  new Uint32Array(buffer, cursorAt, segmentCount).set(starts.subarray(0, segmentCount));
  last.fill(0);
  build(1);
  const entries = starts[segmentCount] as number;
  const workspace = Math.ceil((entriesAt + 4 * entries) / 8) * 8;
  const layout = { starts: segmentsAt, entries: entriesAt, workspace, segmentCount };
  return { y: rows.y, nextY: rows.nextY, rows, pull: pullOf(kernels, layout, n) };
}

/** Laid out by segmentIn's passes into a kernels' memory with both y vectors after it. */
function copiedIn(adj: InAdjacency): WasmSegmented | undefined {
  const n = adj.nodeCount;
  const starts = segmentStarts(adj.offsets, adj.sources, n);
  const segmentCount = starts.length - 1;
  const entries = starts[segmentCount] as number;
  const entriesAt = 4 * (segmentCount + 1);
  const workspace = Math.ceil((entriesAt + 4 * entries) / 8) * 8;
  const yAt = workspace + 8 * (SEGMENT_SIZE + 1);
  const bytes = yAt + 16 * n;
  if (bytes > 2 ** 31) return undefined; // byte offsets are i32 arguments
  let kernels: WasmKernels | undefined;
  try {
    kernels = instantiateKernels(bytes);
  } catch {
    return undefined; // no address space for it: the JavaScript segments
  }
  if (kernels === undefined) return undefined;
  const { buffer } = kernels.memory;
  new Uint32Array(buffer, 0, segmentCount + 1).set(starts);
  const packed = new Uint32Array(buffer, entriesAt, entries);
  placeEntries(adj.offsets, adj.sources, n, starts, (p, gap, source) => {
    packed[p] = source * 0x10000 + gap;
  });
  const layout = { starts: 0, entries: entriesAt, workspace, segmentCount };
  return {
    y: new Float64Array(buffer, yAt, n),
    nextY: new Float64Array(buffer, yAt + 8 * n, n),
    rows: undefined,
    pull: pullOf(kernels, layout, n),
  };
}

function pullOf(kernels: WasmKernels, at: Layout, n: number): WasmSegmented["pull"] {
  const { segmentPull } = kernels;
  return (y, out) => {
    out.fill(0);
    segmentPull(
      at.starts,
      at.entries,
      at.workspace,
      y.byteOffset,
      out.byteOffset,
      at.segmentCount,
      n,
    );
  };
}
