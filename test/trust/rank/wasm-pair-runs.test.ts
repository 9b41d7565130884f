/**
 * pairRuns over SIMD (src/trust/rank/wasm-pair-runs.ts) against the scalar pass it replaces where the
 * runtime has SIMD (wasm-pair-kernels.ts's pairRunsFunction, the fallback): the same entries, parities,
 * end position and last target, and the same cursors for every target with edges, over blocks taken
 * one call at a time (as segment-walk.ts does), with gaps past the entries' 15 bits and block ends
 * that are not multiples of 16.
 */
import { describe, expect, it } from "vitest";
import { moduleBytes } from "../../../src/trust/rank/wasm-encode.js";
import { pairRunsFunction, type WasmPairRuns } from "../../../src/trust/rank/wasm-pair-kernels.js";
import { pairRunsSimdFunction } from "../../../src/trust/rank/wasm-pair-runs.js";
import { random } from "./reference.js";

/** The WebAssembly global (the project's TypeScript libraries do not declare it: wasm-kernels.ts). */
const W = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
      Instance: new (
        m: object,
        i: Record<string, Record<string, unknown>>,
      ) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

/** Runs `runs` over cursors `counts` in blocks of `block` targets, in a memory of its own. */
function runBlocks(
  fn: ReturnType<typeof pairRunsFunction>,
  counts: Uint32Array,
  parityStart: Uint8Array,
  block: number,
) {
  const n = counts.length;
  const memory = new W.Memory({ initial: 64 });
  const { exports } = new W.Instance(new W.Module(moduleBytes([fn])), { env: { mem: memory } });
  const runs = exports.pairRuns as WasmPairRuns;
  const [cursorAt, parityAt, lastAt, entriesAt] = [
    0,
    4 * n,
    4 * Math.ceil((5 * n + 16) / 4),
    8 * n,
  ];
  new Uint32Array(memory.buffer, cursorAt, n).set(counts);
  new Uint8Array(memory.buffer, parityAt, n).set(parityStart);
  let p = 7; // as after an earlier segment
  for (let from = 0; from < n; from += block) {
    p = runs(cursorAt, parityAt, from, Math.min(n, from + block), entriesAt, p, lastAt);
  }
  const cursor = new Uint32Array(memory.buffer, cursorAt, n).slice();
  return {
    p,
    last: new Uint32Array(memory.buffer, lastAt, 1)[0],
    // entries[p] may hold the scalar pass's store for a target without edges: compared below p.
    entries: new Uint32Array(memory.buffer, entriesAt, p).slice(),
    parity: new Uint8Array(memory.buffer, parityAt, n).slice(),
    cursorsWithEdges: cursor.filter((_, v) => (counts[v] as number) > 0),
  };
}

describe("pairRuns over SIMD", () => {
  it("places the scalar pass's runs, fillers and parities, block by block", () => {
    const r = random(11);
    for (const [n, density, block] of [
      [100_000, 0.3, 65_536],
      [70_000, 0.01, 1000], // sparse: gaps past 32,767 across blocks
      [5003, 0.9, 37],
      [17, 1, 16],
    ] as const) {
      const counts = new Uint32Array(n);
      for (let v = 0; v < n; v++) if (r() < density) counts[v] = 1 + Math.floor(4 * r());
      counts[n - 1] = 2; // the last target of the last block
      const parity = Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
      const simd = runBlocks(pairRunsSimdFunction(), counts, parity, block);
      const scalar = runBlocks(pairRunsFunction(), counts, parity, block);
      expect(simd.p).toBe(scalar.p);
      expect(simd.last).toBe(n - 1);
      expect(simd.last).toBe(scalar.last);
      expect(simd.entries).toEqual(scalar.entries);
      expect(simd.parity).toEqual(scalar.parity);
      expect(simd.cursorsWithEdges).toEqual(scalar.cursorsWithEdges);
    }
  });
});
