/**
 * The segmented pull with the row pull's two accumulators (segment-walk.ts), as WebAssembly functions
 * of the rank kernels' module (wasm-kernels.ts assembles them with the others). Why two accumulators:
 * the row pull (inSum, and the `pull` kernel's rowSum) sums a node's in-edges of even position in its
 * row into one accumulator and those of odd position into another, then adds them; a segmented pull
 * that sums into one accumulator per node rounds differently (an ulp or so per node). Here each entry
 * carries its edge's position parity and adds into that accumulator, a pair per node, so with the
 * sources in ascending order (segments ascending, sources ascending within each) every accumulator sees
 * the same additions in the same order from the same 0, and the ranks are the rows' bit for bit.
 *
 * In WebAssembly text, all pointers being byte offsets into the one memory:
 *
 *   pairPull(starts, entries, ws, y, out, segments, n: i32)
 *     for s in 0 .. segments − 1:
 *       base ← s·S; size ← min(S, n − base)                           (S = PAIR_SEGMENT_SIZE = 65,535)
 *       ws[0 .. size − 1] ← y[base .. base + size − 1]; ws[size .. S] ← 0
 *       t ← 0
 *       for e in starts[s] .. starts[s + 1] − 1:
 *         w ← entries[e]; t += w & 0x7fff
 *         out[2t + (w >> 15 & 1)] += ws[w >> 16]                       (out's pairs zero on entry)
 *
 *   pairFinish(out, y, sc, x, rs, n, mode: i32, d, u, base: f64) → f64
 *     for v in 0 .. n − 1:
 *       xv ← d·(out[2v] + out[2v + 1]) + (rs = 0 ? u : base·rs[v]); out[2v], out[2v + 1] ← 0
 *       if mode ≠ 0: (if mode = 2: delta += |xv − x[v]|); x[v] ← xv       (PASS, KEEP, CHECK)
 *       y[v] ← xv·sc[v]
 *     return delta
 *
 * pairFinish is the `pull` kernel's per-node tail over the pair instead of rowSum's a + b: the same
 * operations in the same order (test/trust/rank/segment-walk.test.ts compares at tolerance 0).
 *
 * Building the entries of one segment from its out-edges (segment-walk.ts; cursor holds a word per
 * node, counted by wasm-pair-build.ts's pairTally, parity a byte, so that the 2 MB of parities at 2M
 * nodes stay in L2 while the pass streams the cursors; wasm-pair-build.ts's pairPlace then places the
 * edges, sources ascending, each taking its target's cursor c and the parity (at + c) & 1 of at = c >> 1):
 *
 *   pairRuns(cursor, parity, from, to, entries, p, lastAt: i32) → p   (each run, fillers before it)
 *     last ← lastAt[0]
 *     for v in from .. to − 1 with c ← cursor[v] ≠ 0 (branch-free: see pairRunsFunction):
 *       gap ← v − last; while gap > 0x7fff: entries[p] ← FILLER; p += 1; gap −= 0x7fff
 *       entries[p] ← gap; odd ← parity[v]
 *       cursor[v] ← 2p + ((p + odd) & 1); parity[v] ← (odd + c) & 1; p += c; last ← v
 *     lastAt[0] ← last
 */
import {
  ADD,
  AND,
  BLOCK,
  br,
  brIf,
  ELSE,
  END,
  EQ,
  EQZ,
  F_ABS,
  F_ADD,
  F_MUL,
  F_SUB,
  F64,
  f64Load,
  f64Store,
  f64Zero,
  GE_U,
  GT_U,
  get,
  I32,
  IF,
  IF_F64,
  i32,
  i32Load,
  i32Store,
  LOOP,
  MUL,
  SELECT,
  SHL,
  SHR_U,
  SUB,
  set,
  uleb,
  type WasmFunction,
} from "./wasm-encode.js";

/**
 * Where an entry's source offset starts: bits SOURCE_SHIFT .. 31 hold it. 16, segments of 65,535
 * nodes (a 512 KiB workspace): at 30M edges and 2M nodes the pair pull's solve took 1.12-1.43 s of CPU,
 * against 1.57-2.00 s with 15 (131,071 nodes), 1.56-1.84 s with 17 (32,767) and 2.03-2.47 s with 14
 * (6 solves each, two interleaved rounds, load 1.7-2.6).
 */
const SOURCE_SHIFT = 16;
/** Nodes per pair segment: the source offsets 0 .. S − 1; offset S is the workspace's zero slot. */
export const PAIR_SEGMENT_SIZE = 2 ** (32 - SOURCE_SHIFT) - 1;
/** The entry's gap field, below the parity bit. */
export const PAIR_MAX_GAP = 2 ** (SOURCE_SHIFT - 1) - 1;
const PARITY_BIT = SOURCE_SHIFT - 1;
const S = PAIR_SEGMENT_SIZE;

