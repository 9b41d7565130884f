/**
 * pairRuns (wasm-pair-kernels.ts: each target's run of a pair segment placed, fillers before it) over
 * the targets with edges in the segment only, found 16 cursors at a time with 128-bit SIMD. Why: the
 * pass visits every node once per segment, n·segments visits (62M at 2M nodes, 31 segments), while a
 * third of them have an edge in the segment (21.2M at 30M edges); the branch-free pass over all of
 * them took 0.15-0.21 s of the walk's build at 30M edges. Here 16 cursors cost four 128-bit loads and
 * compares and a 16-bit mask, and only the set bits are visited, lowest first (ascending targets, as
 * the pass over all of them does), so the entries, cursors and parities are the same.
 *
 * In WebAssembly text (the scalar pass's body, `visit`, for each target v with c ← cursor[v] ≠ 0):
 *
 *   pairRuns(cursor, parity, from, to, entries, p, lastAt: i32) → p
 *     last ← lastAt[0]
 *     for v in from, from + 16, .. while v + 16 ≤ to:
 *       m ← bits k of (cursor[v + k] ≠ 0), k in 0 .. 15            (i32x4.ne, i32x4.bitmask)
 *       while m ≠ 0: visit(v + ctz(m)); m ← m & (m − 1)
 *     for the last (to − from) mod 16 targets v: if cursor[v] ≠ 0: visit(v)
 *     lastAt[0] ← last
 *   visit(v): gap ← v − last; while gap > 0x7fff: entries[p] ← FILLER; p += 1; gap −= 0x7fff
 *             entries[p] ← gap; odd ← parity[v]
 *             cursor[v] ← 2p + ((p + odd) & 1); parity[v] ← (odd + c) & 1; p += c; last ← v
 *
 * Unlike the scalar pass, cursors of targets without edges stay 0. SIMD is WebAssembly 2.0 (Core
 * Specification 2.0, §5.4.8 vector instructions); a runtime without it gets the scalar pass
 * (wasm-kernels.ts compiles the module again with it).
 */
import {
  ADD,
  AND,
  BLOCK,
  br,
  brIf,
  END,
  EQZ,
  GE_U,
  GT_U,
  get,
  I32,
  IF,
  i32,
  i32Load,
  i32Store,
  LOOP,
  OR,
  SHL,
  SUB,
  set,
  uleb,
  type WasmFunction,
} from "./wasm-encode.js";
import { PAIR_MAX_GAP, PAIR_SEGMENT_SIZE } from "./wasm-pair-kernels.js";

/** v128.load with alignment 2^2 (the cursors are words), i32x4.splat, i32x4.ne, i32x4.bitmask. */
const v128Load = (offset: number) => [0xfd, ...uleb(0x00), 2, ...uleb(offset)];
const I32X4_SPLAT = [0xfd, ...uleb(0x11)];
const I32X4_NE = [0xfd, ...uleb(0x38)];
const I32X4_BITMASK = [0xfd, ...uleb(0xa4)];
/** i32.ctz, i32.ne (Core Specification §5.4.7). */
const CTZ = 0x68;
const NE = 0x47;
/** i32.load8_u and i32.store8, alignment 1: a byte per node. */
const i32Load8 = [0x2d, 0, 0];
const i32Store8 = [0x3a, 0, 0];

/** An entry that adds the workspace's zero slot (offset S) with the longest gap, as an i32. */
const FILLER = (PAIR_SEGMENT_SIZE * 2 ** 16 + PAIR_MAX_GAP) | 0;

/**
 * pairRuns with SIMD (above), for wasm-kernels.ts's module.
 *
 * @example const module = new WebAssembly.Module(moduleBytes([pairRunsSimdFunction()]))
 */
