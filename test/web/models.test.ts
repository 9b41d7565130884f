/**
 * The pure parts of the web UI: the router, the trend of ratings, the trust-path layout, the risk order of
 * the moderation queue, chart scales, and the inclusion proof worked step by step (against src/log's own
 * proofs on trees of every size up to 40, and refusing a tampered proof).
 */
import { describe, expect, it } from "vitest";
import {
  createAppender,
  createMemoryHashStore,
  inclusionProof,
  leafHash,
  rootAt,
} from "../../src/log/merkle/index.js";
import { linear, ticks } from "../../web/src/charts/scale.js";
import { workInclusion } from "../../web/src/log/inclusion-steps.js";
import { joinQueue } from "../../web/src/model/risk-queue.js";
import { ratingTrend } from "../../web/src/model/trend.js";
import { trustLayout } from "../../web/src/model/trust-layout.js";
import { hrefOf, parseRoute, type Route } from "../../web/src/router.js";

describe("router", () => {
  it("reads every page's address and writes it back", () => {
    const routes: Route[] = [
      { page: "home" },
      { page: "space", space: "stays" },
      { page: "subject", space: "stays", subject: "flat-7" },
      { page: "reviewing", space: "stays" },
      { page: "vouching", space: "stays" },
      { page: "my-data", space: "stays" },
      { page: "moderation", space: "stays" },
      { page: "transparency", space: "stays" },
      { page: "log", space: "stays", review: null },
      { page: "log", space: "stays", review: "01ABC" },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
  });

  it("keeps a sign-in link's credential out of what it writes back", () => {
    const route = parseRoute("#/s/stays/sign-in?token=eyJ.a.b&key=fbk_x");
    expect(route).toEqual({ page: "sign-in", space: "stays", token: "eyJ.a.b", key: "fbk_x" });
    expect(hrefOf(route)).toBe("#/s/stays/sign-in");
  });

  it("sends anything else to not-found", () => {
    for (const hash of [
      "#/x",
      "#/s/",
      "#/s/bad space",
      "#/s/stays/unknown",
      "#/s/stays/subjects",
      "#/s/stays/subjects/a/b",
      "#/s/stays/me/extra",
      `#/s/${"a".repeat(65)}`,
      `#/${"s/".repeat(5000)}`,
    ]) {
      expect(parseRoute(hash), hash).toEqual({ page: "not-found" });
    }
    expect(parseRoute("#/s/stays/log?review=bad id")).toEqual({
      page: "log",
      space: "stays",
      review: null,
    });
  });
});

describe("rating trend", () => {
  it("orders by publication and keeps the running mean", () => {
    const points = ratingTrend([
      { id: "b", at: 20, rating: 2 },
      { id: "a", at: 10, rating: 5 },
      { id: "c", at: 20, rating: 5 },
    ]);
    expect(points.map((p) => [p.n, p.rating, p.mean])).toEqual([
      [1, 5, 5],
      [2, 2, 3.5],
      [3, 5, 4],
    ]);
    expect(ratingTrend([])).toEqual([]);
  });
});

describe("trust layout", () => {
  it("puts the viewer left, the member right, and those between by their distance", () => {
    const step = (from: string, to: string, share: number) => ({ from, to, kind: "vouch", share });
    const layout = trustLayout("me", "them", [
      {
        members: ["me", "a", "them"],
        steps: [step("me", "a", 0.5), step("a", "them", 0.4)],
        strength: 0.2,
      },
      {
        members: ["me", "b", "a", "them"],
        steps: [step("me", "b", 0.3), step("b", "a", 0.2), step("a", "them", 0.6)],
        strength: 0.04,
      },
    ]);
    const column = Object.fromEntries(layout.nodes.map((n) => [n.id, n.column]));
    expect(column).toEqual({ me: 0, a: 1, b: 1, them: 2 });
    expect(layout.columns).toBe(3);
    expect(layout.rows).toBe(2);
    // A step on two paths is drawn once, with its larger share.
    expect(layout.edges.filter((e) => e.from === "a" && e.to === "them")).toEqual([
      { from: "a", to: "them", kind: "vouch", share: 0.6 },
    ]);
    expect(layout.nodes.find((n) => n.id === "them")?.role).toBe("target");
  });

  it("draws just the two members when no path links them", () => {
    const layout = trustLayout("me", "them", []);
    expect(layout.nodes.map((n) => [n.id, n.column])).toEqual([
      ["me", 0],
      ["them", 1],
    ]);
    expect(layout.edges).toEqual([]);
  });
});

describe("risk-ordered queue", () => {
  it("keeps the server's order, appends alerts it did not carry oldest first, drops resolved ones", () => {
    const item = (alert: string, sybil: number | null) => ({
      alert,
      target: { kind: "member" as const, id: "m" },
      affected: "m",
      automated: false,
      category: "c",
      sourceType: "s",
      raisedAt: 0,
      risk: null,
      sybil:
        sybil === null
          ? null
          : {
              score: sybil,
              reasons: [{ code: "seeds.unreached", text: "t" }],
              provenance: { algorithm: "sybilscar", version: "1", params: {}, logSize: 3 },
            },
    });
    const queue = joinQueue(
      [item("a3", 0.5), item("gone", 0.4), item("a1", 0.1)],
      [
        { alert: "a1", raisedAt: 1 },
        { alert: "a2", raisedAt: 5 },
        { alert: "a3", raisedAt: 3 },
        { alert: "a4", raisedAt: 2 },
      ],
    );
    expect(queue.map((q) => q.alert.alert)).toEqual(["a3", "a1", "a4", "a2"]);
    expect(queue[0]?.item?.sybil?.score).toBe(0.5);
    expect(queue[2]?.item).toBeNull();
  });
});

describe("chart scales", () => {
  it("maps domains to ranges and picks round ticks", () => {
    expect(linear([1, 5], [0, 200])(3)).toBe(100);
    expect(linear([2, 2], [0, 100])(2)).toBe(50);
    expect(ticks(0, 97, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(0, 1, 4)).toEqual([0, 0.5, 1]);
  });
});

describe("inclusion proofs worked step by step", () => {
  it("end on src/log's root for every leaf of trees of 1 to 40 leaves", async () => {
    const store = createMemoryHashStore();
    const log = createAppender();
    const entries: Uint8Array[] = [];
    for (let size = 1; size <= 40; size++) {
      const entry = new TextEncoder().encode(`entry ${size - 1}`);
      entries.push(entry);
      await store.put(log.append(leafHash(entry)));
      const root = await rootAt(store, size);
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(store, index, size);
        const working = workInclusion({
          index,
          treeSize: size,
          leafHash: leafHash(entries[index] as Uint8Array),
          proof,
          root,
        });
        expect(working.matches, `${index} of ${size}`).toBe(true);
        expect(working.steps).toHaveLength(proof.length);
        expect(working.steps.at(-1)?.result ?? leafHash(entries[index] as Uint8Array)).toEqual(
          root,
        );
      }
    }
  });

  it("does not match when a proof hash or the entry was changed", async () => {
    const store = createMemoryHashStore();
    const log = createAppender();
    const entries = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(`e${i}`));
    for (const e of entries) await store.put(log.append(leafHash(e)));
    const root = await rootAt(store, 13);
    const proof = await inclusionProof(store, 6, 13);
    const bent = proof.map((p, i) => (i === 1 ? p.map((b, j) => (j === 0 ? b ^ 1 : b)) : p));
    expect(
      workInclusion({
        index: 6,
        treeSize: 13,
        leafHash: leafHash(entries[6] as Uint8Array),
        proof: bent,
        root,
      }).matches,
    ).toBe(false);
    expect(
      workInclusion({
        index: 6,
        treeSize: 13,
        leafHash: leafHash(entries[5] as Uint8Array),
        proof,
        root,
      }).matches,
    ).toBe(false);
    expect(() =>
      workInclusion({
        index: 6,
        treeSize: 13,
        leafHash: leafHash(entries[6] as Uint8Array),
        proof: proof.slice(1),
        root,
      }),
    ).toThrow(/too short/);
  });
});
