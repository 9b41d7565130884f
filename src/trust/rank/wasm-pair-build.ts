/**
 * The placement of a pair segment's entries in two levels (segment-walk.ts), as WebAssembly functions
 * of the rank kernels' module (wasm-kernels.ts assembles them). Why two levels: placed straight from
 * the staged out-edges, every edge reads and writes its target's cursor at random in a word per node
 * (8 MB at 2M nodes, past L2) and its entry at random in the segment's entries (4 MB at 30M edges):
 * 0.37-0.38 s of CPU of the walk's 0.79-0.86 s build at 30M edges. Split first by target block
 * (BLOCK_NODES targets: the block's cursors are 256 KiB, its entries a slice of the segment's), each
 * block's edges are counted and placed with both in L2, the split itself writing one sequential stream
 * per block. A split word packs the target's offset in its block (low 16 bits) and the source's
 * offset in the segment (high 16 bits, PAIR_SEGMENT_SIZE < 2^16).
 *
 * In WebAssembly text, all pointers being byte offsets into the one memory:
 *
 *   pairSplit(off, tgt, rows, first, blocks, at, out, pos: i32)   (a stage's edges, sources ascending)
 *     at[0 .. blocks − 1] ← the stage's edges per block (t >> 16), then their exclusive prefix from pos
 *     for i in 0 .. rows − 1, e in off[i] .. off[i + 1] − 1:
 *       t ← tgt[e]; out[at[t >> 16]] ← (first + i)·2^16 + (t & 0xffff); at[t >> 16] += 1
 *     (at[b] ends as the end of block b's words; off[0] = 0)
 *
 *   pairTally(words, count, cursor: i32)         for i in 0 .. count − 1: cursor[words[i] & 0xffff] += 1
 *
 *   pairPlace(words, count, cursor, entries: i32)                  (a block's words, sources ascending)
 *     for i in 0 .. count − 1:
 *       w ← words[i]; c ← cursor[w & 0xffff]; cursor[w & 0xffff] ← c + 2; at ← c >> 1
 *       entries[at] += (w & 0xffff0000) + ((at + c) & 1)·2^15         ((at + c) & 1: the edge's parity)
 *
 * The cursor pointer of pairTally and pairPlace is the block's first target's; cursor and parity are
 * pairRuns' (wasm-pair-kernels.ts), so the entries are those of a placement straight from the stage:
 * the same words in the same places (each target's sources ascending, the same parities).
 */
import {
  ADD,
  AND,
  BLOCK,
  br,
  brIf,
  END,
  GE_U,
  get,
  I32,
  i32,
  i32Load,
  i32Store,
  LOOP,
  OR,
  SHL,
  SHR_U,
  set,
  type WasmFunction,
} from "./wasm-encode.js";

/** Targets per block of the split: the low 16 bits of a split word. */
export const BLOCK_SHIFT = 16;
export const BLOCK_NODES = 2 ** BLOCK_SHIFT;

/** pairSplit's arguments: offsets of staged rows and targets; rows, first row; blocks; at, out; pos. */
export type WasmPairSplit = (
  ...args: [number, number, number, number, number, number, number, number]
) => void;
/** pairTally's arguments: byte offset of the words; their count; the block's cursor offset. */
export type WasmPairTally = (...args: [number, number, number]) => void;
/** pairPlace's arguments: byte offset of the words; their count; the block's cursor; entries. */
export type WasmPairPlace = (...args: [number, number, number, number]) => void;

const at = (array: number, index: number, shift: number) => [
  ...get(array),
  ...get(index),
  ...i32(shift),
  SHL,
  ADD,
];
/** A split word's target offset in its block. */
const LOW = BLOCK_NODES - 1;
const HIGH = 0xffff0000 | 0;

/** for (I = from; I < limit; I++) body, as a block and a loop. */
const loop = (index: number, limit: number[], body: number[]) => [
  ...[...BLOCK, ...LOOP],
  ...[...get(index), ...limit, GE_U, ...brIf(1)],
  ...body,
  ...[...get(index), ...i32(1), ADD, ...set(index), ...br(0)],
  ...[END, END],
];

/**
 * pairSplit: a stage's edges split by target block (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairSplitFunction()]))
 */
