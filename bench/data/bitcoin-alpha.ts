/**
 * Bitcoin Alpha (SNAP; Kumar et al. ICDM 2016, WSDM 2018): `rater,ratee,rating,unix_time` with ratings in
 * -10..10, and ground truth `user,label` (1 benign, -1 fraudulent; CRLF, no final newline).
 */
import { readFileSync } from "node:fs";
import type { EdgeList } from "../../src/trust/graph/csr.js";
import { decimal, forEachRecord, interner, natural } from "./lines.js";
import { dataFile } from "./paths.js";

export interface BitcoinAlpha {
  readonly nodeCount: number;
  /** Ratings in file order; weights are the raw ratings (-10..10), times in unix seconds. */
  readonly ratings: EdgeList & { readonly times: Float64Array };
  /** External user id of each dense index. */
  readonly externals: readonly number[];
  /** Dense index → label: true when fraudulent, false when benign. */
  readonly fraudulent: ReadonlyMap<number, boolean>;
  /** External ids of labelled users that never appear in the network (they cannot be scored). */
  readonly labelledButAbsent: readonly number[];
}

/** @example const alpha = loadBitcoinAlpha(); alpha.ratings.count // 24186 */
export function loadBitcoinAlpha(): BitcoinAlpha {
  const networkFile = dataFile("bitcoin-alpha/network.csv");
  const text = readFileSync(networkFile, "utf8");
  const ids = interner();
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  const times: number[] = [];
  forEachRecord(text, /,/, (f, line) => {
    if (f.length !== 4) throw new Error(`${networkFile}:${line}: expected 4 fields`);
    const rating = decimal(f[2], networkFile, line);
    if (rating < -10 || rating > 10) throw new Error(`${networkFile}:${line}: rating out of range`);
    sources.push(ids.index(natural(f[0], networkFile, line)));
    targets.push(ids.index(natural(f[1], networkFile, line)));
    weights.push(rating);
    times.push(decimal(f[3], networkFile, line));
  });
  const truthFile = dataFile("bitcoin-alpha/ground-truth.csv");
  const fraudulent = new Map<number, boolean>();
  const labelledButAbsent: number[] = [];
  forEachRecord(readFileSync(truthFile, "utf8"), /,/, (f, line) => {
    if (f.length !== 2 || (f[1] !== "1" && f[1] !== "-1")) {
      throw new Error(`${truthFile}:${line}: expected user,label with label 1 or -1`);
    }
    const external = natural(f[0], truthFile, line);
    const at = ids.lookup(external);
    if (at === undefined) labelledButAbsent.push(external);
    else fraudulent.set(at, f[1] === "-1");
  });
  return {
    nodeCount: ids.externals.length,
    ratings: {
      count: sources.length,
      sources: Uint32Array.from(sources),
      targets: Uint32Array.from(targets),
      weights: Float32Array.from(weights),
      times: Float64Array.from(times),
    },
    externals: ids.externals,
    fraudulent,
    labelledButAbsent,
  };
}
