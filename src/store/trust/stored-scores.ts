/**
 * Reading stored trust scores (trust_scores, written by recompute/) for the routes that serve them:
 * one entity's score, the highest scores of an algorithm, and the scores of some entities. Each comes
 * with the provenance its row names, so what is served says how to recompute it.
 */
import type { ParamValue, ScoreProvenance } from "../../trust/result.js";
import type { Executor } from "../schema.js";

/** A stored score, its explanation and its provenance. */
export interface StoredScore {
  readonly entity: string;
  readonly score: number;
  /** The explanation (algorithm-specific JSON, see recompute/compute.ts). */
  readonly details: Readonly<Record<string, unknown>>;
  readonly provenance: ScoreProvenance;
  /** When the row was written or last confirmed (ISO 8601). */
  readonly computedAt: string;
}

type Row = {
  entity: string;
  score: number;
  details: string;
  algorithm: string;
  version: string;
  params: string;
  log_size: number;
  computed_at: string;
};

const COLUMNS = [
  "entity",
  "score",
  "details",
  "algorithm",
  "version",
  "params",
  "log_size",
  "computed_at",
] as const;

/**
 * The stored score of `entity` under `algorithm`, or null.
 *
 * @example const r = await storedScore(db.kysely, "stays", "bayesian-reputation", "flat-7")
 */
export async function storedScore(
  db: Executor,
  space: string,
  algorithm: string,
  entity: string,
): Promise<StoredScore | null> {
  const row = await db
    .selectFrom("trust_scores")
    .select(COLUMNS)
    .where("space", "=", space)
    .where("algorithm", "=", algorithm)
    .where("entity", "=", entity)
    .executeTakeFirst();
  return row === undefined ? null : storedOf(row);
}

/**
 * The `limit` highest scores of `algorithm`, highest first (ties by entity).
 *
 * @example const top = await highestScores(db.kysely, "stays", "fraud-suspicion", 100)
 */
export async function highestScores(
  db: Executor,
  space: string,
  algorithm: string,
  limit: number,
): Promise<StoredScore[]> {
  const rows = await db
    .selectFrom("trust_scores")
    .select(COLUMNS)
    .where("space", "=", space)
    .where("algorithm", "=", algorithm)
    .orderBy("score", "desc")
    .orderBy("entity")
    .limit(limit)
    .execute();
  return rows.map(storedOf);
}

/**
 * The stored scores of `entities` under `algorithm`, by entity (absent: none stored).
 *
 * @example const risk = await scoresOf(db.kysely, "stays", "fraud-suspicion", members)
 */
export async function scoresOf(
  db: Executor,
  space: string,
  algorithm: string,
  entities: readonly string[],
): Promise<Map<string, StoredScore>> {
  const out = new Map<string, StoredScore>();
  const distinct = [...new Set(entities)];
  for (let i = 0; i < distinct.length; i += 500) {
    const rows = await db
      .selectFrom("trust_scores")
      .select(COLUMNS)
      .where("space", "=", space)
      .where("algorithm", "=", algorithm)
      .where("entity", "in", distinct.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(row.entity, storedOf(row));
  }
  return out;
}

function storedOf(row: Row): StoredScore {
  return {
    entity: row.entity,
    score: row.score,
    details: JSON.parse(row.details) as Record<string, unknown>,
    provenance: {
      algorithm: row.algorithm,
      version: row.version,
      params: JSON.parse(row.params) as Record<string, ParamValue>,
      logSize: Number(row.log_size),
    },
    computedAt: row.computed_at,
  };
}
