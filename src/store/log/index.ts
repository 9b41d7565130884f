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
export { latestSignedCheckpoint, requirePublishedSize } from "./published-tree.js";
export { type IssuedReceipt, issueReceipts } from "./receipts.js";
export { consistencyProofFor, type InclusionProofOf, inclusionProofFor } from "./serve-proofs.js";
export { readEntryBundle, readLogResource, readTile } from "./serve-tiles.js";
export { DEFAULT_LOG_HOST, spaceLogOrigin } from "./space-log-origin.js";
export {
  createSpaceLogSigners,
  type SpaceLogSigner,
  type SpaceLogSigners,
  spaceLogSigner,
} from "./space-log-signer.js";
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
