/**
 * The reveal scheduler: ends double-blind windows in the log. A sealed review becomes visible by rule
 * once its window ends (projections' visible_from), but the log only says so when a review.revealed
 * event (reason "window-ended") is appended; this loop appends them. Each pass asks the store which
 * spaces hold reviews whose window has ended, then calls the space service's revealDue per space,
 * again while a batch came back full (more may be due). One space failing is logged and the others
 * continue. Passes never overlap: the next is scheduled when one ends.
 *
 * Several processes may run it on one database: revealDue runs under the space's writer lock and reveals
 * only reviews not yet revealed, so a second scheduler finds nothing to do.
 */
import type { Database } from "../database.js";
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
  const intervalMs = requireInterval(options.intervalMs);
  const limit = requireLimit(options.batchLimit);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? consoleLogger;
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Passes run one after another: each new pass chains on the previous one.
  let last: Promise<unknown> = Promise.resolve();

  async function revealSpace(space: string, at: number): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < MAX_REVEAL_BATCHES_PER_PASS && running; batch += 1) {
      const result = await options.service.revealDue(space, { now: at, limit });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      total += result.events.length;
      if (result.events.length < limit) break; // the batch was not full: nothing more is due
    }
    return total;
  }

  async function pass(): Promise<RevealPass> {
    const revealed = new Map<string, number>();
    const failed = new Map<string, string>();
    const at = now();
    let spaces: string[];
    try {
      spaces = await spacesWithRevealsDue(options.db.kysely, at);
    } catch (e) {
      logger.error(`reveals: cannot list spaces: ${messageOf(e)}`, {});
      return { revealed, failed };
    }
    for (const space of spaces) {
      if (!running) break;
      try {
        const n = await revealSpace(space, at);
        revealed.set(space, n);
        if (n > 0) logger.info("reveals: double-blind windows ended", { space, revealed: n });
      } catch (e) {
        failed.set(space, messageOf(e));
        logger.error(`reveals: space ${space} not revealed: ${messageOf(e)}`, { space });
      }
    }
    return { revealed, failed };
  }

  function enqueue(): Promise<RevealPass> {
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

function requireInterval(intervalMs: number | null | undefined): number | null {
  if (intervalMs === null) return null;
  const value = intervalMs ?? DEFAULT_REVEAL_INTERVAL_MS;
  if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new RangeError(`reveal interval ${value} ms is not in (0, 2^31 - 1]`);
  }
  return value;
}

function requireLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_REVEAL_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new RangeError(`reveal batch limit ${value} is not an integer in [1, 1000]`);
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
