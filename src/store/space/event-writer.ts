/**
 * Writing a transaction's events: for each event, in order, encode its log entry with a fresh 32-byte
 * salt (src/domain/entry.ts), keep the private part and salt under its owner (event_private), apply
 * evolve's changes to the projections; at the end, append every entry to the space's log at once, sign
 * and store one receipt batch note for them all (receipts v2, src/store/log/receipts.ts) and write the
 * webhook deliveries they trigger. All of it in the caller's space transaction: the entries, node
 * hashes, receipt batch, projections, private parts and webhook outbox rows commit together or not at
 * all.
 *
 * Entries are appended at the end so a batch of commands costs one append; their indices are known
 * from the start because the writer lock (spaceTransaction) holds the log's size still. Private parts
 * are inserted many rows at a time too: held until the end, or until an event shreds private parts
 * (an erasure must find every part written before it), since nothing reads event_private while the
 * transaction runs (the DomainReader reads the projections).
 */
import type { RecordChange } from "../../domain/changes.js";
import {
  type DomainEvent,
  ENTRY_VERSION,
  encodeEntry,
  evolve,
  privateOwner,
  SALT_BYTES,
  type SpacePolicy,
  shredDeadline,
} from "../../domain/index.js";
import type { SpaceTx } from "../database.js";
import { chunked, toDbBytes } from "../db-bytes.js";
import { appendEntries } from "../log/append-entries.js";
import { readLogState } from "../log/log-state.js";
import { type IssuedReceipt, issueReceipts } from "../log/receipts.js";
import type { SpaceLogSigner } from "../log/space-log-signer.js";
import { rowsStatement } from "../precompiled.js";
import { type ApplyOptions, applyChanges } from "../projections/apply-changes.js";
import type { StoredPrivatePart } from "../projections/private-parts.js";
import type { RecordCache } from "../projections/record-cache.js";
import { enqueueWebhookDeliveries } from "../webhooks/outbox.js";
import type { AppendedEvent } from "./results.js";
import { createSaltSource } from "./salt-source.js";

/** Writes the events of one space transaction. */
export interface EventWriter {
  /** Stores the events' private parts and applies them to the projections; returns their public form. */
  write(events: readonly DomainEvent[], policy: SpacePolicy): Promise<AppendedEvent[]>;
  /** Appends every written entry to the log and issues their receipts (in index order), one signature. */
  finish(signer: () => Promise<SpaceLogSigner>): Promise<IssuedReceipt[]>;
}

/**
 * A writer for the transaction `w`, starting at the log's current size. With `cache`, the records it
 * writes are kept in the transaction's record cache (record-cache.ts) for the reader.
 *
 * @example
 * const writer = await createEventWriter(w)
 * const appended = await writer.write(result.events, space.policy)
 * const receipts = await writer.finish(() => signers.signerFor(w.tx, w.space))
 */
export async function createEventWriter(w: SpaceTx, cache?: RecordCache): Promise<EventWriter> {
  const before = await readLogState(w.tx, w.space);
  const firstIndex = before.size;
  const entries: Uint8Array[] = [];
  const written: AppendedEvent[] = [];
  let parts: HeldPart[] = [];
  const storeHeldParts = async () => {
    await insertPrivateParts(w, parts);
    parts = [];
  };
  // One options object for every event of the transaction, not one per applyChanges call.
  const applyOptions: ApplyOptions = cache === undefined ? {} : { cache, holdInserts: true };
  const nextSalt = createSaltSource(SALT_BYTES);
  return {
    async write(events, policy) {
      const appended: AppendedEvent[] = [];
      for (const event of events) {
        requireOwnSpace(w.space, event);
        const index = firstIndex + entries.length;
        const salt = event.private === undefined ? undefined : nextSalt();
        const { bytes, commitment, privateJson } = encodeEntry(event, salt);
        if (salt !== undefined && privateJson !== null) {
          parts.push({
            privateJson,
            space: w.space,
            eventId: event.id,
            index,
            type: event.type,
            at: event.at,
            owner: privateOwner(event),
            salt,
            private: event.private,
            shredAfter: shredDeadline(event.type, event.at, policy),
          });
        }
        const changes = evolve(event);
        if (shredsPrivateParts(changes)) await storeHeldParts();
        await applyChanges(w.tx, changes, applyOptions);
        entries.push(bytes);
        appended.push(appendedEvent(index, event, commitment));
      }
      written.push(...appended);
      return appended;
    },

    async finish(signer) {
      await cache?.flush(w.tx); // the record inserts applyChanges held (record-cache.ts)
      await storeHeldParts();
      if (entries.length === 0) return [];
      // The tree read at the start is still the log's: the writer lock holds it (were it not, the
      // entries' inserts would collide with the stored ones on their primary key).
      const result = await appendEntries(w, entries, { before });
      // The webhook outbox rows commit with the entries (src/store/webhooks/outbox.ts).
      await enqueueWebhookDeliveries(w.tx, w.space, written);
      return issueReceipts(w.tx, await signer(), result);
    },
  };
}

