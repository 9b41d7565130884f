/**
 * How a record becomes a row: for each record kind, its table and the columns copied from the record.
 * `fields` are columns holding one record field verbatim (so a patch-where on that field can be answered
 * by the column); `derived` are columns computed from the record (an interaction's parties, a decision's
 * target). Both are recomputed from the whole record on every write, so a row's columns always agree with
 * its `data`.
 */
import { canonicalJson } from "../../domain/canonical-json.js";
import type { RecordKind, RecordOf, ReviewRecord } from "../../domain/records.js";
import type { ProjectionTables } from "./tables.js";

/** A scalar column value. */
export type ColumnValue = string | number | null;

/** The table names of the record kinds. */
export type RecordTableName = Exclude<keyof ProjectionTables, "event_private">;

/** How one record kind is stored. */
export interface RecordTable<K extends RecordKind> {
  readonly table: RecordTableName;
  /** Record field → the column that holds it verbatim (`space` and `id` always do). */
  readonly fields: { readonly [F in keyof RecordOf<K>]?: string };
  /** Column → its value computed from the record. */
  readonly derived: Readonly<Record<string, (record: RecordOf<K>) => ColumnValue>>;
}

/** The storage of every record kind. */
export const RECORD_TABLES: { readonly [K in RecordKind]: RecordTable<K> } = {
  space: { table: "spaces", fields: { createdAt: "created_at" }, derived: {} },
  member: {
    table: "members",
    fields: { joinedAt: "joined_at", erasedAt: "erased_at" },
    derived: {},
  },
  subject: {
    table: "subjects",
    fields: {
      kind: "kind",
      owner: "owner",
      registeredAt: "registered_at",
      removedBy: "removed_by",
      removedUntil: "removed_until",
    },
    derived: {},
  },
  interaction: {
    table: "interactions",
    fields: { occurredAt: "occurred_at", recordedAt: "recorded_at" },
    derived: {
      member_a: (r) => r.parties[0]?.member ?? "",
      member_b: (r) => r.parties[1]?.member ?? null,
    },
  },
  dispute: {
    table: "disputes",
    fields: { interaction: "interaction", member: "member", at: "at" },
    derived: {},
  },
  review: {
    table: "reviews",
    fields: {
      subject: "subject",
      author: "author",
      interaction: "interaction",
      provenance: "provenance",
      submittedAt: "submitted_at",
      sealedUntil: "sealed_until",
      ratingCommitment: "rating_commitment",
      revealedAt: "revealed_at",
      withdrawnAt: "withdrawn_at",
      removedBy: "removed_by",
      removedUntil: "removed_until",
    },
    derived: { visible_from: visibleFrom },
  },
  reply: {
    table: "replies",
    fields: {
      review: "review",
      author: "author",
      at: "at",
      removedBy: "removed_by",
      removedUntil: "removed_until",
    },
    derived: {},
  },
  vouch: {
    table: "vouches",
    fields: {
      voucher: "voucher",
      vouchee: "vouchee",
      scope: "scope",
      givenAt: "given_at",
      expiresAt: "expires_at",
      revokedAt: "revoked_at",
      removedBy: "removed_by",
      removedUntil: "removed_until",
    },
    derived: {},
  },
  alert: {
    table: "alerts",
    fields: {
      reporter: "reporter",
      category: "category",
      raisedAt: "raised_at",
      outcome: "outcome",
      decision: "decision",
      resolvedAt: "resolved_at",
    },
    derived: { target_kind: (r) => r.target.kind, target_id: (r) => r.target.id },
  },
  decision: {
    table: "decisions",
    fields: { madeAt: "made_at", reversedBy: "reversed_by", reversedAt: "reversed_at" },
    derived: {
      affected: (r) => r.statement.affected,
      alert: (r) => r.statement.alert,
      target_kind: (r) => r.statement.target.kind,
      target_id: (r) => r.statement.target.id,
    },
  },
  appeal: {
    table: "appeals",
    fields: {
      appellant: "appellant",
      filedAt: "filed_at",
      outcome: "outcome",
      decidedAt: "decided_at",
    },
    derived: { target_kind: (r) => r.target.kind, target_id: (r) => r.target.id },
  },
};

/**
 * When a review is public under the double-blind rule (sealing.ts `isVisible`, withdrawal aside): at
 * its reveal or at the end of its window, whichever comes first; null while only a reveal can open it.
 * So a review is visible at `now` exactly when it is not withdrawn, and revealed or
 * `visibleFrom <= now` (columns.test.ts).
 *
 * @example visibleFrom(review) // review.sealedUntil for a sealed review
 */
export function visibleFrom(r: Pick<ReviewRecord, "revealedAt" | "sealedUntil">): number | null {
  if (r.revealedAt === null) return r.sealedUntil;
  return r.sealedUntil === null ? r.revealedAt : Math.min(r.revealedAt, r.sealedUntil);
}

/**
 * The column of `field` for a patch-where on `kind`, or undefined when no column holds it verbatim.
 *
 * @example columnOfField("review", "author") // "author"
 */
export function columnOfField(kind: RecordKind, field: string): string | undefined {
  if (field === "space" || field === "id") return field;
  const fields = RECORD_TABLES[kind].fields as Readonly<Record<string, string | undefined>>;
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}

/**
 * The full row of `record`: space, id, data and every column. Throws TypeError for a record canonical
 * JSON cannot represent, or a field column that would hold a non-scalar (programmer errors).
 *
 * @example await tx.insertInto("reviews").values(rowOf("review", record)).execute()
 */
export function rowOf<K extends RecordKind>(
  kind: K,
  record: RecordOf<K>,
): Record<string, ColumnValue> {
  const { fields, derived } = columnsOf(kind);
  const source = record as unknown as Readonly<Record<string, unknown>>;
  const row: Record<string, ColumnValue> = {
    space: record.space,
    id: record.id,
    data: canonicalJson(record),
  };
  for (const [field, column] of fields) row[column] = scalar(kind, field, source[field]);
  for (const [column, compute] of derived) row[column] = compute(record as never);
  return row;
}

/** RECORD_TABLES' fields and derived columns of each kind as lists, made once (rowOf runs per write). */
const COLUMN_LISTS = new Map<
  RecordKind,
  {
    readonly fields: readonly (readonly [string, string])[];
    readonly derived: readonly (readonly [string, (record: never) => ColumnValue])[];
  }
>();

function columnsOf(kind: RecordKind) {
  let lists = COLUMN_LISTS.get(kind);
  if (lists === undefined) {
    const spec = RECORD_TABLES[kind];
    lists = {
      fields: Object.entries(spec.fields as Readonly<Record<string, string>>),
      derived: Object.entries(
        spec.derived as Readonly<Record<string, (record: never) => ColumnValue>>,
      ),
    };
    COLUMN_LISTS.set(kind, lists);
  }
  return lists;
}

function scalar(kind: RecordKind, field: string, value: unknown): ColumnValue {
  if (value === null || typeof value === "string" || typeof value === "number") return value;
  throw new TypeError(
    `${kind}.${field} is stored in a column: it must be a string, number or null`,
  );
}
