/**
 * The private parts of events (src/domain/events/envelope.ts) and the salts of their commitments
 * (src/domain/entry.ts), in event_private. The log holds only the commitment; the part itself lives here
 * so it can be shredded, by erasure (GDPR Art. 17: a shred-private change deletes every part the member
 * owns) or when its retention runs out (retention-sweep.ts), while the entry, and so the Merkle tree,
 * stays untouched.
 */
import type { Selectable } from "kysely";
import { canonicalJson } from "../../domain/canonical-json.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import type { EventPrivateTable } from "./tables.js";

/** One event's private part, as stored. */
export interface StoredPrivatePart {
  readonly space: string;
  readonly eventId: string;
  /** The log index of the event's entry. */
  readonly index: number;
  readonly type: string;
  readonly at: number;
  /** The member whose personal data it is (retention.ts `privateOwner`), or null. */
  readonly owner: string | null;
  /** The 32-byte salt of the entry's commitment. */
  readonly salt: Uint8Array;
  readonly private: unknown;
  /** The retention deadline under the policy in force when it was written; null: until erasure. */
  readonly shredAfter: number | null;
}

/**
 * Stores an event's private part. Throws TypeError when canonical JSON cannot represent it.
 *
 * @example await storePrivatePart(w.tx, { space, eventId: event.id, index, type: event.type, … })
 */
export async function storePrivatePart(db: Executor, part: StoredPrivatePart): Promise<void> {
  await db
    .insertInto("event_private")
    .values({
      space: part.space,
      event_id: part.eventId,
      idx: part.index,
      type: part.type,
      at: part.at,
      owner: part.owner,
      salt: toDbBytes(part.salt),
      private: canonicalJson(part.private),
      shred_after: part.shredAfter,
    })
    .execute();
}

/**
 * The private parts of the events at log indices [start, end) of `space`, by index.
 *
 * @example const parts = await readPrivateParts(tx, space, 0, 1024)
 */
export async function readPrivateParts(
  db: Executor,
  space: string,
  start: number,
  end: number,
): Promise<Map<number, StoredPrivatePart>> {
  const rows = await db
    .selectFrom("event_private")
    .selectAll()
    .where("space", "=", space)
    .where("idx", ">=", start)
    .where("idx", "<", end)
    .execute();
  return new Map(rows.map((row) => [row.idx, privatePartOf(row)]));
}

/**
 * Deletes the private parts of `space` owned by `owner` (an erasure's shred-private change).
 *
 * @example await deletePrivatePartsOf(w.tx, space, member)
 */
export async function deletePrivatePartsOf(
  db: Executor,
  space: string,
  owner: string,
): Promise<void> {
  await db
    .deleteFrom("event_private")
    .where("space", "=", space)
    .where("owner", "=", owner)
    .execute();
}

/**
 * Deletes one event's private part (retention).
 *
 * @example await deletePrivatePart(w.tx, space, eventId)
 */
export async function deletePrivatePart(
  db: Executor,
  space: string,
  eventId: string,
): Promise<void> {
  await db
    .deleteFrom("event_private")
    .where("space", "=", space)
    .where("event_id", "=", eventId)
    .execute();
}

/**
 * A stored part from its row. Parser of stored text (the store's own canonical JSON): StoreError
 * ("corrupt") when it does not parse.
 *
 * @example rows.map(privatePartOf)
 */
export function privatePartOf(row: Selectable<EventPrivateTable>): StoredPrivatePart {
  let value: unknown;
  try {
    value = JSON.parse(row.private);
  } catch (cause) {
    throw new StoreError("corrupt", `space ${row.space}: private part of ${row.event_id}`, {
      cause,
    });
  }
  return {
    space: row.space,
    eventId: row.event_id,
    index: row.idx,
    type: row.type,
    at: row.at,
    owner: row.owner,
    salt: fromDbBytes(row.salt),
    private: value,
    shredAfter: row.shred_after,
  };
}
