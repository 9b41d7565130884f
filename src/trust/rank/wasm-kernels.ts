/**
 * The inner loops of the power iteration and of the Gauss–Seidel sweep as WebAssembly functions,
 * assembled here from their instructions (wasm-encode.ts; no toolchain, no dependency, no I/O). Why:
 * the same loops as power-iteration.ts's stepUniform/stepRestart and gauss-seidel.ts's sweepUniform,
 * without the JavaScript engine's bounds check on every typed-array read: about 2× the edges per CPU
 * second (session 5). Each does the same IEEE-754 double operations in the same order as its
 * JavaScript loop (inSum's two accumulators, even and odd edges, summed even + odd; then d·sum +
 * restart), so the results are bit for bit the same (test/trust/rank/wasm-kernels.test.ts; the pair
 * segments' kernels, wasm-pair-kernels.ts, by test/trust/rank/segment-walk.test.ts).
 *
 * In WebAssembly text, all pointers being byte offsets into the one memory:
 *
 *   pull(off, src, y, ny, sc, x, rs, n, mode: i32, d, u, base: f64) → f64      (power iteration)
 *     e ← off[0]
 *     for v in 0 .. n − 1:
 *       xv ← d·rowSum(v) + (rs = 0 ? u : base·rs[v])
 *       if mode ≠ 0: (if mode = 2: delta += |xv − x[v]|); x[v] ← xv     (modes PASS, KEEP, CHECK)
 *       ny[v] ← xv·sc[v]
 *     return delta
 *
 *   sweep(off, src, ord, x, y, dx, inv, diag, lo, hi, stats: i32, d, u: f64)     (Gauss–Seidel)
 *     for k in lo .. hi − 1:
 *       v ← ord[k]; e ← off[v]
 *       xv ← d·rowSum(v) + u; if diag ≠ 0: xv ← xv / diag[v]; step ← xv − x[v]
 *       change += |step|; dx[v] ← step; sum += xv; x[v] ← xv; y[v] ← xv·inv[v]
 *     stats[0] ← change; stats[1] ← sum
 *
 *   rowSum(v): end ← off[v + 1]; a ← 0; b ← 0
 *     while e < end − 1: a += y[src[e]]; b += y[src[e + 1]]; e += 2
 *     if e < end: a += y[src[e]]; e += 1
 *     → a + b
 */
import {
  ADD,
  BLOCK,
  br,
  brIf,
  ELSE,
  END,
  EQ,
  EQZ,
  F_ABS,
  F_ADD,
  F_DIV,
  F_MUL,
  F_SUB,
  F64,
  f64Load,
  f64Store,
  f64Zero,
  GE_S,
  GE_U,
  get,
  I32,
  IF,
  IF_F64,
  i32,
  i32Load,
  LOOP,
  LT_S,
  moduleBytes,
  SHL,
  SUB,
  set,
  type WasmFunction,
} from "./wasm-encode.js";
import {
  pairPlaceFunction,
  pairSplitFunction,
  pairTallyFunction,
  type WasmPairPlace,
  type WasmPairSplit,
  type WasmPairTally,
} from "./wasm-pair-build.js";
import {
  pairFinishFunction,
  pairPullFunction,
  pairRunsFunction,
  type WasmPairFinish,
  type WasmPairPull,
  type WasmPairRuns,
} from "./wasm-pair-kernels.js";
import { pairRunsSimdFunction } from "./wasm-pair-runs.js";

