/**
 * A mirror of one space in the in-memory reference store (test/domain/support/memory-store.ts), fed
 * from what the service wrote: after each service call, `sync` reads the new log entries and their
 * stored private parts straight from the tables, decodes them with the domain's decodeEntry and applies
 * evolve to the memory store, which keeps the private parts under their owners and shreds them the
 * naive way. `sweep` is the reference retention sweep. Comparing the SQL projections, reader and
 * event_private with this mirror checks the store against the domain's own reference. Test helper.
 */
import { decodeEntry, verifyCommitment } from "../../../../src/domain/entry.js";
import type { DomainEvent } from "../../../../src/domain/events.js";
import { evolve } from "../../../../src/domain/evolve.js";
import { privateOwner, shredDeadline } from "../../../../src/domain/retention.js";
import { holdsSealedRating, shredChanges } from "../../../../src/domain/shred.js";
import type { Database } from "../../../../src/store/database.js";
import { createMemoryStore, type MemoryStore } from "../../../domain/support/memory-store.js";

/** A private part as the mirror keeps it. */
export interface MirroredPrivate {
  readonly event: DomainEvent;
  readonly owner: string | null;
  readonly shredAfter: number | null;
}

export interface Mirror {
  readonly store: MemoryStore;
  /** Private parts by event id, in log order. */
  readonly privates: Map<string, MirroredPrivate>;
  /** Every event replayed, in log order (with private parts as written). */
  readonly events: DomainEvent[];
  /** Reads and applies the entries appended since the last sync. */
  sync(): Promise<void>;
  /** The reference retention sweep at `now`; returns how many parts it shredded and kept. */
  sweep(now: number): { shredded: number; keptSealed: number };
}

/** A mirror of `space` in `db`, empty until the first sync. */
export function createMirror(db: Database, space: string): Mirror {
  const store = createMemoryStore();
  const privates = new Map<string, MirroredPrivate>();
  const events: DomainEvent[] = [];
  let seen = 0;
  const onShred = (s: string, owner: string) => {
    for (const [id, p] of privates) {
      if (p.owner === owner && p.event.public.space === s) privates.delete(id);
    }
  };
  const policy = () => {
    const record = store.all("space").find((s) => s.id === space);
    if (record === undefined) throw new Error("the mirror has no space yet");
    return record.policy;
  };

  return {
    store,
    privates,
    events,
    async sync() {
      const entries = await db.kysely
        .selectFrom("log_entries")
        .select(["idx", "entry"])
        .where("space", "=", space)
        .where("idx", ">=", seen)
        .orderBy("idx")
        .execute();
      const rows = await db.kysely
        .selectFrom("event_private")
        .select(["idx", "private", "salt"])
        .where("space", "=", space)
        .where("idx", ">=", seen)
        .execute();
      const parts = new Map(rows.map((r) => [r.idx, r]));
      for (const { idx, entry } of entries) {
        if (idx !== seen) throw new Error(`log gap at ${seen}`);
        seen++;
        const decoded = decodeEntry(new Uint8Array(entry));
        if (!decoded.ok) throw new Error(`entry ${idx}: ${decoded.error.message}`);
        const e = decoded.value;
        const part = parts.get(idx);
        const priv = part === undefined ? undefined : (JSON.parse(part.private) as unknown);
        if (part !== undefined && !verifyCommitment(e, priv, new Uint8Array(part.salt))) {
          throw new Error(`entry ${idx}: stored private part does not open the commitment`);
        }
        const event = {
          type: e.type,
          id: e.id,
          at: e.at,
          actor: e.actor,
          public: e.public,
          ...(priv === undefined ? {} : { private: priv }),
        } as DomainEvent;
        events.push(event);
        if (event.private !== undefined) {
          privates.set(event.id, {
            event,
            owner: privateOwner(event),
            shredAfter: shredDeadline(event.type, event.at, policy()),
          });
        }
        store.apply(evolve(event), onShred);
      }
    },
    sweep(now) {
      let shredded = 0;
      let keptSealed = 0;
      const current = policy();
      for (const [id, p] of [...privates]) {
        const deadlines = [p.shredAfter, shredDeadline(p.event.type, p.event.at, current)];
        if (!deadlines.some((d) => d !== null && d <= now)) continue;
        const event = p.event;
        if (event.type === "review.submitted" || event.type === "review.amended") {
          const review = store.all("review").find((r) => r.id === event.public.review) ?? null;
          if (holdsSealedRating(event, review)) {
            keptSealed++;
            continue;
          }
        }
        privates.delete(id);
        store.apply(shredChanges(event), onShred);
        shredded++;
      }
      return { shredded, keptSealed };
    },
  };
}
