/**
 * The power iteration's row pull in WebAssembly (the `pull` kernel of wasm-kernels.ts): the pull's
 * offsets and sources copied into the kernels' memory, or already there (wasm-adjacency.ts), beside the
 * iteration's four vectors, which power-iteration.ts then reads and writes through views.
 */
import type { InAdjacency } from "../graph/in-adjacency.js";
import { residentKernels } from "./wasm-adjacency.js";
import { instantiateKernels, type WasmPull } from "./wasm-kernels.js";

/** The row pull's arrays in a module memory: views to fill and read, and their byte offsets. */
export interface WasmRows {
  readonly pull: WasmPull;
  readonly scale: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly nextY: Float64Array;
  readonly restart: Float64Array | undefined;
  /** Byte offsets of offsets, sources, scale, x, y, nextY and restart (0: none; offsets come first). */
  readonly at: {
    readonly offsets: number;
    readonly sources: number;
    readonly scale: number;
    readonly x: number;
    readonly y: number;
    readonly nextY: number;
    readonly restart: number;
  };
}

/**
 * Copies a pull's offsets and sources into a fresh module memory beside the power iteration's vectors:
 * 4·(n + 1 + m) bytes more than the JavaScript loop needs, which is why power-iteration.ts uses it
 * only up to WASM_MAX_EDGES. Undefined without WebAssembly.
 *
 * @example const rows = wasmRows(adj.offsets, adj.sources, adj.nodeCount, false)
 */
export function wasmRows(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
  withRestart: boolean,
): WasmRows | undefined {
  const m = sources.length;
  const sourcesAt = 4 * (n + 1);
  const vectorsAt = Math.ceil((sourcesAt + 4 * m) / 8) * 8;
  const bound = instantiateKernels(vectorsAt + (withRestart ? 40 : 32) * n);
  if (bound === undefined) return undefined;
  const buffer = bound.memory.buffer;
  new Uint32Array(buffer, 0, n + 1).set(offsets.subarray(0, n + 1));
  new Uint32Array(buffer, sourcesAt, m).set(sources);
  return rowsIn(bound.pull, buffer, 0, sourcesAt, vectorsAt, n, withRestart);
}

/**
 * The row pull over an adjacency already in the kernels' memory (walkAdjacency, wasm-adjacency.ts): no
 * copy, the vectors in the room after it. Undefined when `adj` is not there.
 *
 * @example const rows = residentRows(walkAdjacency(g), false)
 */
export function residentRows(adj: InAdjacency, withRestart: boolean): WasmRows | undefined {
  const resident = residentKernels(adj);
  if (resident === undefined) return undefined;
  const { kernels, vectorsAt } = resident;
  const { buffer } = kernels.memory;
  const [offsetsAt, sourcesAt] = [adj.offsets.byteOffset, adj.sources.byteOffset];
  return rowsIn(kernels.pull, buffer, offsetsAt, sourcesAt, vectorsAt, adj.nodeCount, withRestart);
}

/** The vectors laid out from `vectorsAt`: scale, x, y, next y, then the restart if any. */
function rowsIn(
  pull: WasmPull,
  buffer: ArrayBuffer,
  offsets: number,
  sources: number,
  vectorsAt: number,
  n: number,
  withRestart: boolean,
): WasmRows {
  const at = {
    offsets,
    sources,
    scale: vectorsAt,
    x: vectorsAt + 8 * n,
    y: vectorsAt + 16 * n,
    nextY: vectorsAt + 24 * n,
    restart: withRestart ? vectorsAt + 32 * n : 0,
  };
  const view = (offset: number) => new Float64Array(buffer, offset, n);
  return {
    pull,
    scale: view(at.scale),
    x: view(at.x),
    y: view(at.y),
    nextY: view(at.nextY),
    restart: withRestart ? view(at.restart) : undefined,
    at,
  };
}
