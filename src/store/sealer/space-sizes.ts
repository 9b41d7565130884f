/**
 * What each pass of the sealer reads first: for every space with a log, its size and root now, the size,
 * root and time of its latest checkpoint, and when the oldest entry not yet checkpointed was appended. One
 * query for all spaces; each lookup inside it is by primary key (checkpoints (space, size), log_entries
 * (space, idx)).
 */
import { sql } from "kysely";
import { fromDbBytes } from "../db-bytes.js";
import type { Executor } from "../schema.js";

/** One space's log against its latest checkpoint. */
export interface SpaceSizes {
  readonly space: string;
  /** log_state's size and root. */
  readonly size: number;
  readonly root: Uint8Array;
  /** The latest checkpoint's size (0 when none), root and time (undefined when none). */
  readonly checkpointedSize: number;
  readonly checkpointedRoot: Uint8Array | undefined;
  readonly checkpointedAt: string | undefined;
  /** When entry `checkpointedSize` (the oldest not checkpointed) was appended; undefined when none. */
  readonly oldestUnsealedAt: string | undefined;
}

interface Row {
  space: string;
  size: number | string;
  root: Uint8Array;
  cp_size: number | string | null;
  cp_root: Uint8Array | null;
  cp_at: string | null;
  unsealed_at: string | null;
}

/**
 * Every space in log_state with its latest checkpoint, ordered by space.
 *
 * @example for (const s of await readSpaceSizes(db.kysely)) if (s.size > s.checkpointedSize) seal(s.space)
 */
export async function readSpaceSizes(db: Executor): Promise<SpaceSizes[]> {
  const { rows } = await sql<Row>`
    select s.space, s.size, s.root, c.size as cp_size, c.root as cp_root, c.created_at as cp_at,
      (select e.created_at from log_entries e
        where e.space = s.space and e.idx = coalesce(c.size, 0)) as unsealed_at
    from log_state s
    left join checkpoints c on c.space = s.space
      and c.size = (select max(m.size) from checkpoints m where m.space = s.space)
    order by s.space`.execute(db);
  return rows.map((r) => ({
    space: r.space,
    size: Number(r.size),
    root: fromDbBytes(r.root),
    checkpointedSize: r.cp_size === null ? 0 : Number(r.cp_size),
    checkpointedRoot: r.cp_root === null ? undefined : fromDbBytes(r.cp_root),
    checkpointedAt: r.cp_at ?? undefined,
    oldestUnsealedAt: r.unsealed_at ?? undefined,
  }));
}
