/**
 * The retention scheduler (issue 6, "information frugality"): enforces every space's retention policy
 * by running the retention sweep (retention-sweep.ts: private parts past their retention are shredded as
 * an erasure shreds them, the projections follow, the log's entries stay) on a timer. Each pass lists the
 * spaces and sweeps each one, again while a sweep stopped at its limit (MAX_SWEEPS_PER_PASS at most, so
 * one huge backlog cannot hold a pass forever). One space failing is logged and the others continue;
 * passes never overlap. Several processes may run it on one database: a sweep runs in the space's
 * writer transaction and finds nothing left that another already shredded.
 */
import type { Database } from "../database.js";
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
  const intervalMs = requireInterval(options.intervalMs);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? consoleLogger;
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: Promise<unknown> = Promise.resolve();

  async function sweepSpace(space: string, at: number): Promise<number> {
    let total = 0;
    for (let sweep = 0; sweep < MAX_SWEEPS_PER_PASS && running; sweep += 1) {
      const report = await sweepRetention(options.db, space, at, { limit: DEFAULT_SWEEP_LIMIT });
      total += report.shredded;
      if (!report.more) break;
    }
    return total;
  }

  async function pass(): Promise<RetentionPass> {
    const shredded = new Map<string, number>();
    const failed = new Map<string, string>();
    const at = now();
    let spaces: string[];
    try {
      const rows = await options.db.kysely
        .selectFrom("spaces")
        .select("space")
        .orderBy("space")
        .execute();
      spaces = rows.map((r) => r.space);
    } catch (e) {
      logger.error(`retention: cannot list spaces: ${messageOf(e)}`, {});
      return { shredded, failed };
    }
    for (const space of spaces) {
      if (!running) break;
      try {
        const n = await sweepSpace(space, at);
        if (n > 0) {
          shredded.set(space, n);
          logger.info("retention: private parts shredded", { space, shredded: n });
        }
      } catch (e) {
        failed.set(space, messageOf(e));
        logger.error(`retention: space ${space} not swept: ${messageOf(e)}`, { space });
      }
    }
    return { shredded, failed };
  }

  function enqueue(): Promise<RetentionPass> {
    const next = last.then(pass, pass);
    last = next.catch(() => {});
    return next;
  }

  function schedule(delay: number): void {
    if (!running || intervalMs === null) return;
    timer = setTimeout(() => {
      timer = undefined;
      enqueue().finally(() => schedule(intervalMs));
    }, delay);
    timer.unref?.();
  }

  schedule(0);

  return {
    runNow: enqueue,
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await last;
    },
  };
}

function requireInterval(intervalMs: number | null | undefined): number | null {
  if (intervalMs === null) return null;
  const value = intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS;
  if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new RangeError(`retention interval ${value} ms is not in (0, 2^31 - 1]`);
  }
  return value;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const consoleLogger: SealerLogger = {
  error(message, details) {
    console.error(JSON.stringify({ level: "error", message, ...details }));
  },
  info() {},
};
