/**
 * The lookups by a field other than the id that the write path's commands make for almost every event,
 * answered from the transaction's record cache (record-cache.ts) once a batch's prefetch
 * (record-prefetch.ts) has read them: a verified review asks for the author's and the counterpart's
 * review of the interaction and for the author's dispute of it (commands/review.ts), and every active
 * member check lists the decisions affecting the member (commands/guards.ts). Those were two of the
 * three statements per event of a batched stay (bench/core.ts).
 *
 * A lookup's answer is the list of ids, in id order, of the records of `kind` in a space whose key
 * (`keyOf`, stored in `column`) equals a value: the records the DomainReader's query would read
 * (sql-reader.ts), which it then filters by the remaining fields.
 */
import type { RecordKind, RecordOf } from "../../domain/records.js";

/** One lookup: the records of `kind` whose `keyOf` is a value, by the column that holds it. */
export interface RecordLookup<K extends RecordKind = RecordKind> {
  readonly kind: K;
  /** The column of the kind's table that holds the key (columns.ts). */
  readonly column: string;
  /** The record's key; null for a record no value finds. */
  readonly keyOf: (record: RecordOf<K>) => string | null;
  /** The kind of record a key names: a prefetch reads the lookup for the named ids found as one. */
  readonly keyKind: RecordKind;
  /**
   * True when a record of `kind` is only ever put with a key that names an existing record of
   * `keyKind`: then a key that names none has no records, and a record of `keyKind` just put has none
   * yet. Records are never deleted (src/domain/changes.ts has no delete), so this holds for good.
   */
  readonly onlyForExisting: boolean;
}

/** The name of a lookup. */
export type LookupName = keyof typeof RECORD_LOOKUPS;

/**
 * The lookups, by name.
 *
 * @example const ids = cache.ids("reviewsByInteraction", space, interaction)
 */
export const RECORD_LOOKUPS = {
  // A review names an interaction only when it is verified, which requires the interaction
  // (commands/review.ts submitReview: "interaction.exists").
  reviewsByInteraction: {
    kind: "review",
    column: "interaction",
    keyOf: (r) => r.interaction,
    keyKind: "interaction",
    onlyForExisting: true,
  } satisfies RecordLookup<"review">,
  // A dispute is only filed for an existing interaction (commands/interaction.ts disputeInteraction).
  disputesByInteraction: {
    kind: "dispute",
    column: "interaction",
    keyOf: (r) => r.interaction,
    keyKind: "interaction",
    onlyForExisting: true,
  } satisfies RecordLookup<"dispute">,
  // Not claimed for decisions: the ids named that are no member are left to the query.
  decisionsByAffected: {
    kind: "decision",
    column: "affected",
    keyOf: (r) => r.statement.affected,
    keyKind: "member",
    onlyForExisting: false,
  } satisfies RecordLookup<"decision">,
} as const;

/** Every lookup with its name. */
export const LOOKUP_ENTRIES = Object.entries(RECORD_LOOKUPS) as readonly [
  LookupName,
  RecordLookup,
][];

/** Id order, as SQLite compares text (code units; ids are ASCII, src/store/space/ids.ts). */
export function byIdText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
