/**
 * The power iteration's unweighted row pull as a WebAssembly function, assembled here from its
 * instructions (no toolchain, no dependency, no I/O). Why: the same loop as stepUniform/stepRestart in
 * power-iteration.ts, but without the JavaScript engine's bounds check on every typed-array read and
 * with its loop counters in plain registers: 1.7× the edges per CPU second on Epinions and on the
 * 3M-edge synthetic graph (session 5, in one process, interleaved). It does the same IEEE-754 double
 * operations in the same order as inSum and the steps (two accumulators, even and odd edges, summed
 * even + odd; then d·sum + restart, then × scale), so its iterates are bit for bit those of the
 * JavaScript loop (test/trust/rank/wasm-pull.test.ts).
 *
 * The function, in WebAssembly text (all pointers are byte offsets into the module's memory):
 *
 *   pull(off, src, y, ny, sc, x, rs, n, mode: i32, d, u, base: f64) → f64
 *     e ← off[0]
 *     for v in 0 .. n − 1:
 *       end ← off[v + 1]; a ← 0; b ← 0
 *       while e < end − 1: a += y[src[e]]; b += y[src[e + 1]]; e += 2
 *       if e < end: a += y[src[e]]; e += 1
 *       xv ← d·(a + b) + (rs = 0 ? u : base·rs[v])
 *       if mode ≠ 0: (if mode = 2: delta += |xv − x[v]|); x[v] ← xv
 *       ny[v] ← xv·sc[v]
 *     return delta
 *
 * The modes are power-iteration.ts's PASS (0), KEEP (1) and CHECK (2).
 */

/** The arguments of `pull`: byte offsets of the arrays, then the node count, mode and scalars. */
export type WasmPull = (
  off: number,
  src: number,
  y: number,
  ny: number,
  sc: number,
  x: number,
  rs: number,
  n: number,
  mode: number,
  d: number,
  u: number,
  base: number,
) => number;

function uleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>>= 7;
    if (n === 0) return [...out, b];
    out.push(b | 0x80);
  }
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, payload: readonly number[]): number[] => [
  id,
  ...uleb(payload.length),
  ...payload,
];

// Opcodes (WebAssembly Core Specification 1.0, §5.4).
const I32 = 0x7f;
const F64 = 0x7c;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (k: number) => [0x41, ...sleb(k)];
const f64Zero = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const i32Load = (offset = 0) => [0x28, 2, ...uleb(offset)];
const f64Load = [0x2b, 3, 0];
const f64Store = [0x39, 3, 0];
const [ADD, SUB, SHL, GE_U, GE_S, LT_S, EQZ, EQ] = [0x6a, 0x6b, 0x74, 0x4f, 0x4e, 0x48, 0x45, 0x46];
const [F_ADD, F_SUB, F_MUL, F_ABS] = [0xa0, 0xa1, 0xa2, 0x99];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const IF_F64 = [0x04, F64];
const ELSE = 0x05;
const END = 0x0b;
const br = (depth: number) => [0x0c, ...uleb(depth)];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];