/** pull's arguments: byte offsets of the arrays, the node count, the mode, then d, u and base. */
export type WasmPull = (
  ...args: [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
) => number;

/**
 * sweep's arguments: byte offsets of the arrays (diag 0 for none: the offsets array is at 0), lo, hi,
 * the stats pair's offset, then d and u.
 */
export type WasmSweep = (
  ...args: [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
) => void;

/** Address of the 8-byte element `index` (a local) of the array at byte offset `array` (a local). */
const f64At = (array: number, index: number) => [...get(array), ...get(index), ...i32(3), SHL, ADD];

/**
 * The pull of one row, left on the stack as a + b: from edge e (a local, advanced to the row's end)
 * to off[v + 1], over y, with locals end, last, a, b. Locals are given by index.
 */
function rowSum(l: {
  off: number;
  src: number;
  y: number;
  v: number;
  e: number;
  end: number;
  last: number;
  a: number;
  b: number;
}): number[] {
  const gather = (byteOffset: number) => [
    ...[...get(l.y), ...get(l.src), ...get(l.e), ...i32(2), SHL, ADD, ...i32Load(byteOffset)],
    ...[...i32(3), SHL, ADD, ...f64Load()],
  ];
  return [
    ...[...get(l.off), ...get(l.v), ...i32(2), SHL, ADD, ...i32Load(4), ...set(l.end)],
    ...[...f64Zero, ...set(l.a), ...f64Zero, ...set(l.b)],
    ...[...get(l.end), ...i32(1), SUB, ...set(l.last)],
    ...[...BLOCK, ...LOOP],
    ...[...get(l.e), ...get(l.last), GE_S, ...brIf(1)],
    ...[...get(l.a), ...gather(0), F_ADD, ...set(l.a)],
    ...[...get(l.b), ...gather(4), F_ADD, ...set(l.b)],
    ...[...get(l.e), ...i32(2), ADD, ...set(l.e), ...br(0)],
    ...[END, END],
    ...[...get(l.e), ...get(l.end), LT_S, ...IF],
    ...[...get(l.a), ...gather(0), F_ADD, ...set(l.a)],
    ...[...get(l.e), ...i32(1), ADD, ...set(l.e)],
    END,
    ...[...get(l.a), ...get(l.b), F_ADD],
  ];
}

function pullFunction(): WasmFunction {
  const [OFF, SRC, Y, NY, SC, X, RS, N, MODE, D, U, BASE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [V, E, EDGE_END, LAST, A, B, XV, DELTA] = [12, 13, 14, 15, 16, 17, 18, 19];
  const row = { off: OFF, src: SRC, y: Y, v: V, e: E, end: EDGE_END, last: LAST, a: A, b: B };
  const body = [
    ...[...get(OFF), ...i32Load(), ...set(E)],
    ...[...BLOCK, ...LOOP],
    ...[...get(V), ...get(N), GE_U, ...brIf(1)],
    ...[...get(D), ...rowSum(row), F_MUL],
    ...[...get(RS), EQZ, ...IF_F64, ...get(U), ELSE, ...get(BASE), ...f64At(RS, V), ...f64Load()],
    ...[F_MUL, END, F_ADD, ...set(XV)],
    ...[...get(MODE), ...IF],
    ...[...get(MODE), ...i32(2), EQ, ...IF],
    ...[
      ...get(DELTA),
      ...get(XV),
      ...f64At(X, V),
      ...f64Load(),
      F_SUB,
      F_ABS,
      F_ADD,
      ...set(DELTA),
    ],
    END,
    ...[...f64At(X, V), ...get(XV), ...f64Store()],
    END,
    ...[...f64At(NY, V), ...get(XV), ...f64At(SC, V), ...f64Load(), F_MUL, ...f64Store()],
    ...[...get(V), ...i32(1), ADD, ...set(V), ...br(0)],
    ...[END, END],
    ...get(DELTA),
    END,
  ];
  const params = [...Array(9).fill(I32), F64, F64, F64];
  return { name: "pull", params, results: [F64], locals: { i32: 4, f64: 4 }, body };
}

function sweepFunction(): WasmFunction {
  const [OFF, SRC, ORD, X, Y, DX, INV, DIAG, LO, HI, STATS, D, U] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  ];
  const [K, V, E, EDGE_END, LAST, A, B, XV, STEP, CHANGE, SUM] = [
    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
  ];
  const row = { off: OFF, src: SRC, y: Y, v: V, e: E, end: EDGE_END, last: LAST, a: A, b: B };
  const body = [
    ...[...get(LO), ...set(K)],
    ...[...BLOCK, ...LOOP],
    ...[...get(K), ...get(HI), GE_U, ...brIf(1)],
    ...[...get(ORD), ...get(K), ...i32(2), SHL, ADD, ...i32Load(), ...set(V)],
    ...[...get(OFF), ...get(V), ...i32(2), SHL, ADD, ...i32Load(), ...set(E)],
    ...[...get(D), ...rowSum(row), F_MUL, ...get(U), F_ADD, ...set(XV)],
    // A node's self-loops, taken out of its row, are solved for: xv = (d·Σ_{u≠v} y_u + u)/(1 − a_v).
    ...[...get(DIAG), ...IF, ...get(XV), ...f64At(DIAG, V), ...f64Load(), F_DIV, ...set(XV), END],
    ...[...get(XV), ...f64At(X, V), ...f64Load(), F_SUB, ...set(STEP)],
    ...[...get(CHANGE), ...get(STEP), F_ABS, F_ADD, ...set(CHANGE)],
    ...[...f64At(DX, V), ...get(STEP), ...f64Store()],
    ...[...get(SUM), ...get(XV), F_ADD, ...set(SUM)],
    ...[...f64At(X, V), ...get(XV), ...f64Store()],
    ...[...f64At(Y, V), ...get(XV), ...f64At(INV, V), ...f64Load(), F_MUL, ...f64Store()],
    ...[...get(K), ...i32(1), ADD, ...set(K), ...br(0)],
    ...[END, END],
    ...[...get(STATS), ...get(CHANGE), ...f64Store(0)],
    ...[...get(STATS), ...get(SUM), ...f64Store(8)],
    END,
  ];
  const params = [...Array(11).fill(I32), F64, F64];
  return { name: "sweep", params, results: [], locals: { i32: 5, f64: 6 }, body };
}

/**
 * The part of the WebAssembly JS API used here, declared locally: the project's TypeScript libraries
 * (ES2022, no DOM) do not describe the global, and a runtime may lack it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
}

let compiled: { readonly api: WasmApi; readonly module: object } | null | undefined;

/** The compiled module, once per process; null where WebAssembly is unavailable or refuses it. */
function wasmModule(): { readonly api: WasmApi; readonly module: object } | null {
  if (compiled === undefined) {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    // With pairRuns over SIMD (wasm-pair-runs.ts) where the runtime validates it, else the scalar one.
    const functions = (runs: WasmFunction) => [
      pullFunction(),
      sweepFunction(),
      pairPullFunction(),
      pairFinishFunction(),
      runs,
      pairSplitFunction(),
      pairTallyFunction(),
      pairPlaceFunction(),
    ];
    compiled = null;
    for (const runs of api === undefined ? [] : [pairRunsSimdFunction(), pairRunsFunction()]) {
      try {
        compiled = {
          api: api as WasmApi,
          module: new (api as WasmApi).Module(moduleBytes(functions(runs))),
        };
        break;
      } catch {
        // a runtime without SIMD (or without WebAssembly's compiler): the next, or none
      }
    }
  }
  return compiled;
}

/**
 * Memories up to this size are kept between calls and reused: a fresh one costs its page faults again,
 * 10–55 ms of system time per power-iteration solve of the 3M-edge graph (19 MB), a third of the
 * solve. Larger ones are fresh per call and collected after it, so at most this much stays allocated.
 */
export const KEPT_MEMORY_BYTES = 32 * 2 ** 20;

const PAGE = 65536;

/** The kernels bound to one memory. */
export interface WasmKernels {
  readonly pull: WasmPull;
  readonly sweep: WasmSweep;
  /** The segmented pull with the row pull's two accumulators (wasm-pair-kernels.ts). */
  readonly pairPull: WasmPairPull;
  readonly pairFinish: WasmPairFinish;
  readonly pairRuns: WasmPairRuns;
  /** The two-level placement of a pair segment's entries (wasm-pair-build.ts). */
  readonly pairSplit: WasmPairSplit;
  readonly pairTally: WasmPairTally;
  readonly pairPlace: WasmPairPlace;
  readonly memory: WasmMemory;
}

let kept: WasmKernels | undefined;

/**
 * The kernels bound to a memory of at least `bytes` bytes (reused up to KEPT_MEMORY_BYTES, contents
 * unspecified: the caller writes everything it reads; `owned`: a fresh memory, never kept nor reused,
 * zero-filled, for a caller that keeps data in it); undefined without WebAssembly (the caller then
 * runs its JavaScript loop). Solvers are synchronous, so no two share the memory at once.
 *
 * @example const kernels = instantiateKernels(1 << 20); if (kernels) kernels.pull(...)
 */
export function instantiateKernels(bytes: number, owned = false): WasmKernels | undefined {
  const wasm = wasmModule();
  if (wasm === null) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (!owned && kept !== undefined && bytes <= KEPT_MEMORY_BYTES) {
    const have = kept.memory.buffer.byteLength / PAGE;
    if (have < pages) kept.memory.grow(pages - have);
    return kept;
  }
  const memory = new wasm.api.Memory({ initial: pages });
  const { exports } = new wasm.api.Instance(wasm.module, { env: { mem: memory } });
  const kernels = {
    pull: exports.pull as WasmPull,
    sweep: exports.sweep as WasmSweep,
    pairPull: exports.pairPull as WasmPairPull,
    pairFinish: exports.pairFinish as WasmPairFinish,
    pairRuns: exports.pairRuns as WasmPairRuns,
    pairSplit: exports.pairSplit as WasmPairSplit,
    pairTally: exports.pairTally as WasmPairTally,
    pairPlace: exports.pairPlace as WasmPairPlace,
    memory,
  };
  if (!owned && bytes <= KEPT_MEMORY_BYTES) kept = kernels;
  return kernels;
}
