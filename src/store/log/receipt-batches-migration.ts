/**
 * Migration 0108: receipt_batches, the signed batch notes of receipt v2 (src/log/receipt/batch-note.ts).
 * One row per append batch: the log signs the batch once, when it appends it, and every later read of an
 * entry's receipt (GET …/log/receipts/{index}, an idempotent retry, the member export) rebuilds it from
 * this row and the batch's leaf hashes, signing nothing. Keyed like every log table by (space, …), so a
 * distributed PostgreSQL can shard it by space; (space, first_index) is the primary key, and the batch
 * covering an index is the one with the largest first_index at or below it.
 *
 * Entries appended before this migration have no row; the store signs their batches once, on first
 * read (receipt-batches.ts), and keeps them.
 */
import { sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** Creates receipt_batches. */
export const receiptBatchesMigration: StoreMigration = {
  name: "0108-receipt-batches",
  async up(db, { bytes }) {
    await db.schema
      .createTable("receipt_batches")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("first_index", "bigint", (c) => c.notNull())
      .addColumn("size", "bigint", (c) => c.notNull())
      .addColumn("time", "bigint", (c) => c.notNull())
      .addColumn("root", bytes, (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("note", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("receipt_batches_pk", ["space", "first_index"])
      .addCheckConstraint("receipt_batches_first_range", sql`first_index >= 0`)
      .addCheckConstraint("receipt_batches_size_range", sql`size >= 1`)
      .addCheckConstraint("receipt_batches_time_range", sql`time >= 0`)
      .addCheckConstraint("receipt_batches_root_size", sql`length(root) = 32`)
      .execute();
  },
};