// Parameters, then locals.
const [OFF, SRC, Y, NY, SC, X, RS, N, MODE, D, U, BASE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const [V, E, EDGE_END, LAST, A, B, XV, DELTA] = [12, 13, 14, 15, 16, 17, 18, 19];

/** Address of the 8-byte element `index` (a local) of the array at byte offset `array` (a local). */
const f64At = (array: number, index: number) => [...get(array), ...get(index), ...i32(3), SHL, ADD];

/** y[src[e + k]] on the stack, k = byteOffset / 4. */
const gather = (byteOffset: number) => [
  ...get(Y),
  ...get(SRC),
  ...get(E),
  ...i32(2),
  SHL,
  ADD,
  ...i32Load(byteOffset),
  ...i32(3),
  SHL,
  ADD,
  ...f64Load,
];

const body = [
  ...[...get(OFF), ...i32Load(), ...set(E)],
  ...[...BLOCK, ...LOOP],
  ...[...get(V), ...get(N), GE_U, ...brIf(1)],
  ...[...get(OFF), ...get(V), ...i32(2), SHL, ADD, ...i32Load(4), ...set(EDGE_END)],
  ...[...f64Zero, ...set(A), ...f64Zero, ...set(B)],
  ...[...get(EDGE_END), ...i32(1), SUB, ...set(LAST)],
  ...[...BLOCK, ...LOOP],
  ...[...get(E), ...get(LAST), GE_S, ...brIf(1)],
  ...[...get(A), ...gather(0), F_ADD, ...set(A)],
  ...[...get(B), ...gather(4), F_ADD, ...set(B)],
  ...[...get(E), ...i32(2), ADD, ...set(E), ...br(0)],
  ...[END, END],
  ...[...get(E), ...get(EDGE_END), LT_S, ...IF],
  ...[...get(A), ...gather(0), F_ADD, ...set(A)],
  ...[...get(E), ...i32(1), ADD, ...set(E)],
  END,
  // xv = d·(a + b) + (rs = 0 ? u : base·rs[v])
  ...[...get(D), ...get(A), ...get(B), F_ADD, F_MUL],
  ...[...get(RS), EQZ, ...IF_F64, ...get(U), ELSE, ...get(BASE), ...f64At(RS, V), ...f64Load],
  ...[F_MUL, END, F_ADD, ...set(XV)],
  ...[...get(MODE), ...IF],
  ...[...get(MODE), ...i32(2), EQ, ...IF],
  ...[...get(DELTA), ...get(XV), ...f64At(X, V), ...f64Load, F_SUB, F_ABS, F_ADD, ...set(DELTA)],
  END,
  ...[...f64At(X, V), ...get(XV), ...f64Store],
  END,
  ...[...f64At(NY, V), ...get(XV), ...f64At(SC, V), ...f64Load, F_MUL, ...f64Store],
  ...[...get(V), ...i32(1), ADD, ...set(V), ...br(0)],
  ...[END, END],
  ...get(DELTA),
  END,
];

/** The module: one imported memory ("env", "mem"), one exported function ("pull"). */
function moduleBytes(): Uint8Array {
  const code = [
    ...vec([
      [...uleb(4), I32],
      [...uleb(4), F64],
    ]),
    ...body,
  ];
  const type = [0x60, ...vec([...Array(9).fill([I32]), ...Array(3).fill([F64])]), ...vec([[F64]])];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type])),
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name("pull"), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/**
 * The part of the WebAssembly JS API used here, declared locally: the project's TypeScript libraries
 * (ES2022, no DOM) do not describe the global, and a runtime may lack it.
 */
interface WasmMemory {
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
    try {
      compiled = api === undefined ? null : { api, module: new api.Module(moduleBytes()) };
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Memories up to this size are kept between calls and reused: a fresh one costs its page faults again,
 * 10–55 ms of system time per solve of the 3M-edge graph (19 MB), a third of the solve. Larger ones
 * (up to WASM_MAX_EDGES in power-iteration.ts) are fresh per call and collected after it, so at most
 * this much stays allocated between solves.
 */
export const KEPT_MEMORY_BYTES = 32 * 2 ** 20;

const PAGE = 65536;
let kept: { readonly pull: WasmPull; readonly memory: WasmMemory } | undefined;

/**
 * A pull bound to a memory of at least `bytes` bytes (reused up to KEPT_MEMORY_BYTES, contents
 * unspecified: the caller writes everything it reads), and that memory; undefined without WebAssembly
 * (the caller then runs the JavaScript loop). Synchronous, so no two solves share it at once.
 *
 * @example const bound = instantiatePull(1 << 20); if (bound) bound.pull(...)
 */
export function instantiatePull(
  bytes: number,
): { readonly pull: WasmPull; readonly memory: WasmMemory } | undefined {
  const wasm = wasmModule();
  if (wasm === null) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (kept !== undefined && bytes <= KEPT_MEMORY_BYTES) {
    const have = kept.memory.buffer.byteLength / PAGE;
    if (have < pages) kept.memory.grow(pages - have);
    return kept;
  }
  const memory = new wasm.api.Memory({ initial: pages });
  const instance = new wasm.api.Instance(wasm.module, { env: { mem: memory } });
  const bound = { pull: instance.exports.pull as WasmPull, memory };
  if (bytes <= KEPT_MEMORY_BYTES) kept = bound;
  return bound;
}

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
  const bound = instantiatePull(withRestart ? end + 8 * n : end);
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
