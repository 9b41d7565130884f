/**
 * The persistent HashStore (port: src/log/merkle/hash-store.ts) over the log_nodes table of one space. It
 * runs on whatever executor it is given, so created on a transaction's `tx` its writes commit or roll back
 * with the log entries and the projections of the same append.
 *
 * Batching: get reads any number of ids in one query per NODE_IDS_PER_SELECT (a proof is ~2·log2(n) ids);
 * put writes NODE_ROWS_PER_INSERT rows per multi-row insert. Both stay under 999 bound parameters.
 */
import { sql } from "kysely";
import type { Digest } from "../../log/crypto.js";
import { LogError } from "../../log/errors.js";
import { HASH_SIZE } from "../../log/merkle/hash.js";
import type { HashStore, NodeId, StoredNode } from "../../log/merkle/hash-store.js";
import { sameBytes } from "../../log/merkle/same-bytes.js";
import { chunked, fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import { rowsStatement } from "../precompiled.js";
import type { Executor } from "../schema.js";

/** Rows per insert: 4 parameters each, 800 per statement. */
export const NODE_ROWS_PER_INSERT = 200;
/** Ids per select: at most 2 parameters each plus the space, ≤ 801 per statement. */
export const NODE_IDS_PER_SELECT = 400;

/** Levels 0..63 address every tree of up to 2^63 leaves (the memory store's bound too). */
const MAX_LEVEL = 63;

/**
 * A HashStore for the nodes of `space`, on a database or (usually) a transaction.
 *
 * @example
 * await db.spaceTransaction(space, async ({ tx }) => {
 *   await createSqlHashStore(tx, space).put(appender.append(leafHash(entry)))
 * })
 */
export function createSqlHashStore(db: Executor, space: string): HashStore {
  return {
    get: (ids) => getNodes(db, space, ids),
    put: (nodes) => putNodes(db, space, nodes),
  };
}

async function getNodes(db: Executor, space: string, ids: readonly NodeId[]): Promise<Digest[]> {
  ids.forEach(requireValidId);
  const found = new Map<string, Uint8Array>();
  for (const part of chunked(ids, NODE_IDS_PER_SELECT)) {
    for (const row of await selectNodes(db, space, part)) {
      found.set(nodeKey(row.level, row.idx), row.hash);
    }
  }
  return ids.map((id) => {
    const hash = found.get(nodeKey(id.level, id.index));
    if (hash === undefined) {
      throw new LogError(
        "missing",
        `space ${space} has no hash for node (level ${id.level}, index ${id.index})`,
      );
    }
    return requireStoredHash(hash, space, id);
  });
}

/**
 * One query, `(level, idx) in (values …)`: both SQLite and PostgreSQL resolve it with primary-key lookups
 * (space, level, idx), one per id, whatever the log's size. (An OR of per-level `idx in (…)` terms made
 * SQLite scan every node of the space.) The casts give PostgreSQL the VALUES columns' types.
 */
function selectNodes(db: Executor, space: string, ids: readonly NodeId[]) {
  const unique = new Map(ids.map((id) => [nodeKey(id.level, id.index), id]));
  const rows = sql.join(
    [...unique.values()].map(
      ({ level, index }) => sql`(cast(${level} as integer), cast(${index} as bigint))`,
    ),
  );
  return db
    .selectFrom("log_nodes")
    .select(["level", "idx", "hash"])
    .where("space", "=", space)
    .where(sql<boolean>`(level, idx) in (values ${rows})`)
    .execute();
}

async function putNodes(db: Executor, space: string, nodes: readonly StoredNode[]): Promise<void> {
  for (const node of nodes) {
    requireValidId(node.id);
    if (node.hash.length !== HASH_SIZE) {
      throw new LogError(
        "malformed",
        `hash of node (level ${node.id.level}, index ${node.id.index}) is ${node.hash.length} bytes, not ${HASH_SIZE}`,
      );
    }
  }
  for (const part of chunked(nodes, NODE_ROWS_PER_INSERT)) {
    const inserted = await INSERT_NODES.execute(db, part.length, nodeValues(space, part));
    // Rows the conflict clause skipped were stored before: they must hold the same hashes.
    if (Number(inserted.numAffectedRows ?? 0) < part.length) {
      await requireSameAsStored(db, space, part);
    }
  }
}

/**
 * Node rows, compiled once per row count (../precompiled.ts): every append writes some. The count of
 * rows inserted (SQLite's changes(), PostgreSQL's row count, both excluding rows the conflict clause
 * skipped) says whether any existed, without `returning` a row object per node written.
 */
/** INSERT_NODES' values for `nodes`, row after row, in one array (no array per node to flatten). */
function nodeValues(space: string, nodes: readonly StoredNode[]): unknown[] {
  const values = new Array<unknown>(nodes.length * 4);
  for (let r = 0; r < nodes.length; r++) {
    const { id, hash } = nodes[r] as StoredNode;
    values[r * 4] = space;
    values[r * 4 + 1] = id.level;
    values[r * 4 + 2] = id.index;
    values[r * 4 + 3] = toDbBytes(hash);
  }
  return values;
}

const INSERT_NODES = rowsStatement(NODE_ROWS_PER_INSERT, (db, rows, $) =>
  db
    .insertInto("log_nodes")
    .values(
      Array.from({ length: rows }, (_, r) => ({
        space: $(r * 4),
        level: $(r * 4 + 1),
        idx: $(r * 4 + 2),
        hash: $(r * 4 + 3),
      })),
    )
    .onConflict((oc) => oc.columns(["space", "level", "idx"]).doNothing()),
);

/**
 * Rewriting a stored node is allowed with the same hash only (hash-store.ts): complete subtrees never
 * change, so a different hash means two different trees claim one space (LogError "inconsistent").
 */
async function requireSameAsStored(
  db: Executor,
  space: string,
  nodes: readonly StoredNode[],
): Promise<void> {
  const stored = await getNodes(
    db,
    space,
    nodes.map((n) => n.id),
  );
  nodes.forEach(({ id, hash }, i) => {
    if (!sameBytes(stored[i] as Digest, hash)) {
      throw new LogError(
        "inconsistent",
        `space ${space}: node (level ${id.level}, index ${id.index}) already holds a different hash`,
      );
    }
  });
}

function requireValidId(id: NodeId): void {
  if (!Number.isInteger(id.level) || id.level < 0 || id.level > MAX_LEVEL) {
    throw new LogError(
      "malformed",
      `node level ${id.level} is not an integer in [0, ${MAX_LEVEL}]`,
    );
  }
  if (!Number.isSafeInteger(id.index) || id.index < 0) {
    throw new LogError("malformed", `node index ${id.index} is not a non-negative integer`);
  }
}

/** The table's check constraint keeps hashes at 32 bytes; a row that is not means a damaged database. */
function requireStoredHash(hash: Uint8Array, space: string, id: NodeId): Digest {
  if (hash.length !== HASH_SIZE) {
    throw new StoreError(
      "corrupt",
      `space ${space}: stored hash of node (level ${id.level}, index ${id.index}) is ${hash.length} bytes`,
    );
  }
  return fromDbBytes(hash);
}

function nodeKey(level: number, index: number): string {
  return `${level}/${index}`;
}
