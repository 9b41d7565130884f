/**
 * The pull's adjacency built inside the rank kernels' WebAssembly memory (wasm-kernels.ts), so that the
 * kernels read it where it is. Why: below WASM_MAX_EDGES the kernels copy offsets and sources into
 * their memory (wasm-pull.ts, wasm-sweep.ts), which at 30M edges would hold a second 120 MB of sources
 * and break the 600 MB; built here, the one copy is the kernels' (docs/benchmarks.md, session
 * 5: "It needs the adjacency built inside the wasm memory"). The memory also reserves room after the
 * adjacency for the power iteration's vectors; pages are committed only when first written.
 */
import type { Graph } from "../graph/csr.js";
import { type InAdjacency, inAdjacency, type WalkOptions } from "../graph/in-adjacency.js";
import { instantiateKernels, type WasmKernels } from "./wasm-kernels.js";

/**
 * The kernels copy the adjacency into their memory up to this many edges (64 MiB of sources at most;
 * small memories are kept between solves, which a resident adjacency's memory cannot be). Past it the
 * adjacency is built in their memory by walkAdjacency, or the solver stays in JavaScript.
 */
export const WASM_MAX_EDGES = 2 ** 24;

/**
 * Bytes per node reserved after the adjacency: the power iteration's scale, x, y, next y and restart
 * (five Float64 vectors). Gauss–Seidel's sweep does not run here: its order and the ranks copied out
 * took its peak at 30M edges from 559 to 578 MiB (606 MB), past the 600 MB; it keeps its
 * JavaScript loop past WASM_MAX_EDGES.
 */
const VECTOR_BYTES_PER_NODE = 40;

/** The kernels take byte offsets as i32 arguments: below 2^31, none reads as negative. */
const MAX_MEMORY_BYTES = 2 ** 31;

/** An adjacency's memory: its kernels and where the solvers' rooms start. */
export interface ResidentKernels {
  readonly kernels: WasmKernels;
  /** Byte offset of the room for the solvers' vectors, 8-aligned. */
  readonly vectorsAt: number;
}

const residents = new WeakMap<ArrayBuffer, ResidentKernels>();

/**
 * The pull form of the walk over `g` (inAdjacency), built in a fresh kernels' memory when the walk is
 * unweighted, the graph has more than `inPlaceAbove` edges (kept or not) and WebAssembly is there;
 * otherwise in plain arrays.
 * Same arrays, same values either way.
 *
 * @example const adj = walkAdjacency(g, { positiveOnly: true }) // then powerIterate(adj, ...) pulls in wasm
 */
export function walkAdjacency(
  g: Graph,
  options: WalkOptions = {},
  inPlaceAbove = WASM_MAX_EDGES,
): InAdjacency {
  if (options.weighted === true) return inAdjacency(g, options);
  const n = g.nodeCount;
  return inAdjacency(g, options, (words) => {
    if (words - (n + 1) <= inPlaceAbove) return undefined;
    const vectorsAt = Math.ceil((4 * words) / 8) * 8;
    const bytes = vectorsAt + VECTOR_BYTES_PER_NODE * n;
    if (bytes > MAX_MEMORY_BYTES) return undefined;
    let kernels: WasmKernels | undefined;
    try {
      kernels = instantiateKernels(bytes, true);
    } catch {
      return undefined; // no address space for it: plain arrays and the JavaScript loops
    }
    if (kernels === undefined) return undefined;
    residents.set(kernels.memory.buffer, { kernels, vectorsAt });
    return new Uint32Array(kernels.memory.buffer, 0, words);
  });
}

/**
 * The kernels whose memory holds `adj` (built by walkAdjacency), or undefined.
 *
 * @example const resident = residentKernels(adj); if (resident) resident.kernels.pull(...)
 */
export function residentKernels(adj: InAdjacency): ResidentKernels | undefined {
  const buffer = adj.sources.buffer;
  if (adj.offsets.buffer !== buffer || adj.weights !== undefined) return undefined;
  const resident = residents.get(buffer as ArrayBuffer);
  if (resident === undefined) return undefined;
  const room = resident.kernels.memory.buffer.byteLength - resident.vectorsAt;
  return room >= VECTOR_BYTES_PER_NODE * adj.nodeCount ? resident : undefined;
}
