/**
 * Just enough of the WebAssembly binary format (Core Specification 1.0, chapter 5) to assemble the
 * rank kernels of wasm-kernels.ts from their instructions: LEB128 integers, sections, the opcodes they
 * use, and a module of functions over one imported memory ("env", "mem"). Pure: numbers in, bytes out.
 */

/** Unsigned LEB128 (§5.2.2). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>>= 7;
    if (n === 0) return [...out, b];
    out.push(b | 0x80);
  }
}

/** Signed LEB128 (§5.2.2). */
export function sleb(n: number): number[] {
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

// Value types and instructions (§5.3.1, §5.4).
export const I32 = 0x7f;
export const F64 = 0x7c;
export const get = (i: number) => [0x20, ...uleb(i)];
export const set = (i: number) => [0x21, ...uleb(i)];
export const i32 = (k: number) => [0x41, ...sleb(k)];
export const f64Zero = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
export const i32Load = (offset = 0) => [0x28, 2, ...uleb(offset)];
export const f64Load = (offset = 0) => [0x2b, 3, ...uleb(offset)];
export const f64Store = (offset = 0) => [0x39, 3, ...uleb(offset)];
export const [ADD, SUB, SHL, GE_U, GE_S, LT_S, EQZ, EQ] = [
  0x6a, 0x6b, 0x74, 0x4f, 0x4e, 0x48, 0x45, 0x46,
];
export const [MUL, DIV_U, AND, OR, SHR_U, GT_U, SELECT] = [
  0x6c, 0x6e, 0x71, 0x72, 0x76, 0x4b, 0x1b,
];
export const i32Store = (offset = 0) => [0x36, 2, ...uleb(offset)];
export const [F_ADD, F_SUB, F_MUL, F_DIV, F_ABS] = [0xa0, 0xa1, 0xa2, 0xa3, 0x99];
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const IF = [0x04, 0x40];
export const IF_F64 = [0x04, F64];
export const ELSE = 0x05;
export const END = 0x0b;
export const br = (depth: number) => [0x0c, ...uleb(depth)];
export const brIf = (depth: number) => [0x0d, ...uleb(depth)];

/** One exported function: its parameter and result types, its locals by type, its instructions. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Locals after the parameters: how many i32, then how many f64. */
  readonly locals: { readonly i32: number; readonly f64: number };
  /** The instructions, the final `end` included. */
  readonly body: readonly number[];
}

/**
 * A module importing one memory ("env", "mem", at least one page) and exporting the functions.
 *
 * @example new WebAssembly.Module(moduleBytes([{ name: "f", params: [], results: [], locals: { i32: 0, f64: 0 }, body: [END] }]))
 */
export function moduleBytes(functions: readonly WasmFunction[]): Uint8Array {
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = functions.map((f) => [
    0x60,
    ...vec(f.params.map((t) => [t])),
    ...vec(f.results.map((t) => [t])),
  ]);
  const codes = functions.map((f) => {
    const code = [
      ...vec([
        [...uleb(f.locals.i32), I32],
        [...uleb(f.locals.f64), F64],
      ]),
      ...f.body,
    ];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(codes)),
  ]);
}
