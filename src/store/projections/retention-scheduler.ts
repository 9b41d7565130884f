/**
 * The retention scheduler (issue 6, "information frugality"): enforces every space's retention policy
 * by running the retention sweep (retention-sweep.ts: private parts past their retention are shredded as
 * an erasure shreds them, the projections follow, the log's entries stay) on a timer. Each pass lists the
 * spaces and sweeps each one, again while a sweep stopped at its limit (MAX_SWEEPS_PER_PASS at most, so
 * one huge backlog cannot hold a pass forever). One space failing is logged and the others continue;
 * passes never overlap (the loop is scheduling/space-passes.ts, shared with the reveal scheduler). Several processes may run it on one database: a sweep runs in the space's
 * writer transaction and finds nothing left that another already shredded.
 */
import type { Database } from "../database.js";
import { consoleJobLogger, requireInterval, startSpacePasses } from "../scheduling/space-passes.js";
import type { SealerLogger } from "../sealer/sealer.js";
import { DEFAULT_SWEEP_LIMIT, sweepRetention } from "./retention-sweep.js";

/** Time between passes when none is configured: private data outlives its retention by an hour at most. */
export const DEFAULT_RETENTION_INTERVAL_MS = 3_600_000;

/** The most sweeps one space gets in one pass. */
export const MAX_SWEEPS_PER_PASS = 100;

/** Options of startRetentionScheduler. */
export interface RetentionSchedulerOptions {
  readonly db: Database;
  /** Time between the end of a pass and the start of the next, in ms (default an hour); null: on demand. */
  readonly intervalMs?: number | null;
  /** Unix ms: which retentions have run out (default Date.now). */
  readonly now?: () => number;
  /** Default: failures to console.error as one JSON line, nothing for sweeps. */
  readonly logger?: SealerLogger;
}

/** What one pass did. */
export interface RetentionPass {
  /** Private parts shredded, per space (only spaces where some were). */
  readonly shredded: ReadonlyMap<string, number>;
  /** Spaces whose sweep failed, with the message. */
  readonly failed: ReadonlyMap<string, string>;
}

/** A running scheduler. */
export interface RetentionScheduler {
  /** Runs a pass now (after the one in flight, if any). */
  runNow(): Promise<RetentionPass>;
  /** Stops scheduling, then waits for the pass in flight. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts sweeping every space (the first pass at once, unless intervalMs is null).
 *
 * @example const retention = startRetentionScheduler({ db }); await retention.stop()
 */
export function startRetentionScheduler(options: RetentionSchedulerOptions): RetentionScheduler {
  const passes = startSpacePasses(
    {
      name: "retention",
      async listSpaces() {
        const rows = await options.db.kysely
          .selectFrom("spaces")
          .select("space")
          .orderBy("space")
          .execute();
        return rows.map((r) => r.space);
      },
      async work(space, at, running) {
        let total = 0;
        for (let sweep = 0; sweep < MAX_SWEEPS_PER_PASS && running(); sweep += 1) {
          const report = await sweepRetention(options.db, space, at, {
            limit: DEFAULT_SWEEP_LIMIT,
          });
          total += report.shredded;
          if (!report.more) break;
        }
        return total;
      },
      done: { message: "retention: private parts shredded", countKey: "shredded" },
      notDone: "not swept",
    },
    {
      intervalMs: requireInterval(options.intervalMs, DEFAULT_RETENTION_INTERVAL_MS, "retention"),
      now: options.now ?? Date.now,
      logger: options.logger ?? consoleJobLogger,
    },
  );
  return {
    runNow: async () => {
      const { counts, failed } = await passes.runNow();
      // Every space is visited; the pass reports those where something was shredded.
      return { shredded: new Map([...counts].filter(([, n]) => n > 0)), failed };
    },
    stop: passes.stop,
  };
}
