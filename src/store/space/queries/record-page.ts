/**
 * One page of the records of a kind, filtered and in keyset order: the shape every list query of
 * records shares (members, subjects, interactions, vouches, alerts, decisions, appeals).
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { Parsed, RecordKind, RecordOf } from "../../../domain/index.js";
import { type ColumnValue, RECORD_TABLES } from "../../projections/columns.js";
import { parseRecord } from "../../projections/record-json.js";
import type { Executor } from "../../schema.js";
import {
  afterCursor,
  type Keyset,
  type Page,
  type PageRequest,
  pageOf,
  parsePageRequest,
} from "./pagination.js";

/** Tables named at run time (the kind's table), columns by name. */
type DynamicSchema = Record<string, Record<string, ColumnValue>>;

/** A filter on the kind's columns (the space is always filtered). */
export type RecordFilter = (
  eb: ExpressionBuilder<DynamicSchema, string>,
) => Expression<SqlBool> | readonly Expression<SqlBool>[];

/**
 * The page `request` asks for of the records of `kind` in `space` that pass `filter`, in `keyset`
 * order. Refuses a bad limit or cursor (pagination.ts).
 *
 * @example await recordPage(db, "member", space, MEMBERS, request, () => [])
 */
export async function recordPage<K extends RecordKind>(
  db: Executor,
  kind: K,
  space: string,
  keyset: Keyset,
  request: PageRequest,
  filter: RecordFilter,
): Promise<Parsed<Page<RecordOf<K>>>> {
  const position = parsePageRequest(keyset, request);
  if (!position.ok) return position;
  const { limit, after } = position.value;
  const dyn = db as unknown as Kysely<DynamicSchema>;
  const rows = await dyn
    .selectFrom(RECORD_TABLES[kind].table)
    .select(["id", "data", `${keyset.column} as sort_value`])
    .where("space", "=", space)
    .where((eb) => {
      const conditions = filter(eb);
      return eb.and(Array.isArray(conditions) ? conditions : [conditions as Expression<SqlBool>]);
    })
    .$if(after !== null, (q) => q.where(afterCursor(keyset, after as NonNullable<typeof after>)))
    .orderBy(keyset.column, keyset.direction)
    .orderBy("id", keyset.direction)
    .limit(limit + 1)
    .execute();
  const page = pageOf(
    keyset,
    limit,
    rows as readonly { id: string; data: string; sort_value: number | null }[],
    (row) => row.sort_value,
    (row) => parseRecord(kind, row.data),
  );
  return { ok: true, value: page };
}
