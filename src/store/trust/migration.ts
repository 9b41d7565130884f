/**
 * Creates trust_scores (0103): the scores `fabrique recompute` stores, keyed by space first like every
 * table. The second index serves the lists ordered by score (signals and the moderation queue, most
 * suspicious first).
 */
import type { StoreMigration } from "../migration.js";

/** trust_scores. */
export const trustScoresMigration: StoreMigration = {
  name: "0103-trust-scores",
  async up(db) {
    await db.schema
      .createTable("trust_scores")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("algorithm", "text", (c) => c.notNull())
      .addColumn("entity", "text", (c) => c.notNull())
      .addColumn("entity_kind", "text", (c) => c.notNull())
      .addColumn("score", "double precision", (c) => c.notNull())
      .addColumn("details", "text", (c) => c.notNull())
      .addColumn("version", "text", (c) => c.notNull())
      .addColumn("params", "text", (c) => c.notNull())
      .addColumn("log_size", "integer", (c) => c.notNull())
      .addColumn("inputs", "text", (c) => c.notNull())
      .addColumn("computed_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("trust_scores_pk", ["space", "algorithm", "entity"])
      .execute();
    await db.schema
      .createIndex("trust_scores_by_score")
      .on("trust_scores")
      .columns(["space", "algorithm", "score"])
      .execute();
  },
};
