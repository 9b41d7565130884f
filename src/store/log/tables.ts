/**
 * The log tables' row types. Every row carries its space and every primary key starts with it, so a
 * distributed PostgreSQL (Citus) can shard all of them by space (src/store/log/migration.ts).
 *
 * Integers are JavaScript numbers: log indices and sizes stay below 2^53 (the appender refuses to grow
 * beyond), and the PostgreSQL backend parses int8 as a checked number (postgres/type-parsers.ts). Times are
 * ISO 8601 UTC text written by the application, the same in both backends and sortable as text.
 */

/** One log entry: the exact bytes that were hashed into leaf `idx` (RFC 9162 §2.1.1). */
export interface LogEntriesTable {
  space: string;
  idx: number;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  created_at: string;
}

/** The root hash of the complete subtree (level, idx) (see src/log/merkle/hash-store.ts). */
export interface LogNodesTable {
  space: string;
  level: number;
  idx: number;
  hash: Uint8Array;
}

/** The tree of one space now: size, root, and right frontier (the hashes largest-first, concatenated). */
export interface LogStateTable {
  space: string;
  size: number;
  root: Uint8Array;
  frontier: Uint8Array;
  updated_at: string;
}

/** A signed checkpoint (C2SP tlog-checkpoint) as issued: its size and root, and the signed note's text. */
export interface CheckpointsTable {
  space: string;
  size: number;
  root: Uint8Array;
  note: string;
  created_at: string;
}

/**
 * One signed receipt batch (receipt v2, src/log/receipt/batch-note.ts): entries first_index … first_index
 * + size − 1, the MTH of their leaf hashes, the time (Unix ms) and the signed note, by the key key_id.
 */
export interface ReceiptBatchesTable {
  space: string;
  first_index: number;
  size: number;
  time: number;
  root: Uint8Array;
  key_id: string;
  note: string;
}

/** The log's tables, part of StoreSchema (src/store/schema.ts). */
export interface LogTables {
  log_entries: LogEntriesTable;
  log_nodes: LogNodesTable;
  log_state: LogStateTable;
  checkpoints: CheckpointsTable;
  receipt_batches: ReceiptBatchesTable;
}
