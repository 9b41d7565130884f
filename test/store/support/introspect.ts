/**
 * Schema questions the store's tests ask of either backend. Test helper.
 */
import { sql } from "kysely";
import type { Database } from "../../../src/store/database.js";

/** The store's tables (without Kysely's migration bookkeeping), sorted. */
export async function tableNames(db: Database): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables();
  return tables
    .filter((t) => db.schema === undefined || t.schema === db.schema)
    .map((t) => t.name)
    .sort();
}

/** The columns of a table's primary key, in key order. */
export async function primaryKeyColumns(db: Database, table: string): Promise<string[]> {
  if (db.dialect === "sqlite") {
    const { rows } = await sql<{ name: string }>`
      select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db.kysely);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ column_name: string }>`
    select k.column_name
    from information_schema.table_constraints t
    join information_schema.key_column_usage k
      on k.constraint_schema = t.constraint_schema and k.constraint_name = t.constraint_name
    where t.constraint_type = 'PRIMARY KEY' and t.table_schema = ${db.schema} and t.table_name = ${table}
    order by k.ordinal_position`.execute(db.kysely);
  return rows.map((r) => r.column_name);
}

/** How many rows of `table` belong to `space`. */
export async function countRows(db: Database, table: string, space: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from ${sql.table(table)} where space = ${space}`.execute(db.kysely);
  return Number(rows[0]?.n);
}
