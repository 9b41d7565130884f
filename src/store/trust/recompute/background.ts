/**
 * Recomputes spaces in the background for a server that serves stored scores: when a route serves a
 * score computed at a log size the space has since passed, it asks for an incremental recompute and
 * answers with the stored score at once (its provenance says which log size it reflects). One
 * recompute per space at a time, in a worker thread (recompute.ts), so the event loop stays free; a
 * request during one is remembered and runs once it ends, and a space is recomputed at most once per
 * `minIntervalMs` (a busy space would otherwise keep a worker busy). Errors are reported, never thrown
 * at the route that asked.
 */
import type { Database } from "../../database.js";
import { recomputeSpace } from "./recompute.js";

/** The background recomputer of one server. */
export interface BackgroundRecompute {
  /** Asks for an incremental recompute of `space`; returns at once. */
  request(space: string): void;
  /** Drops the requests not started yet and resolves once nothing runs (shutdown, tests). */
  idle(): Promise<void>;
}

/**
 * A background recomputer over `db`.
 *
 * @example const background = createBackgroundRecompute(db, (e) => log.error(e)); background.request("stays")
 */
export function createBackgroundRecompute(
  db: Database,
  onError: (error: unknown, space: string) => void,
  minIntervalMs = 5000,
): BackgroundRecompute {
  const running = new Map<string, Promise<void>>();
  const waiting = new Map<string, NodeJS.Timeout>();
  const again = new Set<string>();
  const started = new Map<string, number>();
  const start = (space: string) => {
    started.set(space, Date.now());
    const job = recomputeSpace(db, space, { mode: "incremental" })
      .then(
        () => {},
        (error: unknown) => onError(error, space),
      )
      .finally(() => {
        running.delete(space);
        if (again.delete(space)) request(space);
      });
    running.set(space, job);
  };
  const request = (space: string) => {
    if (running.has(space)) {
      again.add(space);
      return;
    }
    if (waiting.has(space)) return;
    const wait = (started.get(space) ?? Number.NEGATIVE_INFINITY) + minIntervalMs - Date.now();
    if (wait <= 0) {
      start(space);
      return;
    }
    const timer = setTimeout(() => {
      waiting.delete(space);
      start(space);
    }, wait);
    timer.unref();
    waiting.set(space, timer);
  };
  return {
    request,
    async idle() {
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      again.clear();
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}