export function pairSplitFunction(): WasmFunction {
  const [OFF, TGT, ROWS, FIRST, BLOCKS, AT, OUT, POS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [I, E, END_, SRC, T, P, C] = [8, 9, 10, 11, 12, 13, 14];
  /** P ← &at[T >> 16] */
  const slot = [...get(AT), ...get(T), ...i32(BLOCK_SHIFT), SHR_U, ...i32(2), SHL, ADD, ...set(P)];
  const body = [
    ...loop(I, get(BLOCKS), [...at(AT, I, 2), ...i32(0), ...i32Store()]),
    ...[...get(OFF), ...get(ROWS), ...i32(2), SHL, ADD, ...i32Load(), ...set(END_)],
    ...loop(E, get(END_), [
      ...[...at(TGT, E, 2), ...i32Load(), ...set(T), ...slot],
      ...[...get(P), ...get(P), ...i32Load(), ...i32(1), ADD, ...i32Store()],
    ]),
    ...[...i32(0), ...set(I)],
    ...loop(I, get(BLOCKS), [
      ...[...at(AT, I, 2), ...set(P), ...get(P), ...i32Load(), ...set(C)],
      ...[...get(P), ...get(POS), ...i32Store(), ...get(POS), ...get(C), ADD, ...set(POS)],
    ]),
    ...[...i32(0), ...set(I), ...i32(0), ...set(E)],
    ...loop(I, get(ROWS), [
      ...[...get(FIRST), ...get(I), ADD, ...i32(16), SHL, ...set(SRC)],
      ...[...at(OFF, I, 2), ...i32Load(4), ...set(END_)],
      ...loop(E, get(END_), [
        ...[...at(TGT, E, 2), ...i32Load(), ...set(T), ...slot],
        ...[...get(P), ...i32Load(), ...set(C)],
        ...[...at(OUT, C, 2), ...get(SRC), ...get(T), ...i32(LOW), AND, OR, ...i32Store()],
        ...[...get(P), ...get(C), ...i32(1), ADD, ...i32Store()],
      ]),
    ]),
    END,
  ];
  return {
    name: "pairSplit",
    params: Array(8).fill(I32),
    results: [],
    locals: { i32: 7, f64: 0 },
    body,
  };
}

/**
 * pairTally: a block's words counted into its cursors (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairTallyFunction()]))
 */
export function pairTallyFunction(): WasmFunction {
  const [WORDS, COUNT, CURSOR] = [0, 1, 2];
  const [I, P] = [3, 4];
  const body = [
    ...loop(I, get(COUNT), [
      ...[...get(CURSOR), ...at(WORDS, I, 2), ...i32Load(), ...i32(LOW), AND, ...i32(2), SHL, ADD],
      ...[...set(P), ...get(P), ...get(P), ...i32Load(), ...i32(1), ADD, ...i32Store()],
    ]),
    END,
  ];
  return {
    name: "pairTally",
    params: Array(3).fill(I32),
    results: [],
    locals: { i32: 2, f64: 0 },
    body,
  };
}

/**
 * pairPlace: a block's words placed with their parities (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairPlaceFunction()]))
 */
export function pairPlaceFunction(): WasmFunction {
  const [WORDS, COUNT, CURSOR, ENTRIES] = [0, 1, 2, 3];
  const [I, W, P, C, AT] = [4, 5, 6, 7, 8];
  const body = [
    ...loop(I, get(COUNT), [
      ...[...at(WORDS, I, 2), ...i32Load(), ...set(W)],
      ...[...get(CURSOR), ...get(W), ...i32(LOW), AND, ...i32(2), SHL, ADD, ...set(P)],
      ...[...get(P), ...i32Load(), ...set(C)],
      ...[...get(P), ...get(C), ...i32(2), ADD, ...i32Store()],
      ...[...get(C), ...i32(1), SHR_U, ...set(AT)],
      ...[...at(ENTRIES, AT, 2), ...set(P)],
      ...[...get(P), ...get(P), ...i32Load(), ...get(W), ...i32(HIGH), AND, ADD],
      ...[...get(AT), ...get(C), ADD, ...i32(1), AND, ...i32(15), SHL, ADD, ...i32Store()],
    ]),
    END,
  ];
  return {
    name: "pairPlace",
    params: Array(4).fill(I32),
    results: [],
    locals: { i32: 5, f64: 0 },
    body,
  };
}
