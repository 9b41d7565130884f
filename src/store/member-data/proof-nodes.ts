/**
 * Reading the node hashes that many inclusion proofs need at once (member-events.ts). Proofs for the
 * entries of one member share most of their nodes, and at each level the nodes they need are often
 * dense in an index range: a level whose nodes fill at least a quarter of their span is read as one
 * range of the primary key (space, level, idx), the others as chunks of `idx in (…)` on that level.
 * Both are index lookups on SQLite and PostgreSQL; the store's generic HashStore get (a VALUES list of
 * (level, idx) pairs) costs PostgreSQL tens of milliseconds per 400 ids, which thousands of proofs
 * multiply.
 */
import type { Digest } from "../../log/crypto.js";
import { HASH_SIZE } from "../../log/merkle/hash.js";
import type { NodeId } from "../../log/merkle/hash-store.js";
import { chunked, fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";

/** Node indices per `in (…)` list. */
const IDS_PER_QUERY = 500;

/**
 * The hashes of `ids`, by key index·64 + level (levels < 64). Throws StoreError("corrupt") when a node
 * a published tree needs is missing or not 32 bytes.
 *
 * @example const byKey = await readProofNodes(db.kysely, "stays", ids)
 */
export async function readProofNodes(
  db: Executor,
  space: string,
  ids: readonly NodeId[],
): Promise<Map<number, Digest>> {
  const byLevel = new Map<number, number[]>();
  for (const id of ids) {
    const list = byLevel.get(id.level) ?? [];
    list.push(id.index);
    byLevel.set(id.level, list);
  }
  const found = new Map<number, Digest>();
  for (const [level, indices] of byLevel) {
    indices.sort((a, b) => a - b);
    const lo = indices[0] as number;
    const hi = indices.at(-1) as number;
    const parts = hi - lo + 1 <= 4 * indices.length ? [null] : chunked(indices, IDS_PER_QUERY);
    for (const part of parts) {
      const rows =
        part === null
          ? await rangeOf(db, space, level, lo, hi)
          : await listOf(db, space, level, part);
      for (const row of rows) found.set(row.idx * 64 + level, checked(space, level, row));
    }
  }
  for (const id of ids) {
    if (!found.has(id.index * 64 + id.level)) {
      throw new StoreError(
        "corrupt",
        `space ${space}: node (level ${id.level}, index ${id.index}) of a published tree is missing`,
      );
    }
  }
  return found;
}

interface NodeRow {
  readonly idx: number;
  readonly hash: Uint8Array;
}

function rangeOf(db: Executor, space: string, level: number, lo: number, hi: number) {
  return db
    .selectFrom("log_nodes")
    .select(["idx", "hash"])
    .where("space", "=", space)
    .where("level", "=", level)
    .where("idx", ">=", lo)
    .where("idx", "<=", hi)
    .execute();
}

function listOf(db: Executor, space: string, level: number, indices: readonly number[]) {
  return db
    .selectFrom("log_nodes")
    .select(["idx", "hash"])
    .where("space", "=", space)
    .where("level", "=", level)
    .where("idx", "in", indices)
    .execute();
}

function checked(space: string, level: number, row: NodeRow): Digest {
  if (row.hash.length !== HASH_SIZE) {
    throw new StoreError("corrupt", `space ${space}: node (${level}, ${row.idx}) is not 32 bytes`);
  }
  return fromDbBytes(row.hash);
}
