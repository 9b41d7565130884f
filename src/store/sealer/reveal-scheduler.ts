/**
 * The reveal scheduler: ends double-blind windows in the log. A sealed review becomes visible by rule
 * once its window ends (projections' visible_from), but the log only says so when a review.revealed
 * event (reason "window-ended") is appended; this loop appends them. Each pass asks the store which
 * spaces hold reviews whose window has ended, then calls the space service's revealDue per space,
 * again while a batch came back full (more may be due). One space failing is logged and the others
 * continue. Passes never overlap: the next is scheduled when one ends (the loop is
 * scheduling/space-passes.ts, shared with the retention scheduler).
 *
 * Several processes may run it on one database: revealDue runs under the space's writer lock and reveals
 * only reviews not yet revealed, so a second scheduler finds nothing to do.
 */
import type { Database } from "../database.js";
import { consoleJobLogger, requireInterval, startSpacePasses } from "../scheduling/space-passes.js";
import type { Executor } from "../schema.js";
import { DEFAULT_REVEAL_LIMIT, type SpaceService } from "../space/service.js";
import type { SealerLogger } from "./sealer.js";

/** Time between passes when none is configured: a window ends at most about a minute late in the log. */
export const DEFAULT_REVEAL_INTERVAL_MS = 60_000;

/** The most batches one space gets in one pass, so one huge backlog cannot hold a pass forever. */
export const MAX_REVEAL_BATCHES_PER_PASS = 100;

/** Options of startRevealScheduler. */
export interface RevealSchedulerOptions {
  readonly db: Pick<Database, "kysely">;
  readonly service: Pick<SpaceService, "revealDue">;
  /** Time between the end of a pass and the start of the next, in ms (default 60 000); null: on demand. */
  readonly intervalMs?: number | null;
  /** Reveals per revealDue call (default DEFAULT_REVEAL_LIMIT). */
  readonly batchLimit?: number;
  /** Unix ms: which windows have ended (default Date.now). */
  readonly now?: () => number;
  /** Default: failures to console.error as one JSON line, nothing for reveals. */
  readonly logger?: SealerLogger;
}

/** What one pass did. */
export interface RevealPass {
  /** Reviews revealed, per space (only spaces that had some due). */
  readonly revealed: ReadonlyMap<string, number>;
  /** Spaces whose reveal failed (refused or thrown), with the message. */
  readonly failed: ReadonlyMap<string, string>;
}

/** A running scheduler. */
export interface RevealScheduler {
  /** Runs a pass now (after the one in flight, if any); resolves with what it did. */
  runNow(): Promise<RevealPass>;
  /** Stops scheduling, then waits for the pass in flight to end. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts revealing due reviews of every space (the first pass at once, unless intervalMs is null).
 *
 * @example
 * const reveals = startRevealScheduler({ db, service: createSpaceService({ db, vault, signers }) })
 * await reveals.runNow()
 * await reveals.stop()
 */
export function startRevealScheduler(options: RevealSchedulerOptions): RevealScheduler {
  const limit = requireLimit(options.batchLimit);
  const passes = startSpacePasses(
    {
      name: "reveals",
      listSpaces: (at) => spacesWithRevealsDue(options.db.kysely, at),
      async work(space, at, running) {
        let total = 0;
        for (let batch = 0; batch < MAX_REVEAL_BATCHES_PER_PASS && running(); batch += 1) {
          const result = await options.service.revealDue(space, { now: at, limit });
          if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
          total += result.events.length;
          if (result.events.length < limit) break; // the batch was not full: nothing more is due
        }
        return total;
      },
      done: { message: "reveals: double-blind windows ended", countKey: "revealed" },
      notDone: "not revealed",
    },
    {
      intervalMs: requireInterval(options.intervalMs, DEFAULT_REVEAL_INTERVAL_MS, "reveal"),
      now: options.now ?? Date.now,
      logger: options.logger ?? consoleJobLogger,
    },
  );
  return {
    runNow: async () => {
      const { counts, failed } = await passes.runNow();
      return { revealed: counts, failed };
    },
    stop: passes.stop,
  };
}

/**
 * The spaces holding a sealed review, neither revealed nor withdrawn, whose window ended by `at`: the
 * same conditions as the reader's listRevealDue, across spaces.
 */
async function spacesWithRevealsDue(db: Executor, at: number): Promise<string[]> {
  const rows = await db
    .selectFrom("reviews")
    .select("space")
    .distinct()
    .where("revealed_at", "is", null)
    .where("withdrawn_at", "is", null)
    .where("sealed_until", "is not", null)
    .where("sealed_until", "<=", at)
    .orderBy("space")
    .execute();
  return rows.map((r) => r.space);
}

function requireLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_REVEAL_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new RangeError(`reveal batch limit ${value} is not an integer in [1, 1000]`);
  }
  return value;
}
