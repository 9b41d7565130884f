/**
 * The sealer: publishes each space's log by signing checkpoints (seal-space.ts) on an interval and on
 * demand. Each pass lists every space in log_state with its latest checkpoint (one query) and seals the
 * spaces whose tree moved: grew (the normal case), or shrank or changed root (never legitimate: sealSpace
 * refuses, loudly, every pass, until an operator looks). Spaces are sealed a few at a time, and one space
 * failing (a missing key, a damaged tree) is logged and reported in status() without stopping the others.
 * Passes never overlap: the next is scheduled when one ends. With witnesses configured, each checkpoint
 * is published only with a quorum of their cosignatures (seal-witnessed.ts).
 *
 * Several processes may run sealers on one database: seals of a space are serialized by its writer lock,
 * and a seal that finds nothing new signs nothing.
 */

import { sameBytes } from "../../log/merkle/same-bytes.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import type { SpaceLogSigners } from "../log/space-log-signer.js";
import { type SealOutcome, sealSpace } from "./seal-space.js";
import { sealWitnessedSpace } from "./seal-witnessed.js";
import {
  failureOf,
  type SealerStatus,
  type SpaceSealStatus,
  statusFromSizes,
} from "./sealer-status.js";
import { readSpaceSizes, type SpaceSizes } from "./space-sizes.js";
import type { CheckpointWitnessing } from "./witnessing.js";

/** Where the sealer reports: refusals and failures to `error`, signed checkpoints to `info`. */
export interface SealerLogger {
  error(message: string, details: Readonly<Record<string, unknown>>): void;
  info(message: string, details: Readonly<Record<string, unknown>>): void;
}

/** Options of startSealer. */
export interface SealerOptions {
  readonly db: Database;
  readonly signers: SpaceLogSigners;
  /** Time between the end of a pass and the start of the next, in ms (default 1000); null: on demand only. */
  readonly intervalMs?: number | null;
  /** Spaces sealed at the same time within a pass (default 4). */
  readonly concurrency?: number;
  /** Default: failures to console.error as one JSON line, nothing for successes. */
  readonly logger?: SealerLogger;
  /** Unix ms, for status ages (default Date.now). */
  readonly now?: () => number;
  /**
   * Witnesses of the checkpoints (seal-witnessed.ts): when set, a checkpoint is published only once a
   * quorum of them cosigned it, and with their cosignatures; without a quorum the seal fails and the
   * next pass tries again.
   */
  readonly witnessing?: CheckpointWitnessing;
}

/** A running sealer. */
export interface Sealer {
  /**
   * Seals `space` now, whatever the schedule; resolves with what was done, rejects (after logging) with the
   * refusal or failure. Rejects with StoreError("unavailable") once the sealer is stopped.
   */
  sealNow(space: string): Promise<SealOutcome>;
  /** Stops scheduling, then waits for the pass and the seals in flight to end. Idempotent. */
  stop(): Promise<void>;
  /** A snapshot: per space as of the last pass or seal, and the sealer's own counters. */
  status(): SealerStatus;
  /**
   * Calls `listener` with a space whenever its latest checkpoint may have changed: after this sealer
   * signed one, and when a pass finds the published size or time other than it last saw (another
   * process sealed) or a space for the first time. Returns the function that removes the listener.
   * Caches of the checkpoint (src/http/routes/checkpoint-cache.ts) drop the space's entry then.
   */
  onPublished(listener: (space: string) => void): () => void;
}

/** Time between passes when none is configured: entries wait about a second to be published. */
export const DEFAULT_SEAL_INTERVAL_MS = 1000;
/** Spaces sealed at once within a pass when none is configured (SQLite serializes them anyway). */
export const DEFAULT_SEAL_CONCURRENCY = 4;

/**
 * Starts sealing every space of `db` (the first pass starts at once, unless intervalMs is null).
 *
 * @example
 * const sealer = startSealer({ db, signers: createSpaceLogSigners({ vault, host }) })
 * await sealer.sealNow("market")
 * metrics.gauge("log_lag", sealer.status().maxLag)
 * await sealer.stop()
 */
