/**
 * Test helpers: a naive in-memory tree (a Map HashStore filled level by level), the RFC 9162 root
 * computed recursively straight from the definition, and an in-memory TileFetcher that records what it
 * serves. Independent of src/log/tiles except where a test says it writes tiles with it.
 */
import type { Digest } from "../../../src/log/crypto.js";
import { LogError } from "../../../src/log/errors.js";
import { leafHash, nodeHash } from "../../../src/log/merkle/hash.js";
import type { HashStore, NodeId } from "../../../src/log/merkle/hash-store.js";
import type { TileFetcher } from "../../../src/log/tiles/tile-fetcher.js";

/** A Map keyed by "level/index"; `get` throws LogError("missing") like a real store. */
export function mapHashStore(nodes = new Map<string, Digest>()): HashStore & {
  readonly nodes: Map<string, Digest>;
  readonly batches: NodeId[][];
} {
  const batches: NodeId[][] = [];
  return {
    nodes,
    batches,
    async get(ids) {
      batches.push([...ids]);
      return ids.map(({ level, index }) => {
        const hash = nodes.get(`${level}/${index}`);
        if (hash === undefined) throw new LogError("missing", `no node ${level}/${index}`);
        return hash;
      });
    },
    async put(stored) {
      for (const { id, hash } of stored) nodes.set(`${id.level}/${id.index}`, hash);
    },
  };
}

/** Every complete-subtree hash of the tree of `entries`, computed level by level by pairing. */
export function completeNodesOf(entries: readonly Uint8Array[]): Map<string, Digest> {
  const nodes = new Map<string, Digest>();
  let level = entries.map(leafHash);
  for (let height = 0; level.length > 0; height++) {
    for (const [index, hash] of level.entries()) nodes.set(`${height}/${index}`, hash);
    const next: Digest[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(nodeHash(level[i] as Digest, level[i + 1] as Digest));
    }
    level = next;
  }
  return nodes;
}

/** MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it, by recursion on the largest power of two < n. */
export function referenceRoot(leafHashes: readonly Digest[]): Digest {
  if (leafHashes.length === 0) throw new Error("use emptyRoot() for the empty tree");
  if (leafHashes.length === 1) return leafHashes[0] as Digest;
  let k = 1;
  while (k * 2 < leafHashes.length) k *= 2;
  return nodeHash(referenceRoot(leafHashes.slice(0, k)), referenceRoot(leafHashes.slice(k)));
}

/** Entries "entry <i>" of random-ish lengths (some empty), deterministic in i. */
export function sampleEntries(count: number): Uint8Array[] {
  const text = new TextEncoder();
  return Array.from({ length: count }, (_, i) => text.encode(`entry ${i}`.repeat(i % 7)));
}

/** A TileFetcher over a Map of path → bytes; `fetched` lists the paths asked, in order. */
export function mapFetcher(files: Map<string, Uint8Array>): TileFetcher & {
  readonly fetched: string[];
} {
  const fetched: string[] = [];
  return {
    fetched,
    async fetch(path) {
      fetched.push(path);
      const bytes = files.get(path);
      if (bytes === undefined) throw new Error(`404 ${path}`);
      return bytes.slice();
    },
  };
}
