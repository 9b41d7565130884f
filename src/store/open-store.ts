/**
 * Opening the store from a configuration: the backend it names, migrated to the latest schema, and the key
 * vault over the configured master key. This is what entry points (server, CLI) call.
 */
import type { StoreConfig } from "./config.js";
import type { Database } from "./database.js";
import { createKeyVault, type KeyVault } from "./keys/key-vault.js";
import { resolveMasterKey } from "./keys/master-key.js";
import { migrateToLatest } from "./migrations.js";
import { openPostgres } from "./postgres/open-postgres.js";
import { openSqlite } from "./sqlite/open-sqlite.js";

/** An open, migrated store. */
export interface Store {
  readonly db: Database;
  readonly vault: KeyVault;
  /** Closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the configured database, applies pending migrations and loads the master key (generating the key
 * file on the embedded default's first run).
 *
 * @example const store = await openStore(storeConfigFromEnv(process.env))
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const vault = createKeyVault(await resolveMasterKey(config.masterKey));
  const db = await openBackend(config);
  try {
    await migrateToLatest(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return { db, vault, close: () => db.close() };
}

function openBackend(config: StoreConfig): Promise<Database> {
  switch (config.backend) {
    case "sqlite":
      return openSqlite({ dataDir: config.dataDir });
    case "postgres":
      return openPostgres({ url: config.url });
  }
}
