/**
 * The statements of the record tables that the write path runs for every event: read a record's data by
 * id, insert a record's row, rewrite a record's row. One precompiled statement (../precompiled.ts) per
 * record kind and statement, so each event pays for binding its values, not for building and compiling
 * the query again. The columns are those of columns.ts `rowOf`, in a fixed order per kind.
 */
import type { Compilable, Kysely } from "kysely";
import type { RecordKind } from "../../domain/records.js";
import { type Precompiled, precompile } from "../precompiled.js";
import type { Executor } from "../schema.js";
import { type ColumnValue, RECORD_TABLES } from "./columns.js";

/** Tables addressed by a name computed at run time (the record kind's table). */
type DynamicSchema = Record<string, Record<string, ColumnValue>>;

/** The statements of one record kind. */
interface KindStatements {
  /** Every column of the kind's rows: space, id, data, then the rest. */
  readonly columns: readonly string[];
  /** [space, id] → the row's data. */
  readonly select: Precompiled<{ data: string }>;
  /** One row's columns in `columns` order → inserted, or nothing when (space, id) exists. */
  readonly insert: Precompiled<unknown>;
  /** The row's columns after space and id, then space and id → the row rewritten. */
  readonly update: Precompiled<unknown>;
  /**
   * The values of one insert or update, filled just before its `execute` and read by it at once:
   * a precompiled statement copies its values into the query's parameters before it returns
   * (../precompiled.ts), so one array per kind serves every row instead of two or three made per row.
   */
  readonly values: ColumnValue[];
}

const statements = new Map<RecordKind, KindStatements>();

function statementsOf(kind: RecordKind): KindStatements {
  const known = statements.get(kind);
  if (known !== undefined) return known;
  const { table, fields, derived } = RECORD_TABLES[kind];
  const columns = [
    "space",
    "id",
    "data",
    ...(Object.values(fields) as string[]),
    ...Object.keys(derived),
  ];
  const rest = columns.slice(2);
  const dynamic = (db: Executor) => db as unknown as Kysely<DynamicSchema>;
  const made: KindStatements = {
    columns,
    values: new Array<ColumnValue>(columns.length).fill(null),
    select: precompile(
      (db, $) =>
        dynamic(db)
          .selectFrom(table)
          .select("data")
          .where("space", "=", $(0))
          .where("id", "=", $(1)) as Compilable<{ data: string }>,
    ),
    insert: precompile((db, $) =>
      dynamic(db)
        .insertInto(table)
        .values(Object.fromEntries(columns.map((c, i) => [c, $(i)])))
        .onConflict((oc) => oc.columns(["space", "id"]).doNothing()),
    ),
    update: precompile((db, $) =>
      dynamic(db)
        .updateTable(table)
        .set(Object.fromEntries(rest.map((c, i) => [c, $(i)])))
        .where("space", "=", $(rest.length))
        .where("id", "=", $(rest.length + 1)),
    ),
  };
  statements.set(kind, made);
  return made;
}

/**
 * The data of the record of `kind` with `id` in `space`, or null.
 *
 * @example const data = await selectRecordData(tx, "member", "stays", memberId)
 */
export async function selectRecordData(
  db: Executor,
  kind: RecordKind,
  space: string,
  id: string,
): Promise<string | null> {
  const { rows } = await statementsOf(kind).select.execute(db, [space, id]);
  return rows[0]?.data ?? null;
}

/**
 * Inserts `row` (columns.ts `rowOf`) unless its (space, id) exists; true when it inserted.
 *
 * @example if (!(await insertRecordRow(tx, "review", rowOf("review", record)))) throw conflict
 */
export async function insertRecordRow(
  db: Executor,
  kind: RecordKind,
  row: Readonly<Record<string, ColumnValue>>,
): Promise<boolean> {
  const { columns, insert, values } = statementsOf(kind);
  for (let i = 0; i < columns.length; i++) values[i] = row[columns[i] as string] ?? null;
  const result = await insert.execute(db, values);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Rewrites the row of (row.space, row.id) with `row` (columns.ts `rowOf`).
 *
 * @example await updateRecordRow(tx, "review", rowOf("review", merged))
 */
export async function updateRecordRow(
  db: Executor,
  kind: RecordKind,
  row: Readonly<Record<string, ColumnValue>>,
): Promise<void> {
  // The row's columns after space and id, then space and id: `values` rotated by two.
  const { columns, update, values } = statementsOf(kind);
  const n = columns.length;
  for (let i = 2; i < n; i++) values[i - 2] = row[columns[i] as string] ?? null;
  values[n - 2] = row.space ?? null;
  values[n - 1] = row.id ?? null;
  await update.execute(db, values);
}
