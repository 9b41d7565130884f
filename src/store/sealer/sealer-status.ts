/**
 * What the sealer reports for metrics and health checks: per space, how far the published tree trails the
 * log (entries, and how long the oldest unpublished entry has waited) and the last failure, if any.
 */
import type { SpaceSizes } from "./space-sizes.js";

/** A seal that failed, as reported. */
export interface SealFailure {
  /** StoreError/LogError code, or "error" for anything else. */
  readonly code: string;
  readonly message: string;
  /** Unix milliseconds. */
  readonly at: number;
}

/** One space as the sealer last saw it. */
export interface SpaceSealStatus {
  readonly space: string;
  /** Entries in the log. */
  readonly size: number;
  /** Entries covered by the latest checkpoint. */
  readonly checkpointedSize: number;
  /** size − checkpointedSize: entries not yet published. */
  readonly lag: number;
  /** How long the oldest entry not yet published has waited, in ms (0 when lag is 0). */
  readonly lagAgeMs: number;
  /** When the latest checkpoint was signed (Unix ms), undefined when none. */
  readonly checkpointedAt: number | undefined;
  /** The last failure, cleared by the next successful seal. */
  readonly lastFailure: SealFailure | undefined;
  /** Failures since the last success. */
  readonly consecutiveFailures: number;
}

/** The whole sealer. */
export interface SealerStatus {
  /** False once stop() was called. */
  readonly running: boolean;
  /** Completed passes over all spaces. */
  readonly passes: number;
  /** When the last pass finished (Unix ms). */
  readonly lastPassAt: number | undefined;
  /** The failure of the last pass's listing of spaces (the database unreachable, say). */
  readonly lastPassFailure: SealFailure | undefined;
  /** Largest lag and lag age over all spaces. */
  readonly maxLag: number;
  readonly maxLagAgeMs: number;
  readonly spaces: readonly SpaceSealStatus[];
}

/**
 * A space's status from a fresh reading, keeping its failure record.
 *
 * @example statusFromSizes(sizes, previous, Date.now())
 */
export function statusFromSizes(
  sizes: SpaceSizes,
  previous: SpaceSealStatus | undefined,
  now: number,
): SpaceSealStatus {
  const lag = Math.max(0, sizes.size - sizes.checkpointedSize);
  const since = timeOf(sizes.oldestUnsealedAt);
  return {
    space: sizes.space,
    size: sizes.size,
    checkpointedSize: sizes.checkpointedSize,
    lag,
    lagAgeMs: lag === 0 || since === undefined ? 0 : Math.max(0, now - since),
    checkpointedAt: timeOf(sizes.checkpointedAt),
    lastFailure: previous?.lastFailure,
    consecutiveFailures: previous?.consecutiveFailures ?? 0,
  };
}

/**
 * The failure record of an error.
 *
 * @example failureOf(new StoreError("corrupt", "…"), Date.now()) // { code: "corrupt", … }
 */
export function failureOf(e: unknown, at: number): SealFailure {
  const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : "error";
  return { code, message: e instanceof Error ? e.message : String(e), at };
}

function timeOf(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}
