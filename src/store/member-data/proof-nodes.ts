/**
 * Reading the node hashes that many inclusion proofs need at once (member-events.ts). Proofs for the
 * entries of one member share most of their nodes, and at each level the nodes they need are often
 * dense in an index range: a level whose nodes fill at least a quarter of their span is read as one
 * range of the primary key (space, level, idx), the others as chunks of `idx in (…)` on that level.
 * Both are index lookups; on SQLite (one in-process connection) a statement costs microseconds. On
 * PostgreSQL a statement is a round trip and its own parse, plan and execution: the nodes of a whole batch
 * are read with one statement, runs of indices passed as arrays and joined through unnest to range
 * scans of the primary key, instead of a statement per level and chunk (about 16 per batch, 238 for an
 * export of 15,000 entries, where they were the largest wait: docs/benchmarks.md, "Member export",
 * session 4). The store's generic HashStore get (a VALUES list of (level, idx) pairs) costs PostgreSQL
 * tens of milliseconds per 400 ids: a VALUES list is planned per pair, array parameters once.
 */

import { sql } from "kysely";
import type { Digest } from "../../log/crypto.js";
import { HASH_SIZE } from "../../log/merkle/hash.js";
import type { NodeId } from "../../log/merkle/hash-store.js";
import type { Database } from "../database.js";
import { chunked, fromDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";

/** Node indices per `in (…)` list (SQLite). */
const IDS_PER_QUERY = 500;

/** Unwanted nodes read through between two wanted ones of a level (PostgreSQL). */
export const RUN_GAP = 8;

/** Runs per statement (PostgreSQL: three array parameters, whatever their length). */
const RUNS_PER_STATEMENT = 20_000;

/**
 * The hashes of `ids`, by key index·64 + level (levels < 64). Throws StoreError("corrupt") when a node
 * a published tree needs is missing or not 32 bytes.
 *
 * @example const byKey = await readProofNodes(db, "stays", ids)
 */
export async function readProofNodes(
  db: Database,
  space: string,
  ids: readonly NodeId[],
): Promise<Map<number, Digest>> {
  const found =
    db.dialect === "postgres"
      ? await runsOf(db, space, ids)
      : await byLevels(db.kysely, space, ids);
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

/**
 * PostgreSQL: every node in one statement. The wanted indices of each level are merged into runs (a gap
 * of at most RUN_GAP unwanted nodes is read through) and the runs, passed as three arrays, are joined
 * to the primary key: a dense level is one range scan (about 1 µs a row), a lone node one lookup (about
 * 9 µs, measured with EXPLAIN ANALYZE on the bench's space).
 */
async function runsOf(
  db: Database,
  space: string,
  ids: readonly NodeId[],
): Promise<Map<number, Digest>> {
  const runs = nodeRuns(ids);
  const found = new Map<number, Digest>();
  for (let i = 0; i < runs.level.length; i += RUNS_PER_STATEMENT) {
    const part = (xs: readonly number[]) => xs.slice(i, i + RUNS_PER_STATEMENT);
    const { rows } = await sql<NodeRow & { readonly level: number }>`
      select n.level, n.idx, n.hash
      from unnest(${part(runs.level)}::integer[], ${part(runs.lo)}::bigint[], ${part(runs.hi)}::bigint[])
        as r(level, lo, hi)
      join log_nodes n
        on n.space = ${space} and n.level = r.level and n.idx between r.lo and r.hi`.execute(
      db.kysely,
    );
    for (const row of rows) {
      const idx = Number(row.idx);
      found.set(idx * 64 + row.level, checked(space, row.level, { idx, hash: row.hash }));
    }
  }
  return found;
}

/**
 * The runs of node indices covering `ids`, level by level, as three parallel arrays: [lo, hi] on
 * `level`, consecutive wanted indices at most RUN_GAP + 1 apart merged.
 *
 * @example nodeRuns([{ level: 0, index: 4 }, { level: 0, index: 5 }, { level: 2, index: 9 }]) // { level: [0, 2], lo: [4, 9], hi: [5, 9] }
 */
export function nodeRuns(ids: readonly NodeId[]): {
  level: number[];
  lo: number[];
  hi: number[];
} {
  const byLevel = new Map<number, number[]>();
  for (const id of ids) {
    const list = byLevel.get(id.level);
    if (list === undefined) byLevel.set(id.level, [id.index]);
    else list.push(id.index);
  }
  const out = { level: [] as number[], lo: [] as number[], hi: [] as number[] };
  for (const [level, indices] of [...byLevel].sort((a, b) => a[0] - b[0])) {
    indices.sort((a, b) => a - b);
    let lo = indices[0] as number;
    let hi = lo;
    for (const i of indices) {
      if (i - hi <= RUN_GAP + 1) hi = Math.max(hi, i);
      else {
        out.level.push(level);
        out.lo.push(lo);
        out.hi.push(hi);
        lo = i;
        hi = i;
      }
    }
    out.level.push(level);
    out.lo.push(lo);
    out.hi.push(hi);
  }
  return out;
}

/** SQLite: a level at a time, as a range of the primary key where dense, `in (…)` lists elsewhere. */
async function byLevels(
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