/** pairPull's arguments: byte offsets of starts, entries, workspace, y and out; segments, nodes. */
export type WasmPairPull = (
  ...args: [number, number, number, number, number, number, number]
) => void;

/** pairFinish's arguments: byte offsets of out, y, scale, x, restart (0: none); n, mode; d, u, base. */
export type WasmPairFinish = (
  ...args: [number, number, number, number, number, number, number, number, number, number]
) => number;

const at = (array: number, index: number, shift: number) => [
  ...get(array),
  ...get(index),
  ...i32(shift),
  SHL,
  ADD,
];

/**
 * pairPull: the segmented pull into the accumulator pairs (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairPullFunction()]))
 */
export function pairPullFunction(): WasmFunction {
  const [STARTS, ENTRIES, WS, Y, OUT, SEGMENTS, N] = [0, 1, 2, 3, 4, 5, 6];
  const [SEG, BASE, SIZE, K, E, END_, T, W, P] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const body = [
    ...[...BLOCK, ...LOOP],
    ...[...get(SEG), ...get(SEGMENTS), GE_U, ...brIf(1)],
    ...[...get(SEG), ...i32(S), MUL, ...set(BASE)],
    // size ← min(S, n − base)
    ...[...get(N), ...get(BASE), SUB, ...set(SIZE)],
    ...[...i32(S), ...get(SIZE), ...get(SIZE), ...i32(S), GT_U, SELECT, ...set(SIZE)],
    ...[...i32(0), ...set(K)],
    ...[...BLOCK, ...LOOP],
    ...[...get(K), ...get(SIZE), GE_U, ...brIf(1)],
    ...at(WS, K, 3),
    ...[...get(Y), ...get(BASE), ...get(K), ADD, ...i32(3), SHL, ADD, ...f64Load(), ...f64Store()],
    ...[...get(K), ...i32(1), ADD, ...set(K), ...br(0)],
    ...[END, END],
    ...[...BLOCK, ...LOOP],
    ...[...get(K), ...i32(S), GT_U, ...brIf(1)],
    ...[...at(WS, K, 3), ...f64Zero, ...f64Store()],
    ...[...get(K), ...i32(1), ADD, ...set(K), ...br(0)],
    ...[END, END],
    ...[...at(STARTS, SEG, 2), ...i32Load(), ...set(E)],
    ...[...at(STARTS, SEG, 2), ...i32Load(4), ...set(END_)],
    ...[...i32(0), ...set(T)],
    ...[...BLOCK, ...LOOP],
    ...[...get(E), ...get(END_), GE_U, ...brIf(1)],
    ...[...at(ENTRIES, E, 2), ...i32Load(), ...set(W)],
    ...[...get(T), ...get(W), ...i32(PAIR_MAX_GAP), AND, ADD, ...set(T)],
    // p ← out + 16·t + 8·parity, the parity being bit 15 of the entry: (w >> 12) & 8.
    ...[...at(OUT, T, 4), ...get(W), ...i32(PARITY_BIT - 3), SHR_U, ...i32(8), AND, ADD, ...set(P)],
    ...[...get(P), ...get(P), ...f64Load()],
    ...[...get(WS), ...get(W), ...i32(SOURCE_SHIFT), SHR_U, ...i32(3), SHL, ADD, ...f64Load()],
    ...[F_ADD, ...f64Store()],
    ...[...get(E), ...i32(1), ADD, ...set(E), ...br(0)],
    ...[END, END],
    ...[...get(SEG), ...i32(1), ADD, ...set(SEG), ...br(0)],
    ...[END, END],
    END,
  ];
  const params = Array(7).fill(I32);
  return { name: "pairPull", params, results: [], locals: { i32: 9, f64: 0 }, body };
}

/**
 * pairFinish: the per-node tail of a step over the pairs (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairFinishFunction()]))
 */
