/**
 * The projections of one space, in memory, built by an auditor from the public log: the domain's own
 * `evolve` turns each event into record changes (src/domain/changes.ts) and this applies them as the
 * store does (src/store/projections/apply-changes.ts): put inserts, patch updates one record, patch-where
 * updates every match. Private fields stay null (only commitments to them are public), and shredding has
 * nothing to shred.
 *
 * A change the store would have refused (a put over an existing record, a patch of a missing one) is not
 * thrown: it is returned as a problem of the log, for the audit to report.
 */
import type { RecordChange } from "../../domain/changes.js";
import type { RecordKind, RecordOf, SpaceRecord } from "../../domain/records.js";
import type { SpaceRecordSet } from "../../domain/transparency-report.js";

/** Records by kind and id. */
export interface RecordSet {
  /** Applies `changes` in order; returns what could not be applied, in words (none: all applied). */
  apply(changes: readonly RecordChange[]): readonly string[];
  /** The record of `kind` with `id`, if any. */
  get<K extends RecordKind>(kind: K, id: string): RecordOf<K> | undefined;
  /** Every record of `kind`, in insertion order. */
  all<K extends RecordKind>(kind: K): readonly RecordOf<K>[];
  /** The space record (from space.created), if the log has one yet. */
  space(): SpaceRecord | undefined;
  /** The records a transparency report counts. */
  reportRecords(): SpaceRecordSet;
}

type Row = Record<string, unknown>;

/**
 * An empty record set.
 *
 * @example const records = createRecordSet(); records.apply(evolve(event))
 */
export function createRecordSet(): RecordSet {
  const tables = new Map<RecordKind, Map<string, Row>>();
  const table = (kind: RecordKind): Map<string, Row> => {
    let rows = tables.get(kind);
    if (rows === undefined) {
      rows = new Map();
      tables.set(kind, rows);
    }
    return rows;
  };
  const all = <K extends RecordKind>(kind: K) =>
    [...table(kind).values()] as unknown as RecordOf<K>[];

  return {
    apply(changes) {
      const problems: string[] = [];
      for (const change of changes) {
        const problem = applyOne(table, change);
        if (problem !== undefined) problems.push(problem);
      }
      return problems;
    },
    get: (kind, id) => table(kind).get(id) as RecordOf<typeof kind> | undefined,
    all,
    space: () => all("space")[0],
    reportRecords: () => ({
      members: all("member"),
      subjects: all("subject"),
      interactions: all("interaction"),
      disputes: all("dispute"),
      reviews: all("review"),
      replies: all("reply"),
      vouches: all("vouch"),
      alerts: all("alert"),
      decisions: all("decision"),
      appeals: all("appeal"),
    }),
  };
}

function applyOne(
  table: (kind: RecordKind) => Map<string, Row>,
  change: RecordChange,
): string | undefined {
  switch (change.op) {
    case "put": {
      const row = change.record as unknown as Row;
      const id = String(row.id);
      if (table(change.kind).has(id)) return `${change.kind} ${id} is created twice`;
      table(change.kind).set(id, { ...row });
      return undefined;
    }
    case "patch": {
      const row = table(change.kind).get(change.id);
      if (row === undefined) return `${change.kind} ${change.id} is changed before it exists`;
      table(change.kind).set(change.id, { ...row, ...(change.set as Row) });
      return undefined;
    }
    case "patch-where": {
      const where = Object.entries(change.where as Row);
      for (const [id, row] of table(change.kind)) {
        if (where.every(([field, value]) => row[field] === value)) {
          table(change.kind).set(id, { ...row, ...(change.set as Row) });
        }
      }
      return undefined;
    }
    case "shred-private":
      // An auditor holds no private part: there is nothing to shred.
      return undefined;
  }
}
