/**
 * The power iteration's row pull in WebAssembly (the `pull` kernel of wasm-kernels.ts): the pull's
 * offsets and sources copied into the kernels' memory, beside the iteration's four vectors, which
 * power-iteration.ts then reads and writes through views.
 */
import { instantiateKernels, type WasmPull } from "./wasm-kernels.js";

/** The row pull's arrays in a module memory: views to fill and read, and their byte offsets. */
export interface WasmRows {
  readonly pull: WasmPull;
  readonly scale: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly nextY: Float64Array;
  readonly restart: Float64Array | undefined;
  /** Byte offsets of offsets, sources, scale, x, y, nextY and restart (0: none; offsets sit at 0). */
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
  const at = { offsets: 0, sources: 4 * (n + 1), scale: 0, x: 0, y: 0, nextY: 0, restart: 0 };
  at.scale = Math.ceil((at.sources + 4 * m) / 8) * 8;
  at.x = at.scale + 8 * n;
  at.y = at.x + 8 * n;
  at.nextY = at.y + 8 * n;
  const end = at.nextY + 8 * n;
  if (withRestart) at.restart = end;
  const bound = instantiateKernels(withRestart ? end + 8 * n : end);
  if (bound === undefined) return undefined;
  const buffer = bound.memory.buffer;
  new Uint32Array(buffer, at.offsets, n + 1).set(offsets.subarray(0, n + 1));
  new Uint32Array(buffer, at.sources, m).set(sources);
  const view = (offset: number) => new Float64Array(buffer, offset, n);
  return {
    pull: bound.pull,
    scale: view(at.scale),
    x: view(at.x),
    y: view(at.y),
    nextY: view(at.nextY),
    restart: withRestart ? view(at.restart) : undefined,
    at,
  };
}
