/**
 * Reputation summaries kept in memory for a moment. A summary (GET …/subjects/{id}/summary) is read far
 * more often than a subject is reviewed, and computing it reads and parses every review of the subject
 * (src/store/space/queries/review-queries.ts), which grows with the subject; bench/http.ts measured it
 * as the slowest read.
 *
 * What a cached summary may show, and for how long:
 * - Every write through this server's space service (reviews, withdrawals, removal decisions,
 *   erasures, reveals: every command) drops the summaries of its space when it completes, before its
 *   answer is sent, and a summary computed from before that is never served again (a per-space
 *   generation). So a request that starts after a write was answered never sees a summary from before.
 * - Time changes a summary too: a review becomes public when its double-blind window ends, a removal
 *   ends at its term. A summary is kept SUMMARY_TTL_MS at most (by the app's clock), so it shows those
 *   at most that late, and writes that do not go through this server's space service as late: another
 *   process's (another server on the same PostgreSQL database, the CLI) and the retention sweep's
 *   shredding of expired private parts (src/store/projections/retention-sweep.ts).
 * - A summary that was slow to compute is kept longer: COST_MULTIPLE times its computation time, up to
 *   SUMMARY_MAX_TTL_MS, when that exceeds SUMMARY_TTL_MS. A subject with 100,000 reviews took about
 *   0.45 s to summarise (bench/http.ts, session 8), so a one-second lifetime spent 40 % of the server's
 *   main thread recomputing one hot summary; with the multiple, recomputation stays under 1/COST_MULTIPLE
 *   of the time of each hot subject. Writes through the service still drop it at once; only the
 *   time-driven changes and the writes from outside the service (above) can show that much later, and
 *   only for subjects whose summaries take more than SUMMARY_TTL_MS / COST_MULTIPLE (20 ms) to compute.
 * - It never shows a sealed rating: time only ever makes reviews visible (a visible review is hidden
 *   again only by a write: withdrawal, erasure, a removal decision), so a summary kept from earlier
 *   shows less than the current one, never more, except for those writes outside the service, for at
 *   most SUMMARY_TTL_MS.
 */
import type { SpaceService } from "../../../store/space/service.js";

/** How long a summary is served from memory at most. */
export const SUMMARY_TTL_MS = 1_000;
/** A summary is kept at least this many times as long as it took to compute (see above). */
export const COST_MULTIPLE = 50;
/** The longest a slow summary is kept. */
export const SUMMARY_MAX_TTL_MS = 30_000;
/** The most summaries kept at once (the oldest goes first beyond that). */
export const SUMMARY_CACHE_ENTRIES = 10_000;

/** Summaries by space and subject. */
export interface SummaryCache<T> {
  /**
   * The summary of `subject` in `space`: kept (or being computed) since the space's last write and
   * less than the TTL ago, else computed by `compute` now.
   */
  get(space: string, subject: string, compute: () => Promise<T>): Promise<T>;
  /** The summary `get` would give without computing, when it is kept and settled; else undefined. */
  peek(space: string, subject: string): T | undefined;
  /** Drops every summary of `space` (a write to it completed): none computed before is served again. */
  invalidate(space: string): void;
}

interface Entry<T> {
  readonly value: Promise<T>;
  /** The space's generation when it was computed: any other means a write came since. */
  readonly generation: number;
  /** Served until then (by `clock`); lengthened once computed when the computation was slow. */
  until: number;
  /** Set once `value` resolved. */
  settled?: T;
}

/**
 * Requests that miss together share one computation (a subject's summary reads all its reviews: 32
 * connections missing at once must not compute it 32 times).
 *
 * @example
 * const summaries = createSummaryCache<SummaryJson>(clock)
 * const json = await summaries.get(space, id, () => computeSummary(space, id))
 */
export function createSummaryCache<T>(
  clock: () => number,
  ttlMs: number = SUMMARY_TTL_MS,
  maxEntries: number = SUMMARY_CACHE_ENTRIES,
): SummaryCache<T> {
  const entries = new Map<string, Entry<T>>();
  const generations = new Map<string, number>();
  const forget = (key: string, entry: Entry<T>) => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  /** The entry of `key` when it may still be served. */
  const current = (space: string, key: string): Entry<T> | undefined => {
    const kept = entries.get(key);
    if (kept === undefined) return undefined;
    const fresh = kept.generation === (generations.get(space) ?? 0) && clock() < kept.until;
    return fresh ? kept : undefined;
  };
  return {
    get(space, subject, compute) {
      const key = `${space}\u0000${subject}`;
      const kept = current(space, key);
      if (kept !== undefined) return kept.value;
      const now = clock();
      const generation = generations.get(space) ?? 0;
      const value = compute();
      if (ttlMs <= 0) return value;
      const entry: Entry<T> = { value, generation, until: now + ttlMs };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      value.then(
        (settled) => {
          entry.settled = settled;
          entry.until = now + lifetime(ttlMs, clock() - now);
        },
        () => forget(key, entry), // a failure (404) is not kept
      );
      return value;
    },
    peek(space, subject) {
      return current(space, `${space}\u0000${subject}`)?.settled;
    },
    invalidate(space) {
      // O(1): the space's summaries stay in the map but are never served again (`current` compares
      // generations); each is replaced when next computed or goes first once the map is full. Scanning
      // the map for them cost every write 105 µs with 10,000 summaries cached, 6 µs with 1,000.
      generations.set(space, (generations.get(space) ?? 0) + 1);
    },
  };
}

/**
 * How long a summary that took `computeMs` to compute is kept: `ttlMs`, or COST_MULTIPLE × `computeMs`
 * up to SUMMARY_MAX_TTL_MS when that is longer.
 *
 * @example lifetime(1_000, 450) // 22_500
 */
export function lifetime(ttlMs: number, computeMs: number): number {
  return Math.max(ttlMs, Math.min(SUMMARY_MAX_TTL_MS, COST_MULTIPLE * computeMs));
}

/**
 * `service`, calling `written(space)` after every write it runs settles (committed, refused or
 * failed: a refusal writes nothing, but dropping a summary too many is harmless).
 *
 * @example const service = invalidatingWrites(createSpaceService(opts), (s) => summaries.invalidate(s))
 */
export function invalidatingWrites(
  service: SpaceService,
  written: (space: string) => void,
): SpaceService {
  async function after<R>(space: string, write: Promise<R>): Promise<R> {
    try {
      return await write;
    } finally {
      written(space);
    }
  }
  return {
    createSpace: (input, actor, claim) => {
      const space = (input as { readonly space?: unknown } | null)?.space;
      return after(
        typeof space === "string" ? space : "",
        service.createSpace(input, actor, claim),
      );
    },
    execute: (space, actor, command, input, claim) =>
      after(space, service.execute(space, actor, command, input, claim)),
    executeBatch: (space, calls) => after(space, service.executeBatch(space, calls)),
    revealDue: (space, options) => after(space, service.revealDue(space, options)),
    readApplied: (space, indices) => service.readApplied(space, indices),
  };
}
