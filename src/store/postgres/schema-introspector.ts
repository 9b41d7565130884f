/**
 * A DatabaseIntrospector that sees one schema only. Kysely's PostgresIntrospector lists the tables of every
 * schema of the database, calling has_schema_privilege(nspname, …) on each: a schema another client drops
 * while that query runs fails it with 3F000 "schema … does not exist" (PostgreSQL resolves the name at
 * execution time, after the catalog snapshot listed it). Kysely's Migrator runs that listing on every
 * start, so one tenant's or test run's DROP SCHEMA could fail another's migration. The store's schema is
 * the only one it needs to see; the query names it, and calls nothing that resolves other schemas' names.
 */
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Dialect,
  type Kysely,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from "kysely";

/** Kysely's own bookkeeping tables, hidden unless asked for (as Kysely's introspectors do). */
const KYSELY_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

interface ColumnRow {
  readonly table: string;
  readonly kind: string;
  readonly column: string;
  readonly type: string;
  readonly type_schema: string;
  readonly not_null: boolean;
  readonly has_default: boolean;
}

/**
 * `dialect` with an introspector limited to `schema`.
 *
 * @example new Kysely({ dialect: withSchemaIntrospector(new PostgresDialect({ pool }), "tenant_a") })
 */
export function withSchemaIntrospector(dialect: Dialect, schema: string): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => schemaIntrospector(db, schema),
  };
}

function schemaIntrospector(db: Kysely<unknown>, schema: string): DatabaseIntrospector {
  async function getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as table, c.relkind as kind, a.attname as column, typ.typname as type,
             dtns.nspname as type_schema, a.attnotnull as not_null, a.atthasdef as has_default
      from pg_catalog.pg_namespace ns
      join pg_catalog.pg_class c on c.relnamespace = ns.oid
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type typ on typ.oid = a.atttypid
      join pg_catalog.pg_namespace dtns on dtns.oid = typ.typnamespace
      where ns.nspname = ${schema} and c.relkind in ('r', 'v', 'p')
        and a.attnum >= 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      if (!options.withInternalKyselyTables && KYSELY_TABLES.has(row.table)) continue;
      let table = tables.get(row.table);
      if (table === undefined) {
        table = { name: row.table, schema, isView: row.kind === "v", columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: false,
      });
    }
    return [...tables.values()];
  }

  return {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    getTables,
    async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
      return { tables: await getTables(options) };
    },
  };
}
