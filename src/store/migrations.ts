/**
 * The migration list and how it runs: Kysely's Migrator with an in-code provider. Migrations apply in list
 * order, each once; the database records applied names (table kysely_migration; on PostgreSQL in the
 * database's schema) and refuses to run when it holds a name this list lacks (a newer release ran).
 *
 * To add tables: write a StoreMigration next to the tables' module (like log/migration.ts), append it
 * here with the next number, and add the tables' interface to StoreSchema (schema.ts). Never edit or
 * reorder a migration that has shipped; add a new one.
 */
import { type Migration, Migrator } from "kysely";
import {
  accessKeysMigration,
  idempotencyAppliedMigration,
  idempotencyMigration,
} from "./access/migration.js";
import type { Database } from "./database.js";
import { StoreError } from "./errors.js";
import { spaceKeysMigration } from "./keys/migration.js";
import { logTablesMigration } from "./log/migration.js";
import { receiptBatchesMigration } from "./log/receipt-batches-migration.js";
import { memberDataMigration } from "./member-data/migration.js";
import { columnTypes, type StoreMigration } from "./migration.js";
import { appellantNullableMigration } from "./projections/appellant-migration.js";
import { eventPrivateIndexesMigration } from "./projections/event-private-indexes-migration.js";
import { lookupIndexesMigration } from "./projections/lookup-indexes-migration.js";
import { projectionsMigration } from "./projections/migration.js";
import { reviewIndexesMigration } from "./projections/review-indexes-migration.js";
import { trustScoresMigration } from "./trust/migration.js";
import { webhooksMigration } from "./webhooks/migration.js";

/** Every migration of the store, oldest first. Later modules append theirs. */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  logTablesMigration,
  spaceKeysMigration,
  projectionsMigration,
  accessKeysMigration,
  idempotencyMigration,
  webhooksMigration,
  trustScoresMigration,
  memberDataMigration,
  lookupIndexesMigration,
  idempotencyAppliedMigration,
  appellantNullableMigration,
  receiptBatchesMigration,
  reviewIndexesMigration,
  eventPrivateIndexesMigration,
];

/**
 * Applies the migrations the database lacks and returns their names (none when it is up to date). Safe to
 * run concurrently from several processes: Kysely takes a migration lock. Throws
 * StoreError("migration-failed") when a migration fails (it is rolled back: both backends run each one
 * in a transaction) or the database knows migrations this list lacks.
 *
 * @example await migrateToLatest(db) // ["0001-log-tables", "0002-space-keys"] on a fresh database
 */
export async function migrateToLatest(
  db: Database,
  migrations: readonly StoreMigration[] = STORE_MIGRATIONS,
): Promise<string[]> {
  requireOrderedUniqueNames(migrations);
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => inCodeMigrations(db, migrations) },
    ...(db.schema === undefined ? {} : { migrationTableSchema: db.schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === "Error")?.migrationName;
    const what =
      failed === undefined ? "the migrations could not run" : `migration ${failed} failed`;
    throw new StoreError("migration-failed", `${what} (${db.dialect})`, { cause: error });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}

function inCodeMigrations(
  db: Database,
  migrations: readonly StoreMigration[],
): Record<string, Migration> {
  const types = columnTypes(db.dialect);
  return Object.fromEntries(migrations.map((m) => [m.name, { up: (k) => m.up(k, types) }]));
}

/** Kysely runs migrations sorted by name: the list must already be in that order, or it would lie. */
function requireOrderedUniqueNames(migrations: readonly StoreMigration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (previous !== undefined && !(previous.name < m.name)) {
      throw new RangeError(
        `migration ${m.name} must sort after ${previous.name}, and names are unique`,
      );
    }
  });
}
