/**
 * Row types of the member-data tables (issue 6): the access log (who read or used a member's data, and
 * when) and the status entries of the reputation credentials issued to members (draft-ietf-oauth-status-
 * list: one index per credential in the space's status list). Part of StoreSchema (src/store/schema.ts).
 * Times are milliseconds since the epoch, as in the projections.
 */

/**
 * One access to a member's data. `member` is "*" for reads of every member at once (the member list,
 * the suspicion signals): such a read may have included anyone's data, so every export shows it.
 */
export interface AccessLogTable {
  space: string;
  /** A minted, time-sortable id (src/store/space/ids.ts). */
  id: string;
  member: string;
  at: number;
  /** Who: "operator:<API key id>", "member:<id>", "platform" (the admin token) or "cli" (local store). */
  accessor: string;
  /** What kind of use (access-log.ts AccessAction). */
  action: string;
  /** What was read or produced: the route (method and path) or the command. */
  resource: string;
  /** Anything else worth telling the member (a scope, a number of credentials), or null. */
  detail: string | null;
}

/** The status list entry of one issued credential. */
export interface CredentialStatusTable {
  space: string;
  /** Index in the space's status list (credentials/status-entries.ts). */
  idx: number;
  member: string;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

/** The member-data tables, part of StoreSchema. */
export interface MemberDataTables {
  access_log: AccessLogTable;
  credential_status: CredentialStatusTable;
}
