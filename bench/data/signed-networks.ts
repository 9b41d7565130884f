/**
 * SNAP signed networks (Leskovec, Huttenlocher, Kleinberg, CHI 2010): gzip text, `from to sign` per line
 * (tabs), `#` comments. Self-loops are dropped (a user's opinion of themself is not an edge to predict)
 * and so are repeated (from, to) pairs after the first, so that each pair is one example.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { EdgeList } from "../../src/trust/graph/csr.js";
import { forEachRecord, interner, natural } from "./lines.js";
import { dataFile } from "./paths.js";

export type SignedNetworkName = "epinions" | "slashdot";

const FILES: Record<SignedNetworkName, string> = {
  epinions: "signed-networks/soc-sign-epinions.txt.gz",
  slashdot: "signed-networks/soc-sign-Slashdot090221.txt.gz",
};

export interface SignedNetwork {
  readonly name: SignedNetworkName;
  readonly nodeCount: number;
  /** Edges with weights +1 / -1. */
  readonly edges: EdgeList;
  readonly selfLoopsDropped: number;
  readonly duplicatesDropped: number;
}

/** @example const epinions = loadSignedNetwork("epinions") */
export function loadSignedNetwork(name: SignedNetworkName): SignedNetwork {
  const file = dataFile(FILES[name]);
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  const ids = interner();
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  const seen = new Set<number>();
  let selfLoopsDropped = 0;
  let duplicatesDropped = 0;
  forEachRecord(text, /\s+/, (f, line) => {
    if (f.length !== 3 || (f[2] !== "1" && f[2] !== "-1")) {
      throw new Error(`${file}:${line}: expected "from to sign" with sign 1 or -1`);
    }
    const from = natural(f[0], file, line);
    const to = natural(f[1], file, line);
    if (from === to) {
      selfLoopsDropped++;
      return;
    }
    const u = ids.index(from);
    const v = ids.index(to);
    const key = u * 2 ** 20 + v;
    if (seen.has(key)) {
      duplicatesDropped++;
      return;
    }
    seen.add(key);
    sources.push(u);
    targets.push(v);
    weights.push(f[2] === "1" ? 1 : -1);
  });
  return {
    name,
    nodeCount: ids.externals.length,
    edges: {
      count: sources.length,
      sources: Uint32Array.from(sources),
      targets: Uint32Array.from(targets),
      weights: Float32Array.from(weights),
    },
    selfLoopsDropped,
    duplicatesDropped,
  };
}
