/**
 * Provenance of every score src/trust computes. A score is only as trustworthy as the ability of someone
 * else to recompute it: the result names the algorithm, its version (bumped whenever the same inputs could
 * give a different output), every parameter including defaults, and the size of the log prefix the inputs
 * were read from. Given the same log prefix, anyone can rebuild the inputs and check the number.
 */

/** A parameter value as recorded in provenance: plain JSON scalars or lists of them. */
export type ParamValue = string | number | boolean | null | readonly (string | number)[];

/** How a score was computed: enough to recompute it from the same log prefix. */
export interface ScoreProvenance {
  /** A stable algorithm name, e.g. "pagerank", "eigentrust", "bayesian-reputation". */
  readonly algorithm: string;
  /** The implementation's version; a change of output for the same input bumps it. */
  readonly version: string;
  /** Every parameter the computation used, defaults included. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /**
   * The number of log entries the inputs were read from (the log's tree size at the time). When the caller
   * did not say, the number of input records (edges or reviews) the computation was given.
   */
  readonly logSize: number;
}

/** Any result that carries its provenance. */
export interface WithProvenance {
  readonly provenance: ScoreProvenance;
}

/**
 * Records how a score was computed. Parameters are copied and frozen so a later mutation of the
 * caller's options object cannot rewrite history.
 *
 * @example
 * const p = provenance("pagerank", "1.0.0", { damping: 0.85, tol: 1e-10 }, 841_372)
 * // p.params.damping === 0.85
 */
export function provenance(
  algorithm: string,
  version: string,
  params: Readonly<Record<string, ParamValue>>,
  logSize: number,
): ScoreProvenance {
  if (!Number.isSafeInteger(logSize) || logSize < 0) {
    throw new RangeError(`logSize must be a non-negative integer, got ${logSize}`);
  }
  const copied: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(params)) {
    copied[key] = Array.isArray(value) ? Object.freeze([...value]) : value;
  }
  return Object.freeze({ algorithm, version, params: Object.freeze(copied), logSize });
}
