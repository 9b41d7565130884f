/**
 * Everything the projections hold about one member, read a page at a time so that an export streams
 * (issue 6). Each source is a filter on one record table in (time, id) order, served by the indexes of
 * the projections (every list starts with space). Sources return records as stored, private fields
 * included: what the member may see of each is the export's choice (member-export/).
 *
 * Content of the member, used to find what concerns them: the reviews they wrote, their replies, the
 * subjects they own, the vouches they gave.
 */
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import type { RecordKind, RecordOf } from "../../domain/records.js";
import { type ColumnValue, RECORD_TABLES } from "../projections/columns.js";
import { parseRecord } from "../projections/record-json.js";
import type { Executor } from "../schema.js";

/** Records read per query. */
export const RECORDS_PAGE = 1000;

/** Tables named at run time, as in space/queries/record-page.ts. */
type DynamicSchema = Record<string, Record<string, ColumnValue>>;

/** One source: the records of a kind that pass a condition, in (column, id) order. */
interface Source<K extends RecordKind> {
  readonly kind: K;
  readonly column: string;
  readonly where: (space: string, member: string) => Expression<SqlBool>;
}

const is = (column: string) => (_space: string, member: string) =>
  sql<SqlBool>`${sql.ref(column)} = ${member}`;

/** The member's content that can be targeted by an alert or a decision (envelope.ts TargetKind). */
function targetsMemberContent(space: string, member: string): Expression<SqlBool> {
  return sql<SqlBool>`(
    (target_kind = 'member' and target_id = ${member})
    or (target_kind = 'review' and target_id in
        (select id from reviews where space = ${space} and author = ${member}))
    or (target_kind = 'reply' and target_id in
        (select id from replies where space = ${space} and author = ${member}))
    or (target_kind = 'subject' and target_id in
        (select id from subjects where space = ${space} and owner = ${member}))
    or (target_kind = 'vouch' and target_id in
        (select id from vouches where space = ${space} and voucher = ${member})))`;
}

/** The sources of a member's records, by what they are to the member. */
export const MEMBER_SOURCES = {
  member: { kind: "member", column: "joined_at", where: is("id") },
  subjects: { kind: "subject", column: "registered_at", where: is("owner") },
  interactions: {
    kind: "interaction",
    column: "occurred_at",
    where: (_s, m) => sql<SqlBool>`(member_a = ${m} or member_b = ${m})`,
  },
  disputes: { kind: "dispute", column: "at", where: is("member") },
  reviewsWritten: { kind: "review", column: "submitted_at", where: is("author") },
  /** Reviews of the member or of a subject they own (the caller shows only what the public sees). */
  reviewsReceived: {
    kind: "review",
    column: "submitted_at",
    where: (s, m) =>
      sql<SqlBool>`(subject = ${m} or subject in
        (select id from subjects where space = ${s} and owner = ${m}))`,
  },
  replies: { kind: "reply", column: "at", where: is("author") },
  vouchesGiven: { kind: "vouch", column: "given_at", where: is("voucher") },
  vouchesReceived: { kind: "vouch", column: "given_at", where: is("vouchee") },
  alertsRaised: { kind: "alert", column: "raised_at", where: is("reporter") },
  /** Alerts about the member or their content, whoever raised them. */
  alertsConcerning: { kind: "alert", column: "raised_at", where: targetsMemberContent },
  /** Decisions addressed to the member or taken on their content. */
  decisions: {
    kind: "decision",
    column: "made_at",
    where: (s, m) => sql<SqlBool>`(affected = ${m} or ${targetsMemberContent(s, m)})`,
  },
  appeals: { kind: "appeal", column: "filed_at", where: is("appellant") },
} as const satisfies Record<string, Source<RecordKind>>;

/** The name of a source. */
export type MemberSource = keyof typeof MEMBER_SOURCES;

/**
 * The records of `source` for `member` in `space`, oldest first.
 *
 * @example for await (const review of memberRecords(db.kysely, "stays", m, "reviewsWritten")) …
 */
export async function* memberRecords<S extends MemberSource>(
  db: Executor,
  space: string,
  member: string,
  source: S,
): AsyncGenerator<RecordOf<(typeof MEMBER_SOURCES)[S]["kind"]>> {
  const { kind, column, where } = MEMBER_SOURCES[source] as Source<RecordKind>;
  const dyn = db as unknown as Kysely<DynamicSchema>;
  const page = (cursor: { value: number; id: string } | undefined) =>
    dyn
      .selectFrom(RECORD_TABLES[kind].table)
      .select(["id", "data", `${column} as sort_value`])
      .where("space", "=", space)
      .where(where(space, member))
      .$if(cursor !== undefined, (q) =>
        q.where(
          sql<SqlBool>`(${sql.ref(column)}, id) > (${cursor?.value ?? 0}, ${cursor?.id ?? ""})`,
        ),
      )
      .orderBy(column)
      .orderBy("id")
      .limit(RECORDS_PAGE)
      .execute() as Promise<readonly { id: string; data: string; sort_value: number }[]>;
  let next: ReturnType<typeof page> | null = page(undefined);
  while (next !== null) {
    const rows: readonly { id: string; data: string; sort_value: number }[] = await next;
    const last = rows.at(-1);
    // One page ahead: the next page is asked for before this one is parsed and written, so a
    // PostgreSQL round trip overlaps the writer's work (docs/benchmarks.md, "Member export").
    next =
      last === undefined || rows.length < RECORDS_PAGE
        ? null
        : page({ value: last.sort_value, id: last.id });
    next?.catch(() => {}); // awaited next turn; a consumer that stops early leaves it unobserved
    for (const row of rows) {
      yield parseRecord(kind, row.data) as RecordOf<(typeof MEMBER_SOURCES)[S]["kind"]>;
    }
  }
}
