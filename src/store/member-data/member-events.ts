/**
 * A member's entries in their space's log, with a receipt and an inclusion proof for each (issue 6:
 * "their receipts with inclusion proofs against a current checkpoint").
 *
 * Which entries are theirs: those they acted in (actor "member:<id>"), their member.joined and
 * member.erased, and the interactions the operator attested with them as a party. Others' events about
 * them (a review of their listing) are others' entries and stay out.
 *
 * There is no member → entry index (one would cost every write a row), so the log is scanned in slices:
 * the database keeps only rows whose bytes contain `"member:<id>"` or `"member":"<id>"` (instr on
 * SQLite, position on PostgreSQL, both byte searches in the engine), and each candidate is decoded
 * (src/domain/entry.ts) and kept only when it is exactly theirs. Slices keep each statement short:
 * better-sqlite3 runs a statement synchronously.
 *
 * Receipts are signed again with the space's log key: Ed25519 is deterministic, so with the same key
 * the receipt is the very note issued at write time. Inclusion proofs for a batch of entries are
 * planned together and their nodes read in one batched get (proofs share their upper nodes).
 */
import { sql } from "kysely";
import { memberOfRef } from "../../domain/actor.js";
import { decodeEntry, type LogEntry } from "../../domain/entry.js";
import type { Digest } from "../../log/crypto.js";
import type { NodeId } from "../../log/merkle/hash-store.js";
import { foldPlan, inclusionPlan, planIds } from "../../log/merkle/proof-plan.js";
import { signReceipt } from "../../log/receipt/index.js";
import type { Database } from "../database.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import type { SpaceLogSigner } from "../log/space-log-signer.js";
import { createSqlHashStore } from "../log/sql-hash-store.js";

/** Log indices one scanning statement covers. */
export const SCAN_SLICE = 16_384;

/** Why an entry is the member's. */
export type EntryRole = "actor" | "joined" | "erased" | "party";

/** One of the member's entries, proven. */
export interface MemberLogEvent {
  readonly index: number;
  readonly entry: LogEntry;
  readonly role: EntryRole;
  readonly leafHash: Uint8Array;
  /** When the log appended it (ms). */
  readonly time: number;
  /** The receipt, a signed note. */
  readonly receipt: string;
  /** RFC 9162 inclusion path in the tree of the checkpoint, leaf level first. */
  readonly proof: readonly Digest[];
}

/**
 * The member's entries among the first `treeSize` of the log (the size of a signed checkpoint), in
 * batches in log order, each with its receipt and inclusion proof in that tree.
 *
 * @example for await (const batch of memberLogEvents(db, signer, "stays", m, checkpoint.size)) …
 */
export async function* memberLogEvents(
  db: Database,
  signer: SpaceLogSigner,
  space: string,
  member: string,
  treeSize: number,
): AsyncGenerator<MemberLogEvent[]> {
  // The actor needle is open-ended: a call the operator relayed for the member is theirs too
  // ("member:<id>;via=operator:<key>"); roleOf checks the exact member.
  const needles = [`"member:${member}`, `"member":"${member}"`].map((s) =>
    toDbBytes(new TextEncoder().encode(s)),
  );
  for (let start = 0; start < treeSize; start += SCAN_SLICE) {
    const end = Math.min(treeSize, start + SCAN_SLICE);
    const mine = (await candidates(db, space, needles, start, end)).flatMap((row) => {
      const role = roleOf(row.entry, member);
      return role === null ? [] : [{ ...row, role }];
    });
    if (mine.length === 0) continue;
    const proofs = await inclusionProofs(
      db,
      space,
      mine.map((e) => e.index),
      treeSize,
    );
    yield mine.map((e, i) => ({
      ...e,
      receipt: signReceipt(
        { origin: signer.origin, index: e.index, leafHash: e.leafHash, time: e.time },
        signer.signer,
      ),
      proof: proofs[i] as Digest[],
    }));
  }
}

interface Candidate {
  readonly index: number;
  readonly entry: LogEntry;
  readonly leafHash: Uint8Array;
  readonly time: number;
}

async function candidates(
  db: Database,
  space: string,
  needles: readonly Buffer[],
  start: number,
  end: number,
): Promise<Candidate[]> {
  const contains = (needle: Buffer) =>
    db.dialect === "sqlite"
      ? sql<boolean>`instr(entry, ${needle}) > 0`
      : sql<boolean>`position(${needle}::bytea in entry) > 0`;
  const rows = await db.kysely
    .selectFrom("log_entries")
    .select(["idx", "entry", "leaf_hash", "created_at"])
    .where("space", "=", space)
    .where("idx", ">=", start)
    .where("idx", "<", end)
    .where((eb) => eb.or(needles.map(contains)))
    .orderBy("idx")
    .execute();
  return rows.map((row) => {
    const decoded = decodeEntry(fromDbBytes(row.entry));
    if (!decoded.ok) {
      throw new StoreError("corrupt", `space ${space}: entry ${row.idx} does not decode`, {
        cause: decoded.error,
      });
    }
    const time = Date.parse(row.created_at);
    if (!Number.isSafeInteger(time)) {
      throw new StoreError("corrupt", `space ${space}: entry ${row.idx} has no valid time`);
    }
    return { index: row.idx, entry: decoded.value, leafHash: fromDbBytes(row.leaf_hash), time };
  });
}

/** Exactly theirs, or null for an entry that only mentions them (a vouch for them, a decision). */
function roleOf(entry: LogEntry, member: string): EntryRole | null {
  if (memberOfRef(entry.actor) === member) return "actor";
  switch (entry.type) {
    case "member.joined":
    case "member.erased": {
      const named = (entry.public as { readonly member: string }).member === member;
      if (!named) return null;
      return entry.type === "member.joined" ? "joined" : "erased";
    }
    case "interaction.recorded": {
      const parties = (entry.public as { readonly parties: readonly { member: string }[] }).parties;
      return parties.some((p) => p.member === member) ? "party" : null;
    }
    default:
      return null;
  }
}

/** The inclusion proofs of `indices` in the tree of `treeSize`, reading each needed node once. */
async function inclusionProofs(
  db: Database,
  space: string,
  indices: readonly number[],
  treeSize: number,
): Promise<Digest[][]> {
  const plans = indices.map((i) => inclusionPlan(i, treeSize));
  const unique = new Map<string, NodeId>();
  for (const id of plans.flatMap(planIds)) unique.set(`${id.level}/${id.index}`, id);
  const ids = [...unique.values()];
  const hashes = await createSqlHashStore(db.kysely, space).get(ids);
  const byKey = new Map(ids.map((id, i) => [`${id.level}/${id.index}`, hashes[i] as Digest]));
  return plans.map((plan) =>
    foldPlan(
      plan,
      planIds(plan).map((id) => byKey.get(`${id.level}/${id.index}`) as Digest),
    ),
  );
}
