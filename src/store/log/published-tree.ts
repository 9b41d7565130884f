/**
 * The published tree of a space: the tree of its latest signed checkpoint. Everything served to readers
 * (checkpoint, proofs, tiles, entry bundles) stays within it, never within log_state: entries appended
 * since the last seal are not published yet, and a reader must never see a tile or a proof that no signed
 * checkpoint covers.
 */

import { LogError } from "../../log/errors.js";
import { isTreeInteger } from "../../log/merkle/subtrees.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import { latestCheckpoint, type StoredCheckpoint } from "./checkpoints.js";

/**
 * The latest signed checkpoint of `space` (what `/v1/spaces/{space}/log/checkpoint` serves: its `note`).
 * Throws StoreError("not-found") when the space has published none.
 *
 * @example const { note } = await latestSignedCheckpoint(db.kysely, "market")
 */
export async function latestSignedCheckpoint(
  db: Executor,
  space: string,
): Promise<StoredCheckpoint> {
  const checkpoint = await latestCheckpoint(db, space);
  if (checkpoint === undefined) {
    throw new StoreError("not-found", `space ${space} has published no checkpoint`);
  }
  return checkpoint;
}

/**
 * The latest checkpoint, after checking that it covers a tree of `size` leaves. Throws LogError
 * ("out-of-range") for a size that is not an integer in [0, 2^53 − 1], StoreError("not-found") for a size
 * beyond the latest checkpoint.
 *
 * @example const published = await requirePublishedSize(db.kysely, "market", 300)
 */
export async function requirePublishedSize(
  db: Executor,
  space: string,
  size: number,
): Promise<StoredCheckpoint> {
  if (!isTreeInteger(size)) {
    throw new LogError("out-of-range", `tree size ${size} is not an integer in [0, 2^53 - 1]`);
  }
  const checkpoint = await latestSignedCheckpoint(db, space);
  if (size > checkpoint.size) {
    throw new StoreError(
      "not-found",
      `space ${space} has published no tree of size ${size} (latest checkpoint: ${checkpoint.size})`,
    );
  }
  return checkpoint;
}