/** Whether `changes` erase private parts (an erasure must find every part written before it). */
function shredsPrivateParts(changes: readonly RecordChange[]): boolean {
  for (const change of changes) if (change.op === "shred-private") return true;
  return false;
}

/**
 * The public form of `event` at `index`. Two literals rather than one with a spread of an optional
 * commitment, which made a temporary object and copied it for every event.
 */
function appendedEvent(
  index: number,
  event: DomainEvent,
  commitment: string | null,
): AppendedEvent {
  const { type, id, at, actor } = event;
  return commitment === null
    ? { index, v: ENTRY_VERSION, type, id, at, actor, public: event.public }
    : { index, v: ENTRY_VERSION, type, id, at, actor, public: event.public, commitment };
}

/** A private part held for insertion, with the canonical JSON its commitment hashed (stored as is). */
type HeldPart = StoredPrivatePart & { readonly privateJson: string };

/** Rows per insert into event_private: 9 parameters each, 900 per statement (SQLite allows 999). */
const PRIVATE_ROWS_PER_INSERT = 100;

/** Inserts private parts many rows at a time, as storePrivatePart (private-parts.ts) stores one. */
async function insertPrivateParts(w: SpaceTx, parts: readonly HeldPart[]): Promise<void> {
  for (const part of chunked(parts, PRIVATE_ROWS_PER_INSERT)) {
    await INSERT_PRIVATE_PARTS.execute(w.tx, part.length, privatePartValues(part));
  }
}

/** INSERT_PRIVATE_PARTS' values for `parts`, row after row, in one array (none per row to flatten). */
function privatePartValues(parts: readonly HeldPart[]): unknown[] {
  const values = new Array<unknown>(parts.length * 9);
  for (let r = 0; r < parts.length; r++) {
    const p = parts[r] as HeldPart;
    const at = r * 9;
    values[at] = p.space;
    values[at + 1] = p.eventId;
    values[at + 2] = p.index;
    values[at + 3] = p.type;
    values[at + 4] = p.at;
    values[at + 5] = p.owner;
    values[at + 6] = toDbBytes(p.salt);
    values[at + 7] = p.privateJson;
    values[at + 8] = p.shredAfter;
  }
  return values;
}

/** event_private rows, compiled once per row count (../precompiled.ts). */
const INSERT_PRIVATE_PARTS = rowsStatement(PRIVATE_ROWS_PER_INSERT, (db, rows, $) =>
  db.insertInto("event_private").values(
    Array.from({ length: rows }, (_, r) => ({
      space: $(r * 9),
      event_id: $(r * 9 + 1),
      idx: $(r * 9 + 2),
      type: $(r * 9 + 3),
      at: $(r * 9 + 4),
      owner: $(r * 9 + 5),
      salt: $(r * 9 + 6),
      private: $(r * 9 + 7),
      shred_after: $(r * 9 + 8),
    })),
  ),
);

/** An event of another space in this space's log would be a programmer error. */
function requireOwnSpace(space: string, event: DomainEvent): void {
  if (event.public.space !== space) {
    throw new Error(`a ${event.type} event of space ${event.public.space} in space ${space}`);
  }
}
