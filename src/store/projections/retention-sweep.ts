/**
 * The retention sweeper (GDPR Art. 5(1)(e), storage limitation): shreds the private parts whose
 * retention has run out and removes from the records what they put there (src/domain/shred.ts
 * `shredChanges`), so the projections stay equal to a replay of the log without them. Entries stay.
 *
 * A part is due when its deadline under the policy in force when it was written (`shred_after`) or
 * under the space's current policy has passed, whichever is earlier: shortening a retention applies to
 * data already kept. A part that still holds the only copy of a sealed rating is kept until the review
 * is revealed or withdrawn (shred.ts `holdsSealedRating`), or the review could never be revealed.
 */
import {
  EVENT_TYPES,
  type EventType,
  holdsSealedRating,
  type SpacePolicy,
  shredChanges,
  shredDeadline,
} from "../../domain/index.js";
import type { Database } from "../database.js";
import { readEntries } from "../log/entries.js";
import type { Executor } from "../schema.js";
import { applyChanges } from "./apply-changes.js";
import { loggedEvent } from "./logged-event.js";
import { deletePrivatePart, privatePartOf, type StoredPrivatePart } from "./private-parts.js";
import { getRecord } from "./sql-reader.js";

/** Private parts one sweep shreds at most, unless told otherwise. */
export const DEFAULT_SWEEP_LIMIT = 1000;
/** Due parts read per query. */
const SCAN_PAGE = 256;

/** What a sweep did. */
export interface SweepReport {
  /** Private parts shredded. */
  readonly shredded: number;
  /** Due parts kept because they hold a sealed rating. */
  readonly keptSealed: number;
  /** True when the sweep stopped at its limit: run it again. */
  readonly more: boolean;
}

/**
 * Shreds the private parts of `space` due at `now`, at most `limit`, in one transaction of the space.
 *
 * @example const { shredded, more } = await sweepRetention(db, "stays", Date.now())
 */
export async function sweepRetention(
  db: Database,
  space: string,
  now: number,
  options: { readonly limit?: number } = {},
): Promise<SweepReport> {
  const limit = options.limit ?? DEFAULT_SWEEP_LIMIT;
  return db.spaceTransaction(space, async ({ tx }) => {
    const record = await getRecord(tx, "space", space, space);
    if (record === null) return { shredded: 0, keptSealed: 0, more: false };
    let shredded = 0;
    let keptSealed = 0;
    let afterIndex = -1;
    for (;;) {
      const due = await duePrivateParts(tx, space, now, record.policy, afterIndex);
      for (const part of due) {
        if (shredded === limit) return { shredded, keptSealed, more: true };
        afterIndex = part.index;
        if (await shredPart(tx, space, part)) shredded++;
        else keptSealed++;
      }
      if (due.length < SCAN_PAGE) return { shredded, keptSealed, more: false };
    }
  });
}

/** Shreds one part unless it holds a sealed rating; true when shredded. */
async function shredPart(tx: Executor, space: string, part: StoredPrivatePart): Promise<boolean> {
  const [stored] = await readEntries(tx, space, part.index, part.index + 1);
  if (stored === undefined) return false;
  const event = loggedEvent(space, stored, part);
  if (event.type === "review.submitted" || event.type === "review.amended") {
    const review = await getRecord(tx, "review", space, event.public.review);
    if (holdsSealedRating(event, review)) return false;
  }
  await deletePrivatePart(tx, space, part.eventId);
  await applyChanges(tx, shredChanges(event));
  return true;
}

/** The next page of due parts after `afterIndex`, in log order. */
async function duePrivateParts(
  tx: Executor,
  space: string,
  now: number,
  policy: SpacePolicy,
  afterIndex: number,
): Promise<StoredPrivatePart[]> {
  const cutoffs = currentCutoffs(policy, now);
  const rows = await tx
    .selectFrom("event_private")
    .selectAll()
    .where("space", "=", space)
    .where("idx", ">", afterIndex)
    .where((eb) =>
      eb.or([
        eb("shred_after", "<=", now),
        ...cutoffs.map(({ types, cutoff }) =>
          eb.and([eb("type", "in", types), eb("at", "<=", cutoff)]),
        ),
      ]),
    )
    .orderBy("idx")
    .limit(SCAN_PAGE)
    .execute();
  return rows.map(privatePartOf);
}

/**
 * Under `policy`, the event types grouped by retention, each with the latest event time already due at
 * `now` (deadline = at + retention ≤ now).
 */
function currentCutoffs(policy: SpacePolicy, now: number) {
  const byRetention = new Map<number, EventType[]>();
  for (const type of EVENT_TYPES) {
    const retention = shredDeadline(type, 0, policy);
    if (retention === null) continue;
    byRetention.set(retention, [...(byRetention.get(retention) ?? []), type]);
  }
  return [...byRetention].map(([retention, types]) => ({ types, cutoff: now - retention }));
}
