/**
 * Reads and writes trust_scores for a recompute: what is stored (the digests an incremental recompute
 * compares against) and the computed updates, in one transaction per space.
 *
 * Writes to one space's scores are serialized by a lock of their own (spaceTransaction on
 * "<space>/trust-scores": a name no space can have, so score writes never wait for, nor hold up, the
 * space's event writers), and each write checks the stored scores are still those its computation
 * started from: a concurrent recompute that wrote meanwhile makes this one start over or, when it
 * wrote a newer log size, stand down.
 */
import type { Database } from "../../database.js";
import type { Executor } from "../../schema.js";
import type { ComputedScores, PreviousScores } from "./compute.js";
import { SEEDED_ALGORITHMS } from "./seeded-update.js";

/** What is stored, and the log size it was computed at (null: nothing stored). */
export interface StoredScores extends PreviousScores {
  readonly logSize: number | null;
}

/** How a write ended. */
export type WriteOutcome =
  | { readonly kind: "written"; readonly rows: number }
  /** Another recompute stored a newer log size: nothing written. */
  | { readonly kind: "superseded"; readonly storedLogSize: number }
  /** Another recompute wrote since this one read the digests: compute again. */
  | { readonly kind: "moved"; readonly storedLogSize: number | null };

/** Rows per insert statement (11 columns each, far below SQLite's bound-parameter limit). */
const INSERT_CHUNK = 200;
/** Entities per delete statement. */
const DELETE_CHUNK = 500;

/**
 * The digests and provenance stored for `space`.
 *
 * @example const stored = await readStoredScores(db.kysely, "stays")
 */
export async function readStoredScores(db: Executor, space: string): Promise<StoredScores> {
  const rows = await db
    .selectFrom("trust_scores")
    .select(["algorithm", "entity", "inputs", "log_size"])
    .where("space", "=", space)
    .execute();
  const subjects = new Map<string, string>();
  const members = new Set<string>();
  const seeded = new Map<string, Set<string>>(SEEDED_ALGORITHMS.map((a) => [a, new Set()]));
  let ratings: string | null = null;
  let logSize: number | null = null;
  for (const r of rows) {
    logSize = Math.max(logSize ?? 0, Number(r.log_size));
    if (r.algorithm === "bayesian-reputation") subjects.set(r.entity, r.inputs);
    seeded.get(r.algorithm)?.add(r.entity);
    if (r.algorithm === "fraud-suspicion") {
      members.add(r.entity);
      ratings = r.inputs;
    }
  }
  const algorithms = new Map<string, { version: string; params: string }>();
  for (const algorithm of new Set(rows.map((r) => r.algorithm))) {
    const one = await db
      .selectFrom("trust_scores")
      .select(["version", "params"])
      .where("space", "=", space)
      .where("algorithm", "=", algorithm)
      .limit(1)
      .executeTakeFirstOrThrow();
    algorithms.set(algorithm, one);
  }
  return { ratings, algorithms, subjects, members, seeded, logSize };
}

/**
 * Writes `computed` over what is stored: everything replaced when `replaceAll` (a full recompute),
 * otherwise only the changed rows, the others confirmed at the new log size. `basedOn` is the stored
 * log size the computation started from (ignored with replaceAll).
 *
 * @example await writeScores(db, "stays", computed, { replaceAll: true, basedOn: null, at })
 */
export async function writeScores(
  db: Database,
  space: string,
  computed: ComputedScores,
  options: {
    readonly replaceAll: boolean;
    readonly basedOn: number | null;
    readonly at: string;
    readonly onProgress?: (done: number, total: number) => void;
  },
): Promise<WriteOutcome> {
  return db.spaceTransaction(`${space}/trust-scores`, async ({ tx }) => {
    const stored = await storedLogSize(tx, space);
    if (stored !== null && stored > computed.logSize) {
      return { kind: "superseded", storedLogSize: stored };
    }
    if (!options.replaceAll && stored !== options.basedOn) {
      return { kind: "moved", storedLogSize: stored };
    }
    if (options.replaceAll)
      await tx.deleteFrom("trust_scores").where("space", "=", space).execute();
    const total = computed.updates.reduce((n, u) => n + u.rows.length, 0);
    let done = 0;
    for (const u of computed.updates) {
      for (let i = 0; i < u.removed.length; i += DELETE_CHUNK) {
        await tx
          .deleteFrom("trust_scores")
          .where("space", "=", space)
          .where("algorithm", "=", u.algorithm)
          .where("entity", "in", u.removed.slice(i, i + DELETE_CHUNK))
          .execute();
      }
      const common = {
        space,
        algorithm: u.algorithm,
        entity_kind: u.entityKind,
        version: u.version,
        params: u.params,
        log_size: computed.logSize,
        computed_at: options.at,
      };
      for (let i = 0; i < u.rows.length; i += INSERT_CHUNK) {
        const chunk = u.rows.slice(i, i + INSERT_CHUNK);
        await tx
          .insertInto("trust_scores")
          .values(chunk.map((r) => ({ ...common, ...r })))
          .onConflict((oc) =>
            oc.columns(["space", "algorithm", "entity"]).doUpdateSet((eb) => ({
              score: eb.ref("excluded.score"),
              details: eb.ref("excluded.details"),
              inputs: eb.ref("excluded.inputs"),
              entity_kind: eb.ref("excluded.entity_kind"),
              version: eb.ref("excluded.version"),
              params: eb.ref("excluded.params"),
              log_size: eb.ref("excluded.log_size"),
              computed_at: eb.ref("excluded.computed_at"),
            })),
          )
          .execute();
        done += chunk.length;
        options.onProgress?.(done, total);
      }
      // The rows left as they were: confirmed at this log size with this computation's provenance.
      await tx
        .updateTable("trust_scores")
        .set({
          version: u.version,
          params: u.params,
          log_size: computed.logSize,
          computed_at: options.at,
        })
        .where("space", "=", space)
        .where("algorithm", "=", u.algorithm)
        .where((eb) =>
          eb.or([
            eb("log_size", "<>", computed.logSize),
            eb("params", "<>", u.params),
            eb("version", "<>", u.version),
          ]),
        )
        .execute();
    }
    return { kind: "written", rows: total };
  });
}

async function storedLogSize(db: Executor, space: string): Promise<number | null> {
  const row = await db
    .selectFrom("trust_scores")
    .select((eb) => eb.fn.max("log_size").as("size"))
    .where("space", "=", space)
    .executeTakeFirst();
  return row?.size === null || row?.size === undefined ? null : Number(row.size);
}
