/**
 * An in-memory projection store for tests: applies RecordChanges exactly as the real stores must
 * (put inserts, patch updates one existing record, patch-where updates all matches) and answers the
 * DomainReader queries by scanning. Deliberately naive, so that it is obviously right.
 */
import type { RecordChange } from "../../../src/domain/changes.js";
import type { MemberId, SpaceId } from "../../../src/domain/ids.js";
import type { DomainReader } from "../../../src/domain/reader.js";
import type { RecordKind, RecordOf, ReviewRecord } from "../../../src/domain/records.js";
import { isRemoved } from "../../../src/domain/views.js";

type Row = Record<string, unknown> & { readonly space: string; readonly id: string };

export interface MemoryStore {
  readonly reader: DomainReader;
  /** Applies projection changes; `onShred` receives shred-private changes. */
  apply(changes: readonly RecordChange[], onShred: (space: SpaceId, owner: MemberId) => void): void;
  /** Every record of `kind`, in insertion order. */
  all<K extends RecordKind>(kind: K): readonly RecordOf<K>[];
}

/**
 * A fresh, empty store.
 *
 * @example const store = createMemoryStore(); store.apply(evolve(event), shred)
 */
export function createMemoryStore(): MemoryStore {
  const tables = new Map<RecordKind, Map<string, Row>>();
  const table = (kind: RecordKind) => {
    let t = tables.get(kind);
    if (t === undefined) {
      t = new Map();
      tables.set(kind, t);
    }
    return t;
  };
  const key = (space: string, id: string) => `${space}\u0000${id}`;
  const all = <K extends RecordKind>(kind: K) =>
    [...table(kind).values()] as unknown as readonly RecordOf<K>[];
  const inSpace = <K extends RecordKind>(kind: K, space: SpaceId) =>
    all(kind).filter((r) => r.space === space);

  const reader: DomainReader = {
    async get(kind, space, id) {
      return (table(kind).get(key(space, id)) ?? null) as never;
    },
    async findReview(space, interaction, author) {
      return (
        inSpace("review", space).find(
          (r) => r.interaction === interaction && r.author === author,
        ) ?? null
      );
    },
    async findUnverifiedReviews(space, subject, author) {
      return inSpace("review", space).filter(
        (r) =>
          r.interaction === null &&
          r.subject === subject &&
          r.author === author &&
          r.withdrawnAt === null,
      );
    },
    async findDispute(space, interaction, member) {
      return (
        inSpace("dispute", space).find(
          (d) => d.interaction === interaction && d.member === member,
        ) ?? null
      );
    },
    async listUnrevealedReviewsBy(space, author) {
      return inSpace("review", space).filter(
        (r) => r.author === author && r.revealedAt === null && r.withdrawnAt === null,
      );
    },
    async listRevealDue(space, now, limit) {
      return inSpace("review", space)
        .filter(
          (r: ReviewRecord) =>
            r.revealedAt === null &&
            r.withdrawnAt === null &&
            r.sealedUntil !== null &&
            r.sealedUntil <= now,
        )
        .sort((a, b) => (a.sealedUntil ?? 0) - (b.sealedUntil ?? 0))
        .slice(0, limit);
    },
    async countVouchesFor(space, member, now) {
      return inSpace("vouch", space).filter(
        (v) =>
          v.vouchee === member &&
          v.revokedAt === null &&
          (v.expiresAt === null || now < v.expiresAt) &&
          !isRemoved(v, now),
      ).length;
    },
    async findActiveVouch(space, voucher, vouchee, scope, now) {
      return (
        inSpace("vouch", space).find(
          (v) =>
            v.voucher === voucher &&
            v.vouchee === vouchee &&
            v.scope === scope &&
            v.revokedAt === null &&
            (v.expiresAt === null || now < v.expiresAt),
        ) ?? null
      );
    },
    async listDecisionsAffecting(space, member) {
      return inSpace("decision", space).filter((d) => d.statement.affected === member);
    },
    async listAppeals(space, target, appellant) {
      return inSpace("appeal", space).filter(
        (a) =>
          a.target.kind === target.kind && a.target.id === target.id && a.appellant === appellant,
      );
    },
  };

  function apply(
    changes: readonly RecordChange[],
    onShred: (space: SpaceId, owner: MemberId) => void,
  ): void {
    for (const change of changes) {
      switch (change.op) {
        case "put": {
          const row = change.record as unknown as Row;
          const k = key(row.space, row.id);
          if (table(change.kind).has(k)) throw new Error(`put: ${change.kind} ${row.id} exists`);
          table(change.kind).set(k, structuredClone(row));
          break;
        }
        case "patch": {
          const k = key(change.space, change.id);
          const row = table(change.kind).get(k);
          if (row === undefined) throw new Error(`patch: no ${change.kind} ${change.id}`);
          table(change.kind).set(k, { ...row, ...structuredClone(change.set) });
          break;
        }
        case "patch-where": {
          const where = Object.entries(change.where);
          for (const [k, row] of table(change.kind)) {
            if (row.space !== change.space) continue;
            if (!where.every(([field, value]) => row[field] === value)) continue;
            table(change.kind).set(k, { ...row, ...structuredClone(change.set) });
          }
          break;
        }
        case "shred-private":
          onShred(change.space, change.owner);
          break;
      }
    }
  }

  return { reader, apply, all };
}
