/**
 * Is a newly served checkpoint consistent with every checkpoint the monitor verified before? For each
 * earlier one:
 * - same size: the roots must be equal (c2sp.org/tlog-checkpoint; else a fork);
 * - smaller: a consistency proof (RFC 9162 §2.1.4), computed from the tiles of the new tree (each tile
 *   authenticated against the new root), must lead to the earlier root.
 * A proof computed over mirrored tiles that fails is computed again from the source alone before it is
 * believed: a damaged local mirror must not be reported as a fork of the log.
 */
import type { Digest } from "../../log/crypto.js";
import { isLogError } from "../../log/errors.js";
import { consistencyProof, sameBytes, verifyConsistency } from "../../log/merkle/index.js";
import type { TileReader } from "../../log/tiles/index.js";
import type { Fork } from "./fork.js";
import type { SeenCheckpoint } from "./seen-checkpoint.js";

/** The outcome of checking a checkpoint against the history. */
export type ConsistencyVerdict =
  | {
      readonly kind: "consistent";
      /** How many earlier checkpoints were proven consistent with it. */
      readonly proven: number;
      /** The reader that worked (the source alone if the mirror failed), with its tiles cached. */
      readonly reader: TileReader;
    }
  | { readonly kind: "fork"; readonly fork: Fork };

/** Readers of the served tree: over the mirror then the source, and over the source alone. */
export interface ServedTreeReaders {
  readonly preferred: TileReader;
  readonly sourceOnly: () => TileReader;
}

/**
 * Checks `served` against each of `history` no larger than it, smallest first.
 *
 * @example const verdict = await checkAgainstHistory(served, state.history, readers)
 */
export async function checkAgainstHistory(
  served: SeenCheckpoint,
  history: readonly SeenCheckpoint[],
  readers: ServedTreeReaders,
): Promise<ConsistencyVerdict> {
  const sameSize = findSameSizeFork(served, history);
  if (sameSize !== undefined) return { kind: "fork", fork: sameSize };
  let reader = readers.preferred;
  let proven = 0;
  const earlier = history.filter((h) => h.size > 0 && h.size < served.size);
  for (const older of [...earlier].sort((a, b) => a.size - b.size)) {
    let attempt = await proveExtension(reader, older, served);
    if (attempt.kind !== "proven" && reader === readers.preferred) {
      reader = readers.sourceOnly();
      attempt = await proveExtension(reader, older, served);
    }
    if (attempt.kind === "fork") return attempt;
    if (attempt.kind === "unreadable") throw attempt.error;
    proven += 1;
  }
  return { kind: "consistent", proven, reader };
}

/**
 * Two checkpoints for one size with different roots, or undefined.
 *
 * @example findSameSizeFork(served, history)?.reason // "same-size"
 */
export function findSameSizeFork(
  served: SeenCheckpoint,
  history: readonly SeenCheckpoint[],
): Fork | undefined {
  const twin = history.find((h) => h.size === served.size);
  if (twin === undefined || sameBytes(twin.rootHash, served.rootHash)) return undefined;
  return {
    reason: "same-size",
    older: twin,
    newer: served,
    detail: `the log signed two roots for tree size ${served.size}`,
  };
}

type Attempt =
  | { readonly kind: "proven" }
  | { readonly kind: "fork"; readonly fork: Fork }
  /** The reader's tiles did not authenticate or could not be read: no proof either way. */
  | { readonly kind: "unreadable"; readonly error: unknown };

/**
 * Proves with `reader` (a reader of the larger tree) that `larger` extends `smaller`.
 *
 * @example await proveExtension(createTileReader(latest, mirror), served, latest)
 */
export async function proveExtension(
  reader: TileReader,
  smaller: SeenCheckpoint,
  larger: SeenCheckpoint,
): Promise<Attempt> {
  let proof: Digest[];
  try {
    proof = await consistencyProof(reader, smaller.size, larger.size);
  } catch (error) {
    if (!isLogError(error)) throw error;
    return { kind: "unreadable", error };
  }
  try {
    verifyConsistency({
      oldSize: smaller.size,
      newSize: larger.size,
      oldRoot: smaller.rootHash,
      newRoot: larger.rootHash,
      proof,
    });
    return { kind: "proven" };
  } catch (error) {
    if (!isLogError(error)) throw error;
    const fork: Fork = {
      reason: "inconsistent",
      older: smaller,
      newer: larger,
      proof,
      detail: error.message,
    };
    return { kind: "fork", fork };
  }
}
