/**
 * Builds a CSR trust graph from a stream of typed evidence records (ratings, interactions, vouches,
 * alerts), in time linear in the number of records: ids are interned into an id table as they arrive,
 * edges accumulate in growable typed arrays (amortised O(1) per record), and `build` does one counting
 * sort (csr.ts). Parallel edges are kept: each record is one piece of evidence.
 */
import { buildGraph, type Graph } from "./csr.js";
import { EDGE_KINDS, type EdgeKind, edgeKindCode, signedWeight } from "./edge-kind.js";
import { createIdTable, type IdTable } from "./id-table.js";

/** One piece of trust evidence from the log. */
export interface EdgeRecord {
  readonly kind: EdgeKind;
  /** The external id of the member who gives the evidence. */
  readonly from: string;
  /** The external id of the member or subject it is about. */
  readonly to: string;
  /** A rating's signed value, or the strength of an interaction, vouch or alert (sign per kind). */
  readonly weight: number;
  /** When the evidence was logged (seconds or ms since the epoch: the caller's unit, kept as given). */
  readonly time: number;
}

/** Options of a graph builder. */
export interface GraphBuilderOptions {
  /** Multiplier applied to each kind's signed weight (default 1 for every kind); 0 drops the kind. */
  readonly kindScale?: Readonly<Partial<Record<EdgeKind, number>>>;
  /** Keep edges from a member to itself (default false: self-trust is not evidence). */
  readonly keepSelfLoops?: boolean;
  /** An id table to extend (default a new one), e.g. to number every member even without edges. */
  readonly ids?: IdTable;
}

/** The graph and the id table that names its nodes. */
export interface BuiltGraph {
  readonly graph: Graph;
  readonly ids: IdTable;
  /** Records accepted as edges. */
  readonly edges: number;
  /** Records seen but not turned into edges (self-loops, kinds scaled to 0). */
  readonly skipped: number;
}

/** Accumulates evidence records; `build` may be called any number of times. */
export interface GraphBuilder {
  add(record: EdgeRecord): void;
  /**
   * The CSR graph of every record added so far. `logSize` is recorded in score provenance; it defaults
   * to the number of records added.
   */
  build(options?: { readonly logSize?: number }): BuiltGraph;
}

/**
 * Creates an empty graph builder.
 *
 * @example
 * const builder = createGraphBuilder()
 * builder.add({ kind: "vouch", from: "alice", to: "bob", weight: 1, time: 1700000000 })
 * builder.add({ kind: "alert", from: "bob", to: "mallory", weight: 1, time: 1700000100 })
 * const { graph, ids } = builder.build() // graph.weights: [1, -1]; ids.indexOf("mallory") === 2
 */
export function createGraphBuilder(options: GraphBuilderOptions = {}): GraphBuilder {
  const ids = options.ids ?? createIdTable();
  const keepSelfLoops = options.keepSelfLoops ?? false;
  const scale = Float64Array.from(EDGE_KINDS, (kind) => options.kindScale?.[kind] ?? 1);
  let capacity = 1024;
  let count = 0;
  let seen = 0;
  let sources = new Uint32Array(capacity);
  let targets = new Uint32Array(capacity);
  let weights = new Float32Array(capacity);
  let times = new Float64Array(capacity);
  let kinds = new Uint8Array(capacity);

  // Doubling keeps appends amortised O(1): each element is copied at most once per doubling.
  const grow = (): void => {
    capacity *= 2;
    const s = new Uint32Array(capacity);
    s.set(sources);
    sources = s;
    const t = new Uint32Array(capacity);
    t.set(targets);
    targets = t;
    const w = new Float32Array(capacity);
    w.set(weights);
    weights = w;
    const ti = new Float64Array(capacity);
    ti.set(times);
    times = ti;
    const k = new Uint8Array(capacity);
    k.set(kinds);
    kinds = k;
  };

  return {
    add(record) {
      assertFiniteRecord(record);
      seen++;
      const code = edgeKindCode(record.kind);
      const weight = signedWeight(record.kind, record.weight) * (scale[code] as number);
      const from = ids.intern(record.from);
      const to = ids.intern(record.to);
      if (weight === 0 || (from === to && !keepSelfLoops)) return;
      if (count === capacity) grow();
      sources[count] = from;
      targets[count] = to;
      weights[count] = weight;
      times[count] = record.time;
      kinds[count] = code;
      count++;
    },
    build(buildOptions = {}) {
      const graph = buildGraph(ids.size, { count, sources, targets, weights, times, kinds });
      return {
        graph: { ...graph, logSize: buildOptions.logSize ?? seen },
        ids,
        edges: count,
        skipped: seen - count,
      };
    },
  };
}

/**
 * Builds a graph from records in one call.
 *
 * @example
 * const { graph, ids } = buildTrustGraph([{ kind: "rating", from: "a", to: "b", weight: -3, time: 0 }])
 */
export function buildTrustGraph(
  records: Iterable<EdgeRecord>,
  options: GraphBuilderOptions & { readonly logSize?: number } = {},
): BuiltGraph {
  const builder = createGraphBuilder(options);
  for (const record of records) builder.add(record);
  return builder.build(options.logSize === undefined ? {} : { logSize: options.logSize });
}

/** A NaN or infinite weight would poison every rank it reaches; refuse it at the door. */
function assertFiniteRecord(record: EdgeRecord): void {
  if (!Number.isFinite(record.weight)) {
    throw new RangeError(`${record.kind} ${record.from} → ${record.to}: weight ${record.weight}`);
  }
  if (!Number.isFinite(record.time)) {
    throw new RangeError(`${record.kind} ${record.from} → ${record.to}: time ${record.time}`);
  }
}
