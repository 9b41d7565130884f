/**
 * The SybilSCAR test data (Wang et al., INFOCOM 2017): an undirected graph, `u v` per line (CRLF), each
 * edge listed in both directions; nodes 0..4038 benign (a Facebook graph), 4039..8077 Sybil (a copy),
 * joined by 100 attack edges. train.txt / test.txt: line 1 benign nodes, line 2 Sybil nodes.
 */
import { readFileSync } from "node:fs";
import { forEachRecord, natural } from "./lines.js";
import { dataFile } from "./paths.js";

export const FACEBOOK_BENIGN_COUNT = 4039;

export interface SybilFacebook {
  readonly nodeCount: number;
  /** Each undirected edge once, as (a, b) with a < b. */
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly train: LabelledNodes;
  readonly test: LabelledNodes;
}

export interface LabelledNodes {
  readonly benign: Uint32Array;
  readonly sybil: Uint32Array;
}

/** Whether node `v` is in the Sybil region (the data set's ground truth). */
export function isSybil(v: number): boolean {
  return v >= FACEBOOK_BENIGN_COUNT;
}

/** @example const fb = loadSybilFacebook(); fb.a.length // 176568 */
export function loadSybilFacebook(): SybilFacebook {
  const file = dataFile("sybil-facebook/graph.txt");
  const a: number[] = [];
  const b: number[] = [];
  let nodeCount = 0;
  forEachRecord(readFileSync(file, "utf8"), /\s+/, (f, line) => {
    if (f.length !== 2) throw new Error(`${file}:${line}: expected "u v"`);
    const u = natural(f[0], file, line);
    const v = natural(f[1], file, line);
    nodeCount = Math.max(nodeCount, u + 1, v + 1);
    if (u < v) {
      a.push(u);
      b.push(v);
    }
  });
  return {
    nodeCount,
    a: Uint32Array.from(a),
    b: Uint32Array.from(b),
    train: loadSplit(dataFile("sybil-facebook/train.txt")),
    test: loadSplit(dataFile("sybil-facebook/test.txt")),
  };
}

function loadSplit(file: string): LabelledNodes {
  const rows: number[][] = [];
  forEachRecord(readFileSync(file, "utf8"), /\s+/, (f, line) => {
    rows.push(f.map((x) => natural(x, file, line)));
  });
  if (rows.length !== 2) throw new Error(`${file}: expected 2 lines (benign, Sybil)`);
  return { benign: Uint32Array.from(rows[0] ?? []), sybil: Uint32Array.from(rows[1] ?? []) };
}
