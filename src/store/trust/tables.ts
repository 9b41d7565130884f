/**
 * Row types of the stored trust scores (issue 5): one row per space, algorithm and scored entity,
 * written by `fabrique recompute` (recompute/recompute.ts). Every row carries the provenance of its
 * score, so a row read alone says how to recompute it: the algorithm, its version, every parameter
 * (JSON) and the size of the space's log prefix the evidence was read from. Part of StoreSchema
 * (src/store/schema.ts).
 */

/** One stored score. */
export interface TrustScoresTable {
  space: string;
  /** src/trust's provenance.algorithm, e.g. "fraud-suspicion", "bayesian-reputation". */
  algorithm: string;
  /** A member id (fraud suspicion) or a subject id (reputation). */
  entity: string;
  /** "member" or "subject". */
  entity_kind: string;
  /** The score itself: suspicion in [0, 1], reputation on the space's rating scale. */
  score: number;
  /** The explanation as JSON: reasons (suspicion), interval, contributions, discounts… (reputation). */
  details: string;
  /** src/trust's provenance.version. */
  version: string;
  /** src/trust's provenance.params as JSON (every parameter, defaults included). */
  params: string;
  /** The space's log size the evidence was read at. */
  log_size: number;
  /**
   * SHA-256 (hex) of everything the score was computed from: an incremental recompute skips a score
   * whose inputs did not change (recompute/digest.ts).
   */
  inputs: string;
  /** When this row was last written or confirmed (ISO 8601). */
  computed_at: string;
}

/** The trust score tables, part of StoreSchema. */
export interface TrustScoreTables {
  trust_scores: TrustScoresTable;
}
