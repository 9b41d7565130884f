/**
 * Advogato certifications (KONECT; Massa et al. 2009): `source target level` per line after a header
 * line, level 0.6 apprentice, 0.8 journeyer, 1.0 master; self-loops exist and are kept here (callers
 * decide).
 */
import { readFileSync } from "node:fs";
import type { EdgeList } from "../../src/trust/graph/csr.js";
import { decimal, forEachRecord, interner, natural } from "./lines.js";
import { dataFile } from "./paths.js";

export interface Advogato {
  readonly nodeCount: number;
  /** Certifications; weights are the levels 0.6, 0.8 or 1.0. */
  readonly edges: EdgeList;
  readonly externals: readonly number[];
}

const LEVELS = new Set([0.6, 0.8, 1]);

/** @example const advogato = loadAdvogato(); advogato.edges.count // 51127 */
export function loadAdvogato(): Advogato {
  const file = dataFile("advogato/out.advogato");
  const ids = interner();
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  forEachRecord(readFileSync(file, "utf8"), /\s+/, (f, line) => {
    if (line === 1 && f[0] === "source_id") return;
    if (f.length !== 3) throw new Error(`${file}:${line}: expected "source target level"`);
    const level = decimal(f[2], file, line);
    if (!LEVELS.has(level)) throw new Error(`${file}:${line}: unknown level ${f[2]}`);
    sources.push(ids.index(natural(f[0], file, line)));
    targets.push(ids.index(natural(f[1], file, line)));
    weights.push(level);
  });
  return {
    nodeCount: ids.externals.length,
    edges: {
      count: sources.length,
      sources: Uint32Array.from(sources),
      targets: Uint32Array.from(targets),
      weights: Float32Array.from(weights),
    },
    externals: ids.externals,
  };
}
