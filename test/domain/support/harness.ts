/**
 * A test harness that plays the store's part: it runs a command against the in-memory reader and,
 * when the command succeeds, does what the store's transaction does for each event: encode the log
 * entry with a fresh salt, keep the private part and salt under its owner, apply evolve's changes.
 */
import type { Actor } from "../../../src/domain/actor.js";
import type { CommandContext } from "../../../src/domain/commands/context.js";
import { encodeEntry, SALT_BYTES } from "../../../src/domain/entry.js";
import type { Result } from "../../../src/domain/errors.js";
import type { DomainEvent } from "../../../src/domain/events.js";
import { evolve } from "../../../src/domain/evolve.js";
import type { MemberId } from "../../../src/domain/ids.js";
import type { DomainReader } from "../../../src/domain/reader.js";
import { privateOwner } from "../../../src/domain/retention.js";
import { randomBytes } from "../../../src/log/crypto.js";
import { createMemoryStore, type MemoryStore } from "./memory-store.js";

/** One appended log entry and the event it came from. */
export interface Logged {
  readonly bytes: Uint8Array;
  readonly event: DomainEvent;
  readonly commitment: string | null;
}

/** A stored private part: what the store keeps beside the log, and can shred. */
export interface StoredPrivate {
  readonly private: unknown;
  readonly salt: Uint8Array;
  readonly owner: MemberId | null;
}

export interface Harness {
  readonly store: MemoryStore;
  readonly reader: DomainReader;
  /** The log, in append order. */
  readonly log: Logged[];
  /** Private parts by event id. */
  readonly privates: Map<string, StoredPrivate>;
  /** The clock (ms); tests move it. */
  now: number;
  /**
   * Runs `command` as `actor`; on success appends and applies its events.
   *
   * @example await h.run(operator, (r, ctx) => createSpace(r, cmd, ctx))
   */
  run(
    actor: Actor,
    command: (reader: DomainReader, ctx: CommandContext) => Promise<Result>,
  ): Promise<Result>;
}

/** A harness whose clock starts at `now` and whose ids count up (e1, e2, …). */
export function createHarness(now = Date.UTC(2025, 0, 1)): Harness {
  const store = createMemoryStore();
  const log: Logged[] = [];
  const privates = new Map<string, StoredPrivate>();
  let counter = 0;
  const shred = (space: string, owner: MemberId) => {
    for (const [id, p] of privates) {
      const event = log.find((l) => l.event.id === id)?.event;
      if (p.owner === owner && event?.public.space === space) privates.delete(id);
    }
  };
  const h: Harness = {
    store,
    reader: store.reader,
    log,
    privates,
    now,
    async run(actor, command) {
      const ctx: CommandContext = { now: h.now, newId: () => `e${++counter}`, actor };
      const result = await command(store.reader, ctx);
      if (!result.ok) return result;
      for (const event of result.events) {
        const salt = event.private === undefined ? undefined : randomBytes(SALT_BYTES);
        const { bytes, commitment } = encodeEntry(event, salt);
        log.push({ bytes, event, commitment });
        if (salt !== undefined) {
          privates.set(event.id, { private: event.private, salt, owner: privateOwner(event) });
        }
        store.apply(evolve(event), shred);
      }
      return result;
    },
  };
  return h;
}
