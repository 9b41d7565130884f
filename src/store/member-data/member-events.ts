/**
 * A member's entries in their space's log, with a receipt for each and an inclusion proof for each
 * entry the latest signed checkpoint covers (issue 6: "their receipts with inclusion proofs against a
 * current checkpoint"). The export never signs a checkpoint itself: publishing one is the sealer's
 * (with witnesses configured, only once they cosigned), which covers new entries within a second
 * under `fabrique serve`.
 *
 * Which entries are theirs: those they acted in (actor "member:<id>"), their member.joined and
 * member.erased, and the interactions the operator attested with them as a party. Others' events about
 * them (a review of their listing) are others' entries and stay out. Their notices and notifier appeals
 * name them only in the private part (actor "concealed-member", issue 3): those are found by the private
 * parts filed under them (event_private.owner), while the parts are kept.
 *
 * There is no member → entry index (one would cost every write a row), so the log is scanned in slices:
 * the database keeps only rows whose bytes contain `"member:<id>"` or `"member":"<id>"` (instr on
 * SQLite, position on PostgreSQL, both byte searches in the engine), and each candidate is kept only
 * when it is exactly theirs. Slices keep each statement short: better-sqlite3 runs a statement
 * synchronously. A candidate is read with JSON.parse, not decoded again (src/domain/entry.ts validated it
 * when it was appended, and its leaf hash pins it): the export writes the stored text through as it is,
 * the RFC 8785 bytes the leaf hash covers, and decoding and re-encoding 15,000 entries was a tenth of a
 * large export's time (docs/benchmarks.md, "Member export").
 *
 * Receipts are the ones the writes stored (receipt v2: src/store/log/receipts-at.ts reads the batch
 * signatures and the batches' leaf hashes, a few statements per batch of entries), so the export signs
 * nothing; re-signing a v1 receipt per entry used to be most of an export's cost. Inclusion proofs for a
 * batch of entries are planned together and their nodes read level by level (proof-nodes.ts: proofs
 * share their nodes). The next batch is scanned and proven while the consumer writes the current one.
 */
import { sql } from "kysely";
import { memberOfRef, parseActorRef } from "../../domain/actor.js";
import type { Digest } from "../../log/crypto.js";
import type { NodeId } from "../../log/merkle/hash-store.js";
import { completeSubtrees, foldSubtrees } from "../../log/merkle/subtrees.js";
import type { Database } from "../database.js";
import { fromDbBytes, toDbBytes } from "../db-bytes.js";
import { StoreError } from "../errors.js";
import { type LastBatchTree, type ReceiptParts, readReceiptPartsAt } from "../log/receipts-at.js";
import type { SpaceLogSigner } from "../log/space-log-signer.js";
import { readProofNodes } from "./proof-nodes.js";

/**
 * Log indices one scanning statement covers, and entries proven (receipts and proofs read) together,
 * by dialect. A slice's candidate rows (the stored entry, its text and its parsed envelope) are held
 * together, so a slice bounds the scan's memory (16,384 held about 50 MB for a member owning most of
 * them: docs/benchmarks.md, "Member export", session 4). On SQLite a statement costs microseconds, and
 * what a slice or a batch holds outlived V8's young generation (about 16 MB of allocation) and was
 * copied, then promoted, by the scavenges: smaller ones there. On PostgreSQL a statement is a round trip.
 */
export const SCAN_SLICE = { sqlite: 512, postgres: 2048 } as const;

/** See SCAN_SLICE. */
export const PROVE_BATCH = { sqlite: 256, postgres: 1024 } as const;

/** Why an entry is the member's; "unnamed-actor": they acted, the entry does not name them. */
export type EntryRole = "actor" | "unnamed-actor" | "joined" | "erased" | "party";

/** The envelope fields of a stored entry the export lists (src/domain/entry.ts, LogEntry). */
export interface EntryHead {
  readonly type: string;
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  /** The public part, read to find the entry's role; null in a MemberLogEvent (not kept). */
  readonly public: unknown;
}

/** One of the member's entries, proven. */
export interface MemberLogEvent {
  readonly index: number;
  readonly entry: EntryHead;
  /** The entry exactly as the log stores it (RFC 8785 canonical JSON, UTF-8 decoded). */
  readonly entryText: string;
  readonly role: EntryRole;
  readonly leafHash: Uint8Array;
  /** When the log appended it (ms). */
  readonly time: number;
  /**
   * The receipt the write stored (fabrique-receipt/v2), in its two parts: the text is
   * `${head}\n${signedBatch}`, the signed batch note being one string for all the receipts of a batch.
   */
  readonly receipt: ReceiptParts;
  /**
   * RFC 9162 inclusion path in the tree of the checkpoint, leaf level first; null for an entry appended
   * after the latest checkpoint (the next one will cover it).
   */
  readonly proof: readonly Digest[] | null;
}

/** How far to look, and how far entries can be proven. */
export interface LogExtent {
  /** The log's size now: entries below it are scanned. */
  readonly logSize: number;
  /** The size of the latest signed checkpoint (0: none): entries below it get a proof in its tree. */
  readonly provenSize: number;
}

