/**
 * Writing a transaction's events: for each event, in order, encode its log entry with a fresh 32-byte
 * salt (src/domain/entry.ts), keep the private part and salt under its owner (event_private), apply
 * evolve's changes to the projections; at the end, append every entry to the space's log at once and
 * sign a receipt per entry and write the webhook deliveries they trigger. All of it in the caller's space
 * transaction: the entries, node hashes, projections, private parts and webhook outbox rows commit
 * together or not at all.
 *
 * Entries are appended at the end so a batch of commands costs one append; their indices are known
 * from the start because the writer lock (spaceTransaction) holds the log's size still.
 */
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
import { randomBytes } from "../../log/crypto.js";
import type { SpaceTx } from "../database.js";
import { StoreError } from "../errors.js";
import { appendEntries } from "../log/append-entries.js";
import { readLogState } from "../log/log-state.js";
import { type IssuedReceipt, issueReceipts } from "../log/receipts.js";
import type { SpaceLogSigner } from "../log/space-log-signer.js";
import { applyChanges } from "../projections/apply-changes.js";
import { storePrivatePart } from "../projections/private-parts.js";
import { enqueueWebhookDeliveries } from "../webhooks/outbox.js";
import type { AppendedEvent } from "./results.js";

/** Writes the events of one space transaction. */
export interface EventWriter {
  /** Stores the events' private parts and applies them to the projections; returns their public form. */
  write(events: readonly DomainEvent[], policy: SpacePolicy): Promise<AppendedEvent[]>;
  /** Appends every written entry to the log and signs their receipts (in index order). */
  finish(signer: () => Promise<SpaceLogSigner>): Promise<IssuedReceipt[]>;
}

/**
 * A writer for the transaction `w`, starting at the log's current size.
 *
 * @example
 * const writer = await createEventWriter(w)
 * const appended = await writer.write(result.events, space.policy)
 * const receipts = await writer.finish(() => signers.signerFor(w.tx, w.space))
 */
export async function createEventWriter(w: SpaceTx): Promise<EventWriter> {
  const firstIndex = (await readLogState(w.tx, w.space)).size;
  const entries: Uint8Array[] = [];
  const written: AppendedEvent[] = [];
  return {
    async write(events, policy) {
      const appended: AppendedEvent[] = [];
      for (const event of events) {
        requireOwnSpace(w.space, event);
        const index = firstIndex + entries.length;
        const salt = event.private === undefined ? undefined : randomBytes(SALT_BYTES);
        const { bytes, commitment } = encodeEntry(event, salt);
        if (salt !== undefined) {
          await storePrivatePart(w.tx, {
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
        await applyChanges(w.tx, evolve(event));
        entries.push(bytes);
        appended.push({
          index,
          v: ENTRY_VERSION,
          type: event.type,
          id: event.id,
          at: event.at,
          actor: event.actor,
          public: event.public,
          ...(commitment === null ? {} : { commitment }),
        });
      }
      written.push(...appended);
      return appended;
    },

    async finish(signer) {
      if (entries.length === 0) return [];
      const result = await appendEntries(w, entries);
      if (result.firstIndex !== firstIndex) {
        // Only another writer in this transaction's space could move the log: the lock forbids it.
        throw new StoreError(
          "corrupt",
          `space ${w.space}: the log grew from ${firstIndex} to ${result.firstIndex} under the writer lock`,
        );
      }
      // The webhook outbox rows commit with the entries (src/store/webhooks/outbox.ts).
      await enqueueWebhookDeliveries(w.tx, w.space, written);
      return issueReceipts(w.tx, await signer(), result);
    },
  };
}

/** An event of another space in this space's log would be a programmer error. */
function requireOwnSpace(space: string, event: DomainEvent): void {
  if (event.public.space !== space) {
    throw new Error(`a ${event.type} event of space ${event.public.space} in space ${space}`);
  }
}
