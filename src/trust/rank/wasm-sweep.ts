/**
 * The Gauss–Seidel sweep in WebAssembly (the `sweep` kernel of wasm-kernels.ts): the pull's offsets and
 * sources copied into the kernels' memory, beside the component order and the solver's four vectors
 * (five when self-loops are solved for), which gauss-seidel.ts then reads and writes through views.
 */
import { instantiateKernels, type WasmSweep } from "./wasm-kernels.js";

/** The sweep's arrays in the kernels' memory: views to fill and read, and their byte offsets. */
export interface WasmSweepArrays {
  readonly sweep: WasmSweep;
  /** The pull as copied, for the solver to edit in place (self-loops-out.ts). */
  readonly offsets: Uint32Array;
  readonly sources: Uint32Array;
  /** The component order, to be filled once known. */
  readonly order: Uint32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly dx: Float64Array;
  readonly invOut: Float64Array;
  /** 1 − (a node's self-loop share), when asked for: the sweep divides by it. */
  readonly diag: Float64Array | undefined;
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
    /** 0 when there is no diag (the kernel's "none": offsets sit at 0). */
    readonly diag: number;
    readonly stats: number;
  };
}

/**
 * Copies a pull's offsets and sources into the kernels' memory and lays out the sweep's vectors after
 * them: 4·(n + 1 + m) bytes more than the JavaScript sweep needs. `withDiag` adds the vector of
 * diagonals for a walk with self-loops. Undefined without WebAssembly.
 *
 * @example const arrays = wasmSweepArrays(adj.offsets, adj.sources, adj.nodeCount, false)
 */
export function wasmSweepArrays(
  offsets: Uint32Array,
  sources: Uint32Array,
  n: number,
  withDiag: boolean,
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
    diag: withDiag ? x + 32 * n : 0,
    stats: x + (withDiag ? 40 : 32) * n,
  };
  const kernels = instantiateKernels(at.stats + 16);
  if (kernels === undefined) return undefined;
  const buffer = kernels.memory.buffer;
  const copiedOffsets = new Uint32Array(buffer, at.offsets, n + 1);
  const copiedSources = new Uint32Array(buffer, at.sources, m);
  copiedOffsets.set(offsets.subarray(0, n + 1));
  copiedSources.set(sources);
  const view = (offset: number) => new Float64Array(buffer, offset, n);
  return {
    sweep: kernels.sweep,
    offsets: copiedOffsets,
    sources: copiedSources,
    order: new Uint32Array(buffer, at.order, n),
    x: view(at.x),
    y: view(at.y),
    dx: view(at.dx),
    invOut: view(at.invOut),
    diag: withDiag ? view(at.diag) : undefined,
    stats: new Float64Array(buffer, at.stats, 2),
    at,
  };
}
