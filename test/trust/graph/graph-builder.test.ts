/**
 * The id table and graph builder (src/trust/graph): evidence records become signed, kind-tagged CSR
 * edges; the builder's output equals buildGraph on the same edges, at any size.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../../src/trust/graph/csr.js";
import { edgeKindOf } from "../../../src/trust/graph/edge-kind.js";
import {
  buildTrustGraph,
  createGraphBuilder,
  type EdgeRecord,
} from "../../../src/trust/graph/graph-builder.js";
import { createIdTable } from "../../../src/trust/graph/id-table.js";

describe("createIdTable", () => {
  it("numbers ids densely in order of first sight and maps back", () => {
    const ids = createIdTable(["x"]);
    expect(ids.intern("alice")).toBe(1);
    expect(ids.intern("bob")).toBe(2);
    expect(ids.intern("alice")).toBe(1);
    expect(ids.size).toBe(3);
    expect(ids.idOf(2)).toBe("bob");
    expect(ids.indexOf("carol")).toBeUndefined();
    expect(() => ids.idOf(3)).toThrow(RangeError);
  });

  it("treats ids that name object properties or look like numbers as plain ids", () => {
    const tricky = ["__proto__", "constructor", "toString", "hasOwnProperty", "7", "07", "", "-1"];
    const ids = createIdTable();
    for (const id of tricky) expect(ids.indexOf(id)).toBeUndefined();
    for (const [i, id] of tricky.entries()) expect(ids.intern(id)).toBe(i);
    tricky.forEach((id, i) => {
      expect(ids.intern(id)).toBe(i);
      expect(ids.indexOf(id)).toBe(i);
      expect(ids.idOf(i)).toBe(id);
    });
    expect(ids.size).toBe(tricky.length);
  });
});

describe("graph builder", () => {
  it("signs each kind of evidence by its rule and records kinds and times", () => {
    const { graph, ids, edges, skipped } = buildTrustGraph([
      { kind: "vouch", from: "a", to: "b", weight: -1, time: 10 },
      { kind: "interaction", from: "b", to: "c", weight: 2, time: 11 },
      { kind: "alert", from: "a", to: "c", weight: 3, time: 12 },
      { kind: "rating", from: "c", to: "a", weight: -4, time: 13 },
      { kind: "vouch", from: "c", to: "c", weight: 1, time: 14 },
    ]);
    expect([edges, skipped]).toEqual([4, 1]);
    const a = ids.indexOf("a") as number;
    const c = ids.indexOf("c") as number;
    const rowOf = (u: number) =>
      Array.from(
        { length: (graph.offsets[u + 1] as number) - (graph.offsets[u] as number) },
        (_, i) => {
          const e = (graph.offsets[u] as number) + i;
          return [
            ids.idOf(graph.targets[e] as number),
            graph.weights[e],
            edgeKindOf(graph.kinds?.[e] as number),
            graph.times?.[e],
          ];
        },
      );
    expect(rowOf(a)).toEqual([
      ["b", 1, "vouch", 10],
      ["c", -3, "alert", 12],
    ]);
    expect(rowOf(c)).toEqual([["a", -4, "rating", 13]]);
    expect(graph.logSize).toBe(5);
  });

  it("scales kinds, drops kinds scaled to zero, and keeps self-loops when asked", () => {
    const records: EdgeRecord[] = [
      { kind: "interaction", from: "a", to: "b", weight: 1, time: 0 },
      { kind: "vouch", from: "a", to: "b", weight: 1, time: 0 },
      { kind: "vouch", from: "b", to: "b", weight: 1, time: 0 },
    ];
    const built = buildTrustGraph(records, {
      kindScale: { interaction: 0, vouch: 3 },
      keepSelfLoops: true,
      logSize: 99,
    });
    expect([...built.graph.weights]).toEqual([3, 3]);
    expect(built.graph.logSize).toBe(99);
  });

  it("refuses non-finite weights and times", () => {
    const b = createGraphBuilder();
    expect(() =>
      b.add({ kind: "rating", from: "a", to: "b", weight: Number.NaN, time: 0 }),
    ).toThrow(RangeError);
    expect(() => b.add({ kind: "rating", from: "a", to: "b", weight: 1, time: Infinity })).toThrow(
      RangeError,
    );
  });

  it("equals buildGraph on the same edges, past its growth steps", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(40),
            fc.nat(40),
            fc.integer({ min: -5, max: 5 }).filter((w) => w !== 0),
          ),
          { maxLength: 3000 },
        ),
        (triples) => {
          const ids = createIdTable(Array.from({ length: 41 }, (_, i) => `m${i}`));
          const builder = createGraphBuilder({ ids, keepSelfLoops: true });
          triples.forEach(([u, v, w], i) => {
            builder.add({ kind: "rating", from: `m${u}`, to: `m${v}`, weight: w, time: i });
          });
          const { graph } = builder.build();
          const expected = buildGraph(41, {
            count: triples.length,
            sources: Uint32Array.from(triples, (t) => t[0]),
            targets: Uint32Array.from(triples, (t) => t[1]),
            weights: Float32Array.from(triples, (t) => t[2]),
            times: Float64Array.from(triples, (_, i) => i),
          });
          expect(graph.offsets).toEqual(expected.offsets);
          expect(graph.targets).toEqual(expected.targets);
          expect(graph.weights).toEqual(expected.weights);
          expect(graph.times).toEqual(expected.times);
        },
      ),
      { numRuns: 30 },
    );
  });
});