/**
 * The member's entries in the log, in batches in log order, each with its receipt and, when the latest
 * checkpoint covers it, its inclusion proof in that checkpoint's tree. While a batch is
 * consumed, the next one is being proven. `signer` signs only batches of entries older than the stored
 * ones (receipt-batches.ts), once.
 *
 * @example for await (const batch of memberLogEvents(db, signer, "stays", m, extent)) …
 */
export async function* memberLogEvents(
  db: Database,
  signer: SpaceLogSigner,
  space: string,
  member: string,
  extent: LogExtent,
): AsyncGenerator<MemberLogEvent[]> {
  // One batch ahead: while the consumer writes a batch, the next is scanned and proven (on PostgreSQL
  // the database works on its own core meanwhile). Memory: two batches and one scanned slice.
  const found = memberCandidates(db, space, member, extent.logSize);
  const kept: LastBatchTree = {}; // a receipt batch straddling two of ours is read once
  const step = async (): Promise<MemberLogEvent[] | null> => {
    const next = await found.next();
    return next.done ? null : proveBatch(db, signer, space, next.value, extent.provenSize, kept);
  };
  let pending = step();
  try {
    for (;;) {
      const batch = await pending;
      if (batch === null) return;
      pending = step();
      pending.catch(() => {}); // awaited next turn; a consumer that stops early leaves it unobserved
      yield batch;
    }
  } finally {
    // Stopped early: let the batch in flight finish before the scan is closed.
    await pending.then(
      () => found.return(undefined),
      () => found.return(undefined),
    );
  }
}

interface Candidate {
  readonly index: number;
  readonly entry: EntryHead;
  readonly entryText: string;
  readonly leafHash: Uint8Array;
  readonly time: number;
}

type Mine = Candidate & { readonly role: EntryRole };

/**
 * The member's entries, in batches of PROVE_BATCH (the last one shorter), scanning SCAN_SLICE indices a
 * statement; a batch may gather entries of several slices.
 */
async function* memberCandidates(
  db: Database,
  space: string,
  member: string,
  logSize: number,
): AsyncGenerator<Mine[]> {
  // The actor needle is open-ended: a call the operator relayed for the member is theirs too
  // ("member:<id>;via=operator:<key>"); roleOf checks the exact member.
  const needles = [`"member:${member}`, `"member":"${member}"`].map((s) =>
    toDbBytes(new TextEncoder().encode(s)),
  );
  let mine: Mine[] = [];
  const slice = SCAN_SLICE[db.dialect];
  const batch = PROVE_BATCH[db.dialect];
  for (let start = 0; start < logSize; start += slice) {
    const end = Math.min(logSize, start + slice);
    const owned = await concealedOwned(db, space, member, start, end);
    for (const row of await candidates(db, space, needles, start, end, owned)) {
      const role =
        roleOf(row.entry, member) ?? (owned.includes(row.index) ? unnamedRole(row.entry) : null);
      if (role === null) continue;
      // The public part was needed for the role only: a batch keeps the envelope's strings.
      const { type, id, at, actor } = row.entry;
      mine.push({ ...row, entry: { type, id, at, actor, public: null }, role });
      if (mine.length === batch) {
        yield mine;
        mine = [];
      }
    }
  }
  if (mine.length > 0) yield mine;
}

async function proveBatch(
  db: Database,
  signer: SpaceLogSigner,
  space: string,
  batch: readonly Mine[],
  treeSize: number,
  kept: LastBatchTree,
): Promise<MemberLogEvent[]> {
  const provable = batch.filter((e) => e.index < treeSize).map((e) => e.index);
  // One after the other: SQLite has one connection, and PostgreSQL's pool serves other requests.
  const receipts = await readReceiptPartsAt(db.kysely, signer, batch, kept);
  const proofs = provable.length === 0 ? [] : await inclusionProofs(db, space, provable, treeSize);
  return batch.map((e, i) => ({
    ...e,
    receipt: receipts[i] as ReceiptParts,
    // Entries are in log order: the provable ones come first.
    proof: i < provable.length ? (proofs[i] as Digest[]) : null,
  }));
}

/**
 * Indices in [start, end) of the private parts filed under `member` whose entry names no member
 * (concealed actors): at most a few per member, read by the event_private owner index.
 */
async function concealedOwned(
  db: Database,
  space: string,
  member: string,
  start: number,
  end: number,
): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom("event_private")
    .select("idx")
    .where("space", "=", space)
    .where("owner", "=", member)
    .where("idx", ">=", start)
    .where("idx", "<", end)
    .where("type", "in", ["alert.raised", "appeal.filed"])
    .execute();
  return rows.map((r) => Number(r.idx));
}

/** The member acted in an entry filed under them that names no member. */
function unnamedRole(entry: EntryHead): EntryRole | null {
  return parseActorRef(entry.actor)?.kind === "concealed-member" ? "unnamed-actor" : null;
}

