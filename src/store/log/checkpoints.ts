/**
 * Signed checkpoints as issued (C2SP tlog-checkpoint): the note text is stored verbatim, since its bytes are
 * what the signatures cover; size and root are kept beside it to find checkpoints without parsing notes.
 */
import type { Digest } from "../../log/crypto.js";
import { LogError } from "../../log/errors.js";
import { sameBytes } from "../../log/merkle/same-bytes.js";
import type { SpaceTx } from "../database.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import type { Executor } from "../schema.js";
import { readLogState } from "./log-state.js";

/** A checkpoint to store: the tree it signs and the signed note's text. */
export interface CheckpointToStore {
  readonly size: number;
  readonly root: Digest;
  readonly note: string;
}

/** A stored checkpoint. */
export interface StoredCheckpoint extends CheckpointToStore {
  readonly createdAt: string;
}

/**
 * Stores the checkpoint of the space's current tree, in the writer's transaction. Throws
 * LogError("inconsistent") when size and root are not the tree's now (a checkpoint must sign what the log
 * holds), and StoreError("conflict") (out of spaceTransaction) when a checkpoint of that size is already stored.
 *
 * @example await saveCheckpoint(w, { size, root, note: signedNoteText })
 */
export async function saveCheckpoint(w: SpaceTx, checkpoint: CheckpointToStore): Promise<void> {
  const state = await readLogState(w.tx, w.space);
  if (checkpoint.size !== state.size || !sameBytes(checkpoint.root, state.root)) {
    throw new LogError(
      "inconsistent",
      `space ${w.space}: a checkpoint of size ${checkpoint.size} does not sign the current tree (size ${state.size})`,
    );
  }
  await insertCheckpoint(w, checkpoint);
}

/**
 * Stores the checkpoint of a tree the space's log held at some moment, in the writer's transaction: a
 * witnessed checkpoint is published after its witnesses cosigned it, by which time the log may have
 * grown. The caller must have proven it a prefix of the tree now (the sealer verifies a consistency
 * proof from log_nodes); this checks only that the size is not beyond the tree. Throws as saveCheckpoint.
 *
 * @example await saveCheckpointOfPrefix(w, { size, root, note: cosignedNote })
 */
export async function saveCheckpointOfPrefix(
  w: SpaceTx,
  checkpoint: CheckpointToStore,
): Promise<void> {
  const state = await readLogState(w.tx, w.space);
  if (checkpoint.size > state.size) {
    throw new LogError(
      "inconsistent",
      `space ${w.space}: a checkpoint of size ${checkpoint.size} is beyond the tree (size ${state.size})`,
    );
  }
  await insertCheckpoint(w, checkpoint);
}

async function insertCheckpoint(w: SpaceTx, checkpoint: CheckpointToStore): Promise<void> {
  await w.tx
    .insertInto("checkpoints")
    .values({
      space: w.space,
      size: checkpoint.size,
      root: toDbBytes(checkpoint.root),
      note: checkpoint.note,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/**
 * The checkpoint of the largest tree stored for `space`, if any.
 *
 * @example const latest = await latestCheckpoint(db.kysely, "market")
 */
export async function latestCheckpoint(
  db: Executor,
  space: string,
): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom("checkpoints")
    .select(["size", "root", "note", "created_at"])
    .where("space", "=", space)
    .orderBy("size", "desc")
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { size: row.size, root: fromDbBytes(row.root), note: row.note, createdAt: row.created_at };
}
