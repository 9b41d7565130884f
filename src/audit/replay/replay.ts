/**
 * Replaying a space's public log, as an auditor: every entry of the mirror (authenticated against the
 * verified checkpoint by the TileReader) is decoded as a Fabrique event (src/domain/entry.ts, a parser of
 * untrusted bytes) and applied to an in-memory record set with the domain's own `evolve`, private parts
 * absent. At each requested log size the caller is handed the records as they stood after exactly that
 * many entries, so scores and reports computed at several sizes cost one pass.
 *
 * What the log itself gets wrong is collected as findings, never thrown: an entry that is not a Fabrique
 * event, an event of another space, a change the store could not have applied, and a revealed rating
 * that does not open the commitment its review made when sealed (events/review.ts).
 */

import { decodeEntry } from "../../domain/entry.js";
import type { DomainEvent } from "../../domain/events.js";
import { evolve } from "../../domain/evolve.js";
import { verifyRatingOpening } from "../../domain/rating-commitment.js";
import { LogError } from "../../log/errors.js";
import type { TileReader } from "../../log/tiles/index.js";
import type { ProgressSink } from "../follow/mirror.js";
import { createRecordSet, type RecordSet } from "./record-set.js";

/** Something wrong with the log's content (its tree verified: these are the events it holds). */
export interface LogFinding {
  /** The entry's index. */
  readonly index: number;
  readonly problem: string;
}

/** Options of replayPublicLog. */
export interface ReplayOptions {
  /** A reader of the verified tree, e.g. over the monitor's mirror. */
  readonly reader: TileReader;
  /** Log sizes to stop at (each ≤ reader.head.size); `visit` runs once per distinct size, ascending. */
  readonly stops: readonly number[];
  /** Called with the records after exactly `size` entries; may be async. */
  readonly visit: (size: number, records: RecordSet) => void | Promise<void>;
  readonly report?: ProgressSink;
}

/** What a replay found. */
export interface ReplayResult {
  /** Entries replayed (the largest stop). */
  readonly replayed: number;
  /** The space the log belongs to (from its first entry), or undefined for an empty log. */
  readonly space: string | undefined;
  /** Entries replayed per event type. */
  readonly types: Readonly<Record<string, number>>;
  readonly findings: readonly LogFinding[];
}

/** Entries read from the reader at once (16 entry bundles). */
const BATCH = 16 * 256;

/**
 * Replays the log up to the largest stop. Throws LogError("out-of-range") for a stop beyond the tree,
 * and whatever the reader throws for a tile that does not authenticate.
 *
 * @example
 * await replayPublicLog({ reader, stops: [120, 300], visit: (size, records) => counts.set(size, report(records)) })
 */
export async function replayPublicLog(options: ReplayOptions): Promise<ReplayResult> {
  const stops = [...new Set(options.stops)].sort((a, b) => a - b);
  const last = stops[stops.length - 1] ?? 0;
  if (last > options.reader.head.size || (stops[0] ?? 0) < 0) {
    throw new LogError(
      "out-of-range",
      `cannot replay ${last} entries of a tree of ${options.reader.head.size}`,
    );
  }
  const records = createRecordSet();
  const findings: LogFinding[] = [];
  const types = new Map<string, number>();
  let space: string | undefined;
  let next = 0;
  for (let start = 0; start <= last; start += BATCH) {
    while (next < stops.length && stops[next] === start) {
      await options.visit(start, records);
      next += 1;
    }
    const end = Math.min(start + BATCH, last);
    if (end <= start) break;
    const entries = await options.reader.readEntries(range(start, end));
    for (let i = 0; i < entries.length; i += 1) {
      const index = start + i;
      space = applyEntry(records, entries[i] as Uint8Array, index, space, findings, types);
      if (stops[next] === index + 1) {
        await options.visit(index + 1, records);
        next += 1;
      }
    }
    options.report?.update(end, last);
  }
  const sorted = [...types].sort(([a], [b]) => (a < b ? -1 : 1));
  return { replayed: last, space, types: Object.fromEntries(sorted), findings };
}

/** Decodes and applies one entry; returns the space of the log (set by its first event). */
function applyEntry(
  records: RecordSet,
  bytes: Uint8Array,
  index: number,
  space: string | undefined,
  findings: LogFinding[],
  types: Map<string, number>,
): string | undefined {
  const decoded = decodeEntry(bytes);
  if (!decoded.ok) {
    findings.push({ index, problem: `not a Fabrique event: ${decoded.error.message}` });
    return space;
  }
  // The entry carries the public part only: the event as anyone may know it (evolve copes without
  // private parts, as it does after shredding).
  const { type, id, at, actor } = decoded.value;
  types.set(type, (types.get(type) ?? 0) + 1);
  const event = { type, id, at, actor, public: decoded.value.public } as DomainEvent;
  const logSpace = space ?? event.public.space;
  if (event.public.space !== logSpace) {
    findings.push({
      index,
      problem: `event of space ${event.public.space} in the log of ${logSpace}`,
    });
    return logSpace;
  }
  const opening = checkReveal(records, event);
  if (opening !== undefined) findings.push({ index, problem: opening });
  for (const problem of records.apply(evolve(event))) findings.push({ index, problem });
  return logSpace;
}

/** A reveal must open the rating commitment the review holds (its submission's or amendment's). */
function checkReveal(records: RecordSet, event: DomainEvent): string | undefined {
  if (event.type !== "review.revealed") return undefined;
  const p = event.public;
  const review = records.get("review", p.review);
  if (review === undefined) return undefined; // reported by apply: a patch of a missing record
  const ratings = { overall: p.overall, criteria: p.criteria };
  if (verifyRatingOpening(review.ratingCommitment, ratings, p.ratingSalt)) return undefined;
  return `review ${p.review} is revealed with a rating (overall ${p.overall}) that does not open the commitment it was submitted with`;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
