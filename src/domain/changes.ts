/**
 * Record changes: what applying one event does to the projections, as data. The store applies them
 * generically inside the transaction that appends the event, and a rebuild is a replay of evolve
 * over the log, so there is exactly one place where events become rows.
 */
import type { MemberId, SpaceId } from "./ids.js";
import type { RecordKind, RecordOf } from "./records.js";

/** Insert a new record (its (kind, space, id) does not exist yet). */
export type PutChange = {
  readonly [K in RecordKind]: {
    readonly op: "put";
    readonly kind: K;
    readonly record: RecordOf<K>;
  };
}[RecordKind];

/** Set fields of one existing record. */
export type PatchChange = {
  readonly [K in RecordKind]: {
    readonly op: "patch";
    readonly kind: K;
    readonly space: SpaceId;
    readonly id: string;
    readonly set: Partial<RecordOf<K>>;
  };
}[RecordKind];

/**
 * Set fields of every record of `kind` in `space` whose fields equal all of `where` (scalar fields
 * only: strings, numbers, null). Matching no record is not an error.
 */
export type PatchWhereChange = {
  readonly [K in RecordKind]: {
    readonly op: "patch-where";
    readonly kind: K;
    readonly space: SpaceId;
    readonly where: Partial<RecordOf<K>>;
    readonly set: Partial<RecordOf<K>>;
  };
}[RecordKind];

/**
 * Delete the stored private parts, and their salts, of every event of `space` whose private owner
 * (retention.ts `privateOwner`) is `owner`. Entries and their commitments stay.
 */
export interface ShredPrivateChange {
  readonly op: "shred-private";
  readonly space: SpaceId;
  readonly owner: MemberId;
}

/** One change to the projections. */
export type RecordChange = PutChange | PatchChange | PatchWhereChange | ShredPrivateChange;

/**
 * A put change, typed by kind.
 *
 * @example put("vouch", record)
 */
export function put<K extends RecordKind>(kind: K, record: RecordOf<K>): RecordChange {
  return { op: "put", kind, record } as RecordChange;
}

/**
 * A patch change, typed by kind.
 *
 * @example patch("review", space, id, { withdrawnAt: at })
 */
export function patch<K extends RecordKind>(
  kind: K,
  space: SpaceId,
  id: string,
  set: Partial<RecordOf<K>>,
): RecordChange {
  return { op: "patch", kind, space, id, set } as RecordChange;
}

/**
 * A patch-where change, typed by kind.
 *
 * @example patchWhere("reply", space, { author: m }, { text: null })
 */
export function patchWhere<K extends RecordKind>(
  kind: K,
  space: SpaceId,
  where: Partial<RecordOf<K>>,
  set: Partial<RecordOf<K>>,
): RecordChange {
  return { op: "patch-where", kind, space, where, set } as RecordChange;
}
