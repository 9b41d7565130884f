/**
 * Projections: the records of every space (src/domain/records.ts) as SQL tables, applied from evolve's
 * changes, read through the DomainReader port, rebuilt from the log, and the private parts of events
 * with their retention sweep.
 */
export { type ApplyOptions, applyChanges } from "./apply-changes.js";
export {
  type ColumnValue,
  columnOfField,
  RECORD_TABLES,
  type RecordTable,
  type RecordTableName,
  rowOf,
  visibleFrom,
} from "./columns.js";
export { loggedEvent } from "./logged-event.js";
export { projectionsMigration } from "./migration.js";
export {
  deletePrivatePart,
  deletePrivatePartsOf,
  privatePartOf,
  readPrivateParts,
  type StoredPrivatePart,
  storePrivatePart,
} from "./private-parts.js";
export { type RebuildOptions, type RebuildReport, rebuild } from "./rebuild.js";
export { parseRecord, parseRecords } from "./record-json.js";
export { DEFAULT_SWEEP_LIMIT, type SweepReport, sweepRetention } from "./retention-sweep.js";
export { createSqlDomainReader, getRecord } from "./sql-reader.js";
export type * from "./tables.js";
