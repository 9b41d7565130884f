/**
 * The access log: who read or used a member's data, and when (GDPR Art. 15(1)(c): the recipients to
 * whom personal data have been disclosed). Written by the HTTP layer for operator reads of member data,
 * and here for exports and credential issuance; read back into the member's export.
 *
 * An access log row is not a domain event: reading changes nothing in the trust space, so it is kept
 * beside the log like idempotency answers and webhook attempts, not in it.
 */
import type { Executor } from "../schema.js";
import { createIdMinter } from "../space/ids.js";

/** The uses recorded. */
export type AccessAction =
  /** An operator read the member's data through the API. */
  | "read"
  /** An archive of the member's data was produced (by the member or an operator). */
  | "export"
  /** A reputation credential about the member was issued (its claims are their data). */
  | "credential-issued"
  /** One of the member's credentials was revoked. */
  | "credential-revoked";

/** Every action, in the order the export explains them. */
export const ACCESS_ACTIONS: readonly AccessAction[] = [
  "read",
  "export",
  "credential-issued",
  "credential-revoked",
];

/** The member value of space-wide reads (every member's data at once). */
export const EVERY_MEMBER = "*";

/** One access. */
export interface AccessEntry {
  readonly space: string;
  /** The member whose data it was, or EVERY_MEMBER. */
  readonly member: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** "operator:<API key id>", "member:<id>", "platform" or "cli". */
  readonly accessor: string;
  readonly action: AccessAction;
  readonly resource: string;
  readonly detail: string | null;
}

/** A recorded access, with its id. */
export interface RecordedAccess extends AccessEntry {
  readonly id: string;
}

const mintId = createIdMinter();

/**
 * Records one access.
 *
 * @example await recordAccess(db.kysely, { space, member, at: Date.now(), accessor: "operator:ab12…",
 *   action: "read", resource: "GET /v1/spaces/stays/members/m1", detail: null })
 */
export async function recordAccess(db: Executor, entry: AccessEntry): Promise<RecordedAccess> {
  const id = mintId();
  await db
    .insertInto("access_log")
    .values({ ...entry, id })
    .execute();
  return { ...entry, id };
}

/** Rows read per query by readAccessLog. */
export const ACCESS_LOG_PAGE = 500;

/**
 * The accesses to `member`'s data in `space`, space-wide reads included, oldest first, a page at a
 * time (an export streams them).
 *
 * @example for await (const a of readAccessLog(db.kysely, "stays", m)) console.log(a.accessor, a.at)
 */
export async function* readAccessLog(
  db: Executor,
  space: string,
  member: string,
): AsyncGenerator<RecordedAccess> {
  let after: { at: number; id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom("access_log")
      .selectAll()
      .where("space", "=", space)
      .where("member", "in", [member, EVERY_MEMBER]);
    if (after !== undefined) {
      const { at, id } = after;
      query = query.where((eb) =>
        eb.or([eb("at", ">", at), eb.and([eb("at", "=", at), eb("id", ">", id)])]),
      );
    }
    const rows = await query.orderBy("at").orderBy("id").limit(ACCESS_LOG_PAGE).execute();
    for (const row of rows) yield { ...row, action: row.action as AccessAction };
    const last = rows.at(-1);
    if (last === undefined || rows.length < ACCESS_LOG_PAGE) return;
    after = { at: last.at, id: last.id };
  }
}