export function pairRunsSimdFunction(): WasmFunction {
  const [CURSOR, PARITY, FROM, N, ENTRIES, POS, LAST_AT] = [0, 1, 2, 3, 4, 5, 6];
  const [V, C, GAP, LAST, ODD, M, U, N16] = [7, 8, 9, 10, 11, 12, 13, 14];
  const entry = [...get(ENTRIES), ...get(POS), ...i32(2), SHL, ADD];
  const cursorOf = (node: number) => [...get(CURSOR), ...get(node), ...i32(2), SHL, ADD];
  /** visit(U), c in C (non-zero). */
  const visit = [
    ...[...get(U), ...get(LAST), SUB, ...set(GAP)],
    ...[...BLOCK, ...LOOP],
    ...[...get(GAP), ...i32(PAIR_MAX_GAP), GT_U, EQZ, ...brIf(1)],
    ...[...entry, ...i32(FILLER), ...i32Store()],
    ...[...get(POS), ...i32(1), ADD, ...set(POS)],
    ...[...get(GAP), ...i32(PAIR_MAX_GAP), SUB, ...set(GAP), ...br(0)],
    ...[END, END],
    ...[...entry, ...get(GAP), ...i32Store()],
    ...[...get(PARITY), ...get(U), ADD, ...i32Load8, ...set(ODD)],
    ...[...cursorOf(U), ...get(POS), ...i32(1), SHL],
    ...[...get(POS), ...get(ODD), ADD, ...i32(1), AND, ADD, ...i32Store()],
    ...[...get(PARITY), ...get(U), ADD, ...get(ODD), ...get(C), ADD, ...i32(1), AND, ...i32Store8],
    ...[...get(POS), ...get(C), ADD, ...set(POS)],
    ...[...get(U), ...set(LAST)],
  ];
  /** The 4-bit mask of cursors v + 4q .. v + 4q + 3 that are non-zero, shifted to bits 4q. */
  const quad = (q: number) => [
    ...cursorOf(V),
    ...v128Load(16 * q),
    ...[...i32(0), ...I32X4_SPLAT, ...I32X4_NE, ...I32X4_BITMASK],
    ...(q === 0 ? [] : [...i32(4 * q), SHL, OR]),
  ];
  // Groups of 16 from `from` while they fit below `to` (N16), then the rest one by one.
  const body = [
    ...[...get(FROM), ...set(V), ...get(LAST_AT), ...i32Load(), ...set(LAST)],
    ...[...get(N), ...get(FROM), SUB, ...i32(-16), AND, ...get(FROM), ADD, ...set(N16)],
    ...[...BLOCK, ...LOOP],
    ...[...get(V), ...get(N16), GE_U, ...brIf(1)],
    ...[...quad(0), ...quad(1), ...quad(2), ...quad(3), ...set(M)],
    ...[...BLOCK, ...LOOP],
    ...[...get(M), EQZ, ...brIf(1)],
    ...[...get(V), ...get(M), CTZ, ADD, ...set(U)],
    ...[...get(M), ...get(M), ...i32(1), SUB, AND, ...set(M)],
    ...[...cursorOf(U), ...i32Load(), ...set(C)],
    ...visit,
    ...br(0),
    ...[END, END],
    ...[...get(V), ...i32(16), ADD, ...set(V), ...br(0)],
    ...[END, END],
    ...[...BLOCK, ...LOOP],
    ...[...get(V), ...get(N), GE_U, ...brIf(1)],
    ...[...cursorOf(V), ...i32Load(), ...set(C)],
    ...[...get(C), ...i32(0), NE, ...IF],
    ...[...get(V), ...set(U), ...visit],
    END,
    ...[...get(V), ...i32(1), ADD, ...set(V), ...br(0)],
    ...[END, END],
    ...[...get(LAST_AT), ...get(LAST), ...i32Store(), ...get(POS)],
    END,
  ];
  return {
    name: "pairRuns",
    params: Array(7).fill(I32),
    results: [I32],
    locals: { i32: 8, f64: 0 },
    body,
  };
}