export function startSealer(options: SealerOptions): Sealer {
  const { db, signers } = options;
  const intervalMs = requireInterval(options.intervalMs);
  const concurrency = requireConcurrency(options.concurrency);
  const logger = options.logger ?? consoleLogger;
  const now = options.now ?? Date.now;

  const spaces = new Map<string, SpaceSealStatus>();
  const inFlight = new Set<Promise<unknown>>();
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let passes = 0;
  let lastPassAt: number | undefined;
  let lastPassFailure: SealerStatus["lastPassFailure"];
  const listeners = new Set<(space: string) => void>();
  const published = (space: string) => {
    for (const listener of listeners) listener(space);
  };

  async function seal(space: string): Promise<SealOutcome> {
    try {
      const outcome =
        options.witnessing === undefined
          ? await sealSpace(db, signers, space)
          : await sealWitnessedSpace(db, signers, space, options.witnessing);
      recordSuccess(outcome);
      return outcome;
    } catch (e) {
      recordFailure(space, e);
      throw e;
    }
  }

  function recordSuccess(outcome: SealOutcome): void {
    const previous = spaces.get(outcome.space);
    const size = Math.max(previous?.size ?? 0, outcome.size);
    const sealedAt = outcome.kind === "sealed" ? now() : previous?.checkpointedAt;
    spaces.set(outcome.space, {
      space: outcome.space,
      size,
      checkpointedSize: outcome.size,
      lag: size - outcome.size,
      lagAgeMs: size === outcome.size ? 0 : (previous?.lagAgeMs ?? 0),
      checkpointedAt: sealedAt,
      lastFailure: undefined,
      consecutiveFailures: 0,
    });
    if (outcome.kind === "sealed") {
      published(outcome.space);
      logger.info("sealer: signed a checkpoint", {
        space: outcome.space,
        size: outcome.size,
        previousSize: outcome.previousSize,
        ...(outcome.witnessed === undefined ? {} : { cosignatures: outcome.witnessed.cosigned }),
      });
    }
  }

  function recordFailure(space: string, e: unknown): void {
    const failure = failureOf(e, now());
    const previous = spaces.get(space);
    spaces.set(space, {
      space,
      size: previous?.size ?? 0,
      checkpointedSize: previous?.checkpointedSize ?? 0,
      lag: previous?.lag ?? 0,
      lagAgeMs: previous?.lagAgeMs ?? 0,
      checkpointedAt: previous?.checkpointedAt,
      lastFailure: failure,
      consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
    });
    logger.error(`sealer: space ${space} not sealed: ${failure.message}`, {
      space,
      code: failure.code,
      consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
    });
  }

  /** Runs `work` as in flight, so that stop() waits for it. */
  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  async function pass(): Promise<void> {
    let listed: SpaceSizes[];
    try {
      listed = await readSpaceSizes(db.kysely);
      lastPassFailure = undefined;
    } catch (e) {
      lastPassFailure = failureOf(e, now());
      logger.error(`sealer: cannot list spaces: ${lastPassFailure.message}`, {
        code: lastPassFailure.code,
      });
      return;
    }
    const at = now();
    for (const sizes of listed) {
      const previous = spaces.get(sizes.space);
      const next = statusFromSizes(sizes, previous, at);
      spaces.set(sizes.space, next);
      if (
        previous === undefined ||
        previous.checkpointedSize !== next.checkpointedSize ||
        previous.checkpointedAt !== next.checkpointedAt
      ) {
        published(sizes.space);
      }
    }
    await forEachLimited(listed.filter(hasMoved), concurrency, async ({ space }) => {
      if (running) await seal(space).catch(() => {}); // recorded and logged by seal
    });
    passes += 1;
    lastPassAt = now();
  }

  function schedule(delay: number): void {
    if (!running || intervalMs === null) return;
    timer = setTimeout(() => {
      timer = undefined;
      track(pass()).finally(() => schedule(intervalMs));
    }, delay);
    timer.unref?.();
  }

  schedule(0);

  return {
    sealNow(space) {
      if (!running) {
        return Promise.reject(new StoreError("unavailable", "the sealer is stopped"));
      }
      return track(seal(space));
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    status() {
      const list = [...spaces.values()].sort((a, b) => (a.space < b.space ? -1 : 1));
      return {
        running,
        passes,
        lastPassAt,
        lastPassFailure,
        maxLag: Math.max(0, ...list.map((s) => s.lag)),
        maxLagAgeMs: Math.max(0, ...list.map((s) => s.lagAgeMs)),
        spaces: list,
      };
    },
    onPublished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A space needs a seal when its tree is not the one its latest checkpoint signed. */
function hasMoved(s: SpaceSizes): boolean {
  if (s.size !== s.checkpointedSize) return true;
  return s.checkpointedRoot !== undefined && !sameBytes(s.root, s.checkpointedRoot);
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function requireInterval(intervalMs: number | null | undefined): number | null {
  if (intervalMs === null) return null;
  const value = intervalMs ?? DEFAULT_SEAL_INTERVAL_MS;
  if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new RangeError(`seal interval ${value} ms is not in (0, 2^31 - 1]`);
  }
  return value;
}

function requireConcurrency(concurrency: number | undefined): number {
  const value = concurrency ?? DEFAULT_SEAL_CONCURRENCY;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`seal concurrency ${value} is not a positive integer`);
  }
  return value;
}

const consoleLogger: SealerLogger = {
  error(message, details) {
    console.error(JSON.stringify({ level: "error", message, ...details }));
  },
  info() {},
};
