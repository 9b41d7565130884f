/** The transparency log's tables: entries, node hashes (a persistent HashStore), tree state, checkpoints. */
export { type AppendResult, appendEntries, ENTRY_ROWS_PER_INSERT } from "./append-entries.js";
export {
  type CheckpointToStore,
  latestCheckpoint,
  type StoredCheckpoint,
  saveCheckpoint,
} from "./checkpoints.js";
export { MAX_ENTRIES_PER_READ, readEntries, type StoredEntry } from "./entries.js";
export { type LogState, readLogState, writeLogState } from "./log-state.js";
export { logTablesMigration } from "./migration.js";
export {
  createSqlHashStore,
  NODE_IDS_PER_SELECT,
  NODE_ROWS_PER_INSERT,
} from "./sql-hash-store.js";
export type {
  CheckpointsTable,
  LogEntriesTable,
  LogNodesTable,
  LogStateTable,
  LogTables,
} from "./tables.js";
