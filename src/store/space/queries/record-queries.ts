/**
 * Reading one record by kind and id. Reviews are not readable this way: a review record holds a sealed
 * rating until its reveal, so reviews are read through review-queries.ts (the public view, or the
 * author's own record). Other records hold private fields too: see member-queries.ts.
 */
import type { RecordKind, RecordOf } from "../../../domain/index.js";
import { getRecord } from "../../projections/sql-reader.js";
import type { Executor } from "../../schema.js";

/** The record kinds findRecord reads: all but reviews. */
export type DirectRecordKind = Exclude<RecordKind, "review">;

/**
 * The record of `kind` with `id` in `space`, or null. The space itself is `findRecord(db, s, "space", s)`.
 *
 * @example const member = await findRecord(db.kysely, "stays", "member", memberId)
 */
export async function findRecord<K extends DirectRecordKind>(
  db: Executor,
  space: string,
  kind: K,
  id: string,
): Promise<RecordOf<K> | null> {
  if ((kind as RecordKind) === "review") {
    throw new TypeError("reviews are read through review-queries.ts, never as records");
  }
  return getRecord(db, kind, space, id);
}
