/**
 * The PostgreSQL backend: a pg pool behind Kysely's PostgresDialect. Durability is PostgreSQL's default,
 * synchronous_commit=on: a commit returns once its WAL record is flushed to disk, so it survives a server
 * crash and power loss. This store never lowers it.
 *
 * `schema` puts every table (and the migration bookkeeping) in one PostgreSQL schema through the session's
 * search_path: tests use a fresh schema each, and several deployments can share one database.
 */
import { Kysely, PostgresDialect, sql, type Transaction } from "kysely";
import pg from "pg";
import { createDatabase, type Database } from "../database.js";
import type { StoreSchema } from "../schema.js";
import { classifyPostgresError } from "./postgres-errors.js";
import { withSchemaIntrospector } from "./schema-introspector.js";
import { storeTypeParsers } from "./type-parsers.js";

/** Where and how to connect. */
export interface PostgresOptions {
  /** A postgres:// connection string (see storeConfigFromEnv). */
  readonly url: string;
  /** The schema to use; "public" when not given. Lowercase letters, digits and _, at most 63 characters. */
  readonly schema?: string;
  /** The most pooled connections. */
  readonly poolSize?: number;
  /** How long to wait for a connection before StoreError("unavailable"). */
  readonly connectTimeoutMs?: number;
}

/** The pool size when PostgresOptions.poolSize is not given (pg's own default). */
export const DEFAULT_POOL_SIZE = 10;
/** The connection timeout when PostgresOptions.connectTimeoutMs is not given. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The first key of the store's advisory locks: the two-key form keeps Fabrique's locks apart from other
 * users of advisory locks in the same database (Kysely's migration lock uses the one-bigint form, which
 * does not overlap with this one). "Fabr" in ASCII.
 */
export const SPACE_LOCK_NAMESPACE = 0x46616272;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects to PostgreSQL and checks that it answers. The schema is not migrated: call migrateToLatest, or
 * use openStore which does. Throws StoreError("unavailable") when the server cannot be reached.
 *
 * @example
 * const db = await openPostgres({ url: process.env.DATABASE_URL })
 * await migrateToLatest(db)
 */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`schema ${JSON.stringify(schema)} is not a plain lowercase identifier`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // The identifier is checked above, so it can be spliced into the startup option. Parallel query is
    // off: this is an OLTP workload, and PostgreSQL 15's parallel workers were seen to fail catalog
    // queries with "schema … does not exist" (3F000, "parallel worker") for a search_path schema that
    // another session had just created.
    options: `-c search_path=${schema} -c max_parallel_workers_per_gather=0`,
    types: storeTypeParsers,
  });
  // An idle client that loses its connection (a server restart) is dropped by the pool; without a
  // listener, that 'error' event would crash the process. The next query reports unavailability.
  pool.on("error", () => {});
  await requireReachable(pool);
  return createDatabase({
    dialect: "postgres",
    // Introspection (Kysely's Migrator) sees only this schema: schema-introspector.ts says why.
    kysely: new Kysely<StoreSchema>({
      dialect: withSchemaIntrospector(new PostgresDialect({ pool }), schema),
    }),
    schema,
    lockSpace: lockSpaceForTransaction,
    classifyError: classifyPostgresError,
  });
}

async function requireReachable(pool: pg.Pool): Promise<void> {
  try {
    await pool.query("select 1");
  } catch (e) {
    await pool.end();
    throw classifyPostgresError(e) ?? e;
  }
}

/**
 * The space's writer lock across processes, released by PostgreSQL at commit or rollback. hashtext maps
 * the space id to 32 bits: two spaces that collide only share a lock (they serialize), never break it.
 */
async function lockSpaceForTransaction(tx: Transaction<StoreSchema>, space: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(SPACE_LOCK_NAMESPACE)}, hashtext(${space}))`.execute(
    tx,
  );
}