async function candidates(
  db: Database,
  space: string,
  needles: readonly Buffer[],
  start: number,
  end: number,
  owned: readonly number[],
): Promise<Candidate[]> {
  const contains = (needle: Buffer) =>
    db.dialect === "sqlite"
      ? sql<boolean>`instr(entry, ${needle}) > 0`
      : sql<boolean>`position(${needle}::bytea in entry) > 0`;
  // The entry's UTF-8 bytes are asked for as text: PostgreSQL would send a bytea as hex (twice its bytes,
  // decoded again in JS), better-sqlite3 would copy a blob into a Buffer before it is decoded. The stored
  // bytes are RFC 8785 text encoded once when appended; convert_from refuses bytes that are not UTF-8,
  // SQLite's cast decodes them as Buffer's toString did.
  const stored =
    db.dialect === "sqlite"
      ? sql<Uint8Array | string>`cast(entry as text)`
      : sql<Uint8Array | string>`convert_from(entry, 'UTF8')`;
  const rows = await db.kysely
    .selectFrom("log_entries")
    .select(["idx", stored.as("entry"), "leaf_hash", "created_at"])
    .where("space", "=", space)
    .where("idx", ">=", start)
    .where("idx", "<", end)
    .where((eb) =>
      eb.or([...needles.map(contains), ...(owned.length === 0 ? [] : [eb("idx", "in", owned)])]),
    )
    .orderBy("idx")
    .execute();
  return rows.map((row) => {
    const bytes = row.entry;
    const entryText =
      typeof bytes === "string"
        ? bytes
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    const entry = entryHead(entryText);
    if (entry === null) {
      throw new StoreError("corrupt", `space ${space}: entry ${row.idx} does not decode`);
    }
    const time = Date.parse(row.created_at);
    if (!Number.isSafeInteger(time)) {
      throw new StoreError("corrupt", `space ${space}: entry ${row.idx} has no valid time`);
    }
    return { index: row.idx, entry, entryText, leafHash: fromDbBytes(row.leaf_hash), time };
  });
}

/** The envelope of a stored entry, or null when the text is not an entry's JSON object. */
function entryHead(text: string): EntryHead | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const e = value as Readonly<Record<string, unknown>>;
  const { type, id, at, actor } = e;
  if (typeof type !== "string" || typeof id !== "string" || typeof actor !== "string") return null;
  if (typeof at !== "number" || typeof e.public !== "object" || e.public === null) return null;
  return { type, id, at, actor, public: e.public };
}

/** Exactly theirs, or null for an entry that only mentions them (a vouch for them, a decision). */
function roleOf(entry: EntryHead, member: string): EntryRole | null {
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

/**
 * The inclusion proofs of `indices` in the tree of `treeSize`, reading each needed node once. Planned
 * for all leaves together, bottom up: the RFC 9162 §2.1.3.1 path, as inclusionPlan (proof-plan.ts)
 * gives it for one leaf (test/store/member-data/proof-steps.test.ts checks that they agree). At each
 * level the leaf's subtree has a sibling that is a complete subtree (one stored node, keyed by
 * index·64 + level, a safe integer for trees below 2^47 leaves), or lies past the tree's end (no hash
 * at that level), or straddles it (the right edge: the fold of [start, treeSize)'s complete subtrees,
 * the same for every leaf left of it, so computed once per start).
 */
async function inclusionProofs(
  db: Database,
  space: string,
  indices: readonly number[],
  treeSize: number,
): Promise<Digest[][]> {
  const steps = indices.map((i) => proofSteps(i, treeSize));
  const unique = new Map<number, NodeId>();
  const edges = new Map<number, NodeId[]>();
  for (const plan of steps) {
    for (const step of plan) {
      if (step >= 0) unique.set(step, { index: Math.floor(step / 64), level: step % 64 });
      else if (!edges.has(-step - 1)) {
        const parts = completeSubtrees(-step - 1, treeSize);
        edges.set(-step - 1, parts);
        for (const id of parts) unique.set(nodeKey(id), id);
      }
    }
  }
  const byKey = await readProofNodes(db, space, [...unique.values()]);
  const folds = new Map<number, Digest>();
  for (const [start, parts] of edges) {
    folds.set(start, foldSubtrees(parts.map((id) => byKey.get(nodeKey(id)) as Digest)));
  }
  return steps.map((plan) =>
    plan.map((step) => (step >= 0 ? byKey.get(step) : folds.get(-step - 1)) as Digest),
  );
}

/**
 * The proof hashes of leaf `m` in a tree of `n` leaves, leaf level first: a complete subtree as its
 * node key (≥ 0), a right-edge range [start, n) as −start − 1.
 */
export function proofSteps(m: number, n: number): number[] {
  const steps: number[] = [];
  for (let level = 0, width = 1, p = m; width < n; level++, width *= 2, p = Math.floor(p / 2)) {
    const sibling = p % 2 === 0 ? p + 1 : p - 1;
    const start = sibling * width;
    if (start >= n) continue;
    steps.push(start + width <= n ? sibling * 64 + level : -start - 1);
  }
  return steps;
}

function nodeKey(id: NodeId): number {
  return id.index * 64 + id.level;
}
