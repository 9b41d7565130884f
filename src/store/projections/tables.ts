/**
 * The projection tables' row types: one table per record kind (src/domain/records.ts) and the private
 * parts of events. Every row carries its space and every primary key starts with it (Citus shards by
 * space, like the log tables).
 *
 * A record is stored whole in `data` (its canonical JSON: the source of truth for its shape); the other
 * columns are copies of the fields the DomainReader and the read queries filter and sort on, rewritten
 * from `data` on every change (columns.ts), so they cannot drift from it. Times are milliseconds since the
 * epoch, as in the records.
 */

/** What every projection row has. */
interface RecordRow {
  space: string;
  id: string;
  /** The record, canonical JSON (RFC 8785). */
  data: string;
}

/** spaces: one row per space (id = space). */
export interface SpacesTable extends RecordRow {
  created_at: number;
}

export interface MembersTable extends RecordRow {
  joined_at: number;
  erased_at: number | null;
}

export interface SubjectsTable extends RecordRow {
  kind: string;
  owner: string | null;
  registered_at: number;
  removed_by: string | null;
  removed_until: number | null;
}

/** An interaction has one or two parties: `member_a` is the first, `member_b` the second or null. */
export interface InteractionsTable extends RecordRow {
  occurred_at: number;
  recorded_at: number;
  member_a: string;
  member_b: string | null;
}

export interface DisputesTable extends RecordRow {
  interaction: string;
  member: string;
  at: number;
}

/**
 * `visible_from`: when the review became or becomes public under the double-blind rule (sealing.ts
 * `isVisible`): its reveal, or the end of its window if that comes first; null while it can only become
 * public by a reveal that has not happened.
 */
export interface ReviewsTable extends RecordRow {
  subject: string;
  author: string;
  interaction: string | null;
  provenance: string;
  submitted_at: number;
  sealed_until: number | null;
  rating_commitment: string;
  revealed_at: number | null;
  withdrawn_at: number | null;
  removed_by: string | null;
  removed_until: number | null;
  visible_from: number | null;
}

export interface RepliesTable extends RecordRow {
  review: string;
  author: string;
  at: number;
  removed_by: string | null;
  removed_until: number | null;
}

export interface VouchesTable extends RecordRow {
  voucher: string;
  vouchee: string;
  scope: string;
  given_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  removed_by: string | null;
  removed_until: number | null;
}

export interface AlertsTable extends RecordRow {
  reporter: string | null;
  category: string;
  raised_at: number;
  outcome: string | null;
  decision: string | null;
  resolved_at: number | null;
  target_kind: string;
  target_id: string;
}

export interface DecisionsTable extends RecordRow {
  made_at: number;
  reversed_by: string | null;
  reversed_at: number | null;
  affected: string | null;
  alert: string | null;
  target_kind: string;
  target_id: string;
}

export interface AppealsTable extends RecordRow {
  /** Null since 0107: a notifier's appeal names them privately (issue 3), then shredded. */
  appellant: string | null;
  filed_at: number;
  outcome: string | null;
  decided_at: number | null;
  target_kind: string;
  target_id: string;
}

/**
 * The private part of one event and the salt of its commitment (src/domain/entry.ts), kept beside the
 * log so it can be shredded (erasure, retention) while the entry stays. `owner` is the member whose
 * personal data it is (retention.ts `privateOwner`), null for parts the operator wrote. `shred_after` is
 * the retention deadline under the policy in force when it was written (null: kept until erasure); the
 * sweeper also applies the current policy (retention-sweep.ts).
 */
export interface EventPrivateTable {
  space: string;
  event_id: string;
  /** The log index of the event's entry. */
  idx: number;
  type: string;
  at: number;
  owner: string | null;
  salt: Uint8Array;
  /** The private part, canonical JSON. */
  private: string;
  shred_after: number | null;
}

/** The projection tables, part of StoreSchema (src/store/schema.ts). */
export interface ProjectionTables {
  spaces: SpacesTable;
  members: MembersTable;
  subjects: SubjectsTable;
  interactions: InteractionsTable;
  disputes: DisputesTable;
  reviews: ReviewsTable;
  replies: RepliesTable;
  vouches: VouchesTable;
  alerts: AlertsTable;
  decisions: DecisionsTable;
  appeals: AppealsTable;
  event_private: EventPrivateTable;
}
