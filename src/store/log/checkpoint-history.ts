/**
 * The checkpoints a space's log has issued, newest first: the sealer stores each one it signs
 * (checkpoints.ts), so anyone can see how the log grew and check that every later checkpoint is
 * consistent with an earlier one (RFC 9162 §2.1.4), not only the latest.
 */
import type { Executor } from "../schema.js";
import type { StoredCheckpoint } from "./checkpoints.js";

/** The most checkpoints one call returns. */
export const MAX_CHECKPOINTS_PER_PAGE = 100;

/** A page of checkpoints and the size to continue below (null: none older). */
export interface CheckpointPage {
  readonly items: readonly Omit<StoredCheckpoint, "root">[];
  readonly nextBefore: number | null;
}

/**
 * The checkpoints of `space` with a tree smaller than `before` (all when null), largest first, at most
 * `limit` (1–MAX_CHECKPOINTS_PER_PAGE). Throws RangeError on a limit out of range (the HTTP layer
 * validates it first).
 *
 * @example const { items, nextBefore } = await listCheckpoints(db.kysely, "stays", null, 20)
 */
export async function listCheckpoints(
  db: Executor,
  space: string,
  before: number | null,
  limit: number,
): Promise<CheckpointPage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHECKPOINTS_PER_PAGE) {
    throw new RangeError(`limit ${limit} is not in 1..${MAX_CHECKPOINTS_PER_PAGE}`);
  }
  const rows = await db
    .selectFrom("checkpoints")
    .select(["size", "note", "created_at"])
    .where("space", "=", space)
    .$if(before !== null, (q) => q.where("size", "<", before as number))
    .orderBy("size", "desc")
    .limit(limit + 1)
    .execute();
  const items = rows
    .slice(0, limit)
    .map((r) => ({ size: Number(r.size), note: r.note, createdAt: r.created_at }));
  const last = items[items.length - 1];
  return { items, nextBefore: rows.length > limit && last !== undefined ? last.size : null };
}
