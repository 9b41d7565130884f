/**
 * The Gauss–Seidel sweep in WebAssembly (the `sweep` kernel of wasm-kernels.ts): the pull's offsets and
 * sources copied into the kernels' memory, beside the component order and the solver's four vectors,
 * which gauss-seidel.ts then reads and writes through views.
 */
import { instantiateKernels, type WasmSweep } from "./wasm-kernels.js";

/** The sweep's arrays in the kernels' memory: views to fill and read, and their byte offsets. */
export interface WasmSweepArrays {
  readonly sweep: WasmSweep;
  /** The component order, to be filled once known. */
  readonly order: Uint32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly dx: Float64Array;
  readonly invOut: Float64Array;
  /** Written by a sweep: [L1 change, Σ x̃ over the component]. */
  readonly stats: Float64Array;
  readonly at: {
    readonly offsets: number;
    readonly sources: number;
    readonly order: number;
    readonly x: number;
    readonly y: number;
    readonly dx: number;
    readonly invOut: number;
    readonly stats: number;
  };
}

/**
 * Copies a pull's offsets and sources into the kernels' memory and lays out the sweep's vectors after
 * them: 4·(n + 1 + m) bytes more than the JavaScript sweep needs. Undefined without WebAssembly.
 *
 * @example const arrays = wasmSweepArrays(adj.offsets, adj.sources, adj.nodeCount)
 */
export function wasmSweepArrays(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
): WasmSweepArrays | undefined {
  const m = sources.length;
  const order = 4 * (n + 1) + 4 * m;
  const x = Math.ceil((order + 4 * n) / 8) * 8;
  const at = {
    offsets: 0,
    sources: 4 * (n + 1),
    order,
    x,
    y: x + 8 * n,
    dx: x + 16 * n,
    invOut: x + 24 * n,
    stats: x + 32 * n,
  };
  const kernels = instantiateKernels(at.stats + 16);
  if (kernels === undefined) return undefined;
  const buffer = kernels.memory.buffer;
  new Uint32Array(buffer, at.offsets, n + 1).set(offsets.subarray(0, n + 1));
  new Uint32Array(buffer, at.sources, m).set(sources);
  const view = (offset: number) => new Float64Array(buffer, offset, n);
  return {
    sweep: kernels.sweep,
    order: new Uint32Array(buffer, at.order, n),
    x: view(at.x),
    y: view(at.y),
    dx: view(at.dx),
    invOut: view(at.invOut),
    stats: new Float64Array(buffer, at.stats, 2),
    at,
  };
}
