/**
 * The log an audit reads: the latest checkpoint a monitor verified (`audit follow`'s state) and a reader
 * of its mirror that authenticates every tile and entry bundle against that checkpoint again, so a mirror
 * damaged on disk is caught rather than replayed.
 *
 * Scores and reports are served at the log's size when they were computed, which may be ahead of the
 * latest checkpoint (the sealer signs about once a second): `awaitCoverage` refreshes the mirror until a
 * verified checkpoint covers that size, or gives up after a wait.
 */
import { LogError } from "../../log/errors.js";
import { parseVerifierKey, verifierFromKey } from "../../log/note/index.js";
import { createTileReader, type TileReader } from "../../log/tiles/index.js";
import { directoryFetcher } from "../fetch/fetchers.js";
import { loadFollowerState, statePaths } from "../follow/follower-state.js";
import type { SeenCheckpoint } from "../follow/seen-checkpoint.js";

/** A verified tree and a reader of it. */
export interface VerifiedLog {
  readonly checkpoint: SeenCheckpoint;
  readonly reader: TileReader;
}

/** Brings the mirror up to the log's latest checkpoint and opens it (e.g. pollOnce, then openMirror). */
export type RefreshLog = () => Promise<VerifiedLog>;

/**
 * The monitor's latest verified checkpoint in `stateDir` and a reader over its mirror. Throws
 * LogError("missing") when the monitor has verified nothing yet.
 *
 * @example const log = await openMirror("state", vkey); await log.reader.readEntries([0])
 */
export async function openMirror(stateDir: string, vkey: string): Promise<VerifiedLog> {
  const state = await loadFollowerState(stateDir, verifierFromKey(parseVerifierKey(vkey.trim())));
  const latest = state.latest;
  if (latest === undefined) {
    throw new LogError("missing", `${stateDir} holds no verified checkpoint: run audit follow`);
  }
  const reader = createTileReader(latest, directoryFetcher(statePaths(stateDir).mirror), {
    maxCachedTiles: 4096,
  });
  return { checkpoint: latest, reader };
}

/** How long to wait for the log to cover a size. */
export interface CoverageWait {
  /** Total wait, in ms (0: do not wait). */
  readonly waitMs: number;
  /** Between two refreshes, in ms. */
  readonly retryMs: number;
  /** Sleeps `ms` (setTimeout by default; tests pass their own). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * `log` if it covers `size`, else the first refreshed log that does, else the last one refreshed when
 * the wait ends (the caller reports what it still does not cover).
 *
 * @example log = await awaitCoverage(refresh, log, served.provenance.logSize, { waitMs: 10_000, retryMs: 1000 })
 */
export async function awaitCoverage(
  refresh: RefreshLog,
  log: VerifiedLog,
  size: number,
  wait: CoverageWait,
): Promise<VerifiedLog> {
  const sleep = wait.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let current = log;
  let waited = 0;
  while (current.checkpoint.size < size && waited < wait.waitMs) {
    const step = Math.min(wait.retryMs, wait.waitMs - waited);
    await sleep(step);
    waited += step;
    current = await refresh();
  }
  return current;
}
