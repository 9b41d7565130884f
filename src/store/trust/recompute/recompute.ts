/**
 * Recomputing a space's stored trust scores (issue 5; `fabrique recompute`):
 * 1. read the rows of the space's evidence and its log size in one snapshot (evidence.ts);
 * 2. read what is stored (nothing, for a full recompute);
 * 3. assemble the evidence and compute in a worker thread (in-worker.ts), so the caller's event loop
 *    stays free;
 * 4. write the changed rows, confirm the others at the new log size (score-table.ts);
 * 5. when another recompute wrote meanwhile, start over from 1 (it wrote a newer log size: stand down).
 * Full and incremental recomputes compute every score the same way (compute.ts), so they store the
 * same rows; test/store/trust/recompute.test.ts checks it.
 */
import type { Database } from "../../database.js";
import { assembleEvidence, readEvidenceRows } from "../evidence.js";
import type { AlgorithmUpdate, ComputedScores, ComputeProgress } from "./compute.js";
import { computeScores, NOTHING_STORED } from "./compute.js";
import { computeInWorker } from "./in-worker.js";
import { readStoredScores, writeScores } from "./score-table.js";

/** How much to recompute. */
export type RecomputeMode = "full" | "incremental";

/** Options of recomputeSpace. */
export interface RecomputeOptions {
  /** "incremental" (the default) recomputes only what changed since the stored computation. */
  readonly mode?: RecomputeMode;
  /** The time the evidence is judged at (visibility, vouch expiry). Default Date.now(). */
  readonly now?: number;
  /** Compute in a worker thread (default true); false computes on the caller's thread. */
  readonly worker?: boolean;
  /** Progress by stage: "evidence", "analysis", "suspicion", "reputation", "write". */
  readonly onProgress?: ComputeProgress;
}

/** What one algorithm's scores went through. */
export interface AlgorithmReport {
  readonly algorithm: string;
  readonly version: string;
  readonly written: number;
  readonly removed: number;
  readonly unchanged: number;
}

/** What a recompute did. */
export interface RecomputeReport {
  readonly space: string;
  readonly mode: RecomputeMode;
  /** The log size the stored scores now name. */
  readonly logSize: number;
  /** "written", or "superseded" when another recompute had stored a newer log size. */
  readonly outcome: "written" | "superseded";
  /** False when the whole-graph analysis was still valid and was skipped. */
  readonly analysed: boolean;
  readonly algorithms: readonly AlgorithmReport[];
}

/** Attempts before giving up on a space whose scores keep being rewritten by others. */
const MAX_ATTEMPTS = 3;

/**
 * Recomputes the stored scores of `space`; null when there is no such space.
 *
 * @example const report = await recomputeSpace(db, "stays", { mode: "full", onProgress })
 */
export async function recomputeSpace(
  db: Database,
  space: string,
  options: RecomputeOptions = {},
): Promise<RecomputeReport | null> {
  const mode = options.mode ?? "incremental";
  const progress = options.onProgress ?? (() => {});
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    progress("evidence", 0, 1);
    const rows = await readEvidenceRows(db, space, options.now ?? Date.now());
    if (rows === null) return null;
    progress("evidence", 1, 1);
    const stored = mode === "full" ? null : await readStoredScores(db.kysely, space);
    const previous = stored ?? NOTHING_STORED;
    const computed =
      options.worker === false
        ? computeScores(assembleEvidence(rows), previous, progress)
        : await computeInWorker(rows, previous, progress);
    const outcome = await writeScores(db, space, computed, {
      replaceAll: mode === "full",
      basedOn: stored?.logSize ?? null,
      at: new Date().toISOString(),
      onProgress: (done, total) => progress("write", done, total),
    });
    switch (outcome.kind) {
      case "written":
        return report(space, mode, computed, "written");
      case "superseded":
        return { ...report(space, mode, computed, "superseded"), logSize: outcome.storedLogSize };
      case "moved":
        continue;
    }
  }
  throw new Error(
    `the trust scores of ${space} were rewritten by other recomputes ${MAX_ATTEMPTS} times in a row`,
  );
}

function report(
  space: string,
  mode: RecomputeMode,
  computed: ComputedScores,
  outcome: RecomputeReport["outcome"],
): RecomputeReport {
  return {
    space,
    mode,
    logSize: computed.logSize,
    outcome,
    analysed: computed.analysed,
    algorithms: computed.updates.map(algorithmReport),
  };
}

function algorithmReport(u: AlgorithmUpdate): AlgorithmReport {
  return {
    algorithm: u.algorithm,
    version: u.version,
    written: u.rows.length,
    removed: u.removed.length,
    unchanged: u.unchanged,
  };
}
