/**
 * A domain event back from the log: the decoded entry (src/domain/entry.ts, a parser of untrusted bytes
 * with its own limits) and, unless it was shredded, the stored private part, which must open the entry's
 * commitment. What a rebuild replays and what a retention sweep shreds.
 */
import {
  type DomainEvent,
  decodeEntry,
  type LogEntry,
  verifyCommitment,
} from "../../domain/index.js";
import { StoreError } from "../errors.js";
import type { StoredEntry } from "../log/entries.js";
import type { StoredPrivatePart } from "./private-parts.js";

/**
 * The event logged at `stored.index` of `space`, with `part` as its private part when given. Throws
 * StoreError("corrupt") when the entry does not decode, belongs to another space, or the part is not
 * the one its commitment binds (another event's, altered, or one an entry without a commitment
 * cannot have).
 *
 * @example const event = loggedEvent("stays", entry, parts.get(entry.index))
 */
export function loggedEvent(
  space: string,
  stored: StoredEntry,
  part: StoredPrivatePart | undefined,
): DomainEvent {
  const decoded = decodeEntry(stored.entry);
  if (!decoded.ok) {
    throw new StoreError("corrupt", `space ${space}: entry ${stored.index} does not decode`, {
      cause: decoded.error,
    });
  }
  const entry = decoded.value;
  if (entry.public.space !== space) {
    throw new StoreError(
      "corrupt",
      `space ${space}: entry ${stored.index} is an event of space ${entry.public.space}`,
    );
  }
  if (part !== undefined) requireOpening(space, stored.index, entry, part);
  return {
    type: entry.type,
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    public: entry.public,
    ...(part === undefined ? {} : { private: part.private }),
  } as DomainEvent;
}

function requireOpening(space: string, index: number, entry: LogEntry, part: StoredPrivatePart) {
  if (part.eventId !== entry.id || !verifyCommitment(entry, part.private, part.salt)) {
    throw new StoreError(
      "corrupt",
      `space ${space}: the private part stored for entry ${index} does not open its commitment`,
    );
  }
}
