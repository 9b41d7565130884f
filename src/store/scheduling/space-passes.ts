/**
 * The loop the store's background jobs share (the reveal scheduler, the retention scheduler): passes on a
 * timer, each listing the spaces with work and doing each space's work in turn. Passes never overlap (the
 * next is scheduled when one ends, and runNow chains on the one in flight); one space failing is logged and
 * the others continue; stop() stops scheduling and waits for the pass in flight, whose per-space work may
 * look at `running` to end early.
 */
import type { SealerLogger } from "../sealer/sealer.js";

/** What one job does in a pass. */
export interface SpaceJob {
  /** The job's name in log lines ("reveals", "retention"). */
  readonly name: string;
  /** The spaces to visit in this pass, for the moment `at`. */
  listSpaces(at: number): Promise<readonly string[]>;
  /** One space's work; returns how much it did (0: nothing). `running()` turns false on stop. */
  work(space: string, at: number, running: () => boolean): Promise<number>;
  /** The info line logged for a space whose work did something, with `{ space, [countKey]: n }`. */
  readonly done: { readonly message: string; readonly countKey: string };
  /** How a failed space is said in the error line ("not revealed": "reveals: space a not revealed: …"). */
  readonly notDone: string;
}

/** What one pass did: the count of every space visited, and the spaces that failed with why. */
export interface SpacePass {
  readonly counts: ReadonlyMap<string, number>;
  readonly failed: ReadonlyMap<string, string>;
}

/** Options of startSpacePasses. */
export interface SpacePassesOptions {
  /** Time between the end of a pass and the start of the next, in ms; null: on demand only. */
  readonly intervalMs: number | null;
  /** Unix ms: the moment each pass works for. */
  readonly now: () => number;
  readonly logger: SealerLogger;
}

/** A running job. */
export interface SpacePasses {
  /** Runs a pass now (after the one in flight, if any). */
  runNow(): Promise<SpacePass>;
  /** Stops scheduling, then waits for the pass in flight. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `job` (the first pass at once, unless intervalMs is null).
 *
 * @example const passes = startSpacePasses(job, { intervalMs: 60_000, now: Date.now, logger })
 */
export function startSpacePasses(job: SpaceJob, options: SpacePassesOptions): SpacePasses {
  const { intervalMs, now, logger } = options;
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: Promise<unknown> = Promise.resolve();
  const isRunning = () => running;

  async function pass(): Promise<SpacePass> {
    const counts = new Map<string, number>();
    const failed = new Map<string, string>();
    const at = now();
    let spaces: readonly string[];
    try {
      spaces = await job.listSpaces(at);
    } catch (e) {
      logger.error(`${job.name}: cannot list spaces: ${messageOf(e)}`, {});
      return { counts, failed };
    }
    for (const space of spaces) {
      if (!running) break;
      try {
        const n = await job.work(space, at, isRunning);
        counts.set(space, n);
        if (n > 0) logger.info(job.done.message, { space, [job.done.countKey]: n });
      } catch (e) {
        failed.set(space, messageOf(e));
        logger.error(`${job.name}: space ${space} ${job.notDone}: ${messageOf(e)}`, { space });
      }
    }
    return { counts, failed };
  }

  function enqueue(): Promise<SpacePass> {
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
 * An interval option checked: null stays null (on demand), undefined is `fallback`; else a positive
 * number of ms that setTimeout can hold.
 *
 * @example requireInterval(options.intervalMs, 60_000, "reveal")
 */
export function requireInterval(
  intervalMs: number | null | undefined,
  fallback: number,
  what: string,
): number | null {
  if (intervalMs === null) return null;
  const value = intervalMs ?? fallback;
  if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new RangeError(`${what} interval ${value} ms is not in (0, 2^31 - 1]`);
  }
  return value;
}

/** A job's failures as one JSON line on stderr; nothing for the work it did. */
export const consoleJobLogger: SealerLogger = {
  error(message, details) {
    console.error(JSON.stringify({ level: "error", message, ...details }));
  },
  info() {},
};

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