export function pairFinishFunction(): WasmFunction {
  const [OUT, Y, SC, X, RS, N, MODE, D, U, BASE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [V, P, XV, DELTA] = [10, 11, 12, 13];
  const f64At = (array: number) => at(array, V, 3);
  const body = [
    ...[...BLOCK, ...LOOP],
    ...[...get(V), ...get(N), GE_U, ...brIf(1)],
    ...[...at(OUT, V, 4), ...set(P)],
    ...[...get(D), ...get(P), ...f64Load(), ...get(P), ...f64Load(8), F_ADD, F_MUL],
    ...[...get(RS), EQZ, ...IF_F64, ...get(U), ELSE, ...get(BASE), ...f64At(RS), ...f64Load()],
    ...[F_MUL, END, F_ADD, ...set(XV)],
    ...[...get(P), ...f64Zero, ...f64Store(), ...get(P), ...f64Zero, ...f64Store(8)],
    ...[...get(MODE), ...IF],
    ...[...get(MODE), ...i32(2), EQ, ...IF],
    ...[...get(DELTA), ...get(XV), ...f64At(X), ...f64Load(), F_SUB, F_ABS, F_ADD, ...set(DELTA)],
    END,
    ...[...f64At(X), ...get(XV), ...f64Store()],
    END,
    ...[...f64At(Y), ...get(XV), ...f64At(SC), ...f64Load(), F_MUL, ...f64Store()],
    ...[...get(V), ...i32(1), ADD, ...set(V), ...br(0)],
    ...[END, END],
    ...get(DELTA),
    END,
  ];
  const params = [...Array(7).fill(I32), F64, F64, F64];
  return { name: "pairFinish", params, results: [F64], locals: { i32: 2, f64: 2 }, body };
}

/**
 * pairRuns' arguments: byte offsets of cursor, parity; the targets from, to; the offset of entries;
 * the first position; the byte offset of `last` (read, then written back: runs go on across calls).
 */
export type WasmPairRuns = (
  ...args: [number, number, number, number, number, number, number]
) => number;

/** i32.load8_u and i32.store8 (Core Specification 1.0, §5.4.5), alignment 1: a byte per node. */
const i32Load8 = (offset = 0) => [0x2d, 0, ...uleb(offset)];
const i32Store8 = (offset = 0) => [0x3a, 0, ...uleb(offset)];

/** An entry that adds the workspace's zero slot (offset S) with the longest gap, as an i32. */
const FILLER = (S * 2 ** SOURCE_SHIFT + PAIR_MAX_GAP) | 0;

/**
 * pairRuns: each target's run placed, fillers before it (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairRunsFunction()]))
 */
export function pairRunsFunction(): WasmFunction {
  const [CURSOR, PARITY, FROM, N, ENTRIES, POS, LAST_AT] = [0, 1, 2, 3, 4, 5, 6];
  const [V, C, GAP, LAST, ODD, NZ] = [7, 8, 9, 10, 11, 12];
  const entry = [...get(ENTRIES), ...get(POS), ...i32(2), SHL, ADD];
  // Without a branch on c (about half the targets of a segment have no edge in it, at random, so a
  // branch mispredicts): for c = 0 the stores below write what is overwritten before it is read
  // (entries[p]: the next run's first entry or past the last; cursor[v]: zeroed before the next count)
  // and leave parity[v], p and last as they were.
  const body = [
    ...[...get(FROM), ...set(V), ...get(LAST_AT), ...i32Load(), ...set(LAST)],
    ...[...BLOCK, ...LOOP],
    ...[...get(V), ...get(N), GE_U, ...brIf(1)],
    ...[...at(CURSOR, V, 2), ...i32Load(), ...set(C)],
    ...[...get(C), EQZ, EQZ, ...set(NZ)],
    ...[...get(V), ...get(LAST), SUB, ...set(GAP)],
    ...[...BLOCK, ...LOOP],
    ...[...get(NZ), ...get(GAP), ...i32(PAIR_MAX_GAP), GT_U, AND, EQZ, ...brIf(1)],
    ...[...entry, ...i32(FILLER), ...i32Store()],
    ...[...get(POS), ...i32(1), ADD, ...set(POS)],
    ...[...get(GAP), ...i32(PAIR_MAX_GAP), SUB, ...set(GAP), ...br(0)],
    ...[END, END],
    ...[...entry, ...get(GAP), ...i32Store()],
    ...[...get(PARITY), ...get(V), ADD, ...i32Load8(), ...set(ODD)],
    ...[...at(CURSOR, V, 2), ...get(POS), ...i32(1), SHL],
    ...[...get(POS), ...get(ODD), ADD, ...i32(1), AND, ADD, ...i32Store()],
    ...[
      ...get(PARITY),
      ...get(V),
      ADD,
      ...get(ODD),
      ...get(C),
      ADD,
      ...i32(1),
      AND,
      ...i32Store8(),
    ],
    ...[...get(POS), ...get(C), ADD, ...set(POS)],
    ...[...get(V), ...get(LAST), ...get(NZ), SELECT, ...set(LAST)],
    ...[...get(V), ...i32(1), ADD, ...set(V), ...br(0)],
    ...[END, END],
    ...[...get(LAST_AT), ...get(LAST), ...i32Store(), ...get(POS)],
    END,
  ];
  return {
    name: "pairRuns",
    params: Array(7).fill(I32),
    results: [I32],
    locals: { i32: 6, f64: 0 },
    body,
  };
}
