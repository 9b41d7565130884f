/**
 * An audit of one space's whole log and what hangs off it, read under the space's writer lock (so no
 * commit lands between its reads, not even a killed client's last COMMIT that PostgreSQL finishes
 * after the client is gone):
 *
 * - log_entries has indices 0 … count − 1, each once, and log_state's size is that count;
 * - every entry decodes (src/domain decodeEntry) and its stored leaf hash is leafHash(entry);
 * - the root recomputed from the entries alone (createAppender over leafHash) equals log_state's root
 *   and the HashStore's rootAt(size), and log_nodes holds exactly the complete subtrees of that size;
 * - every private part belongs to an entry of the log and opens that entry's commitment; with
 *   `allPrivateParts`, every entry with a commitment has its part (no erasure or sweep happened);
 * - each record table holds exactly one record per event that creates one (interactions per
 *   interaction.recorded, reviews per review.submitted, …), with the same ids, and as many reviews
 *   carry a reveal as there are review.revealed entries.
 *
 * Test helper (uses vitest's expect).
 */
import { sql } from "kysely";
import { expect } from "vitest";
import { decodeEntry, type LogEntry, verifyCommitment } from "../../../../src/domain/entry.js";
import { createAppender } from "../../../../src/log/merkle/appender.js";
import { leafHash } from "../../../../src/log/merkle/hash.js";
import { rootAt } from "../../../../src/log/merkle/root-at.js";
import type { Database } from "../../../../src/store/database.js";
import { readLogState } from "../../../../src/store/log/log-state.js";
import { createSqlHashStore } from "../../../../src/store/log/sql-hash-store.js";
import type { Executor } from "../../../../src/store/schema.js";

/** What the audit read. */
export interface LogAudit {
  readonly size: number;
  /** The root recomputed from the entries, hex. */
  readonly root: string;
  /** The leaf hash of each entry, hex, by index. */
  readonly leafHashes: readonly string[];
  /** Each entry decoded, by index. */
  readonly entries: readonly LogEntry[];
}

/** The record each creating event puts, and the public field that names it. */
const CREATED_BY: Readonly<Record<string, { readonly table: string; readonly field: string }>> = {
  "space.created": { table: "spaces", field: "space" },
  "member.joined": { table: "members", field: "member" },
  "subject.registered": { table: "subjects", field: "subject" },
  "interaction.recorded": { table: "interactions", field: "interaction" },
  "interaction.disputed": { table: "disputes", field: "dispute" },
  "review.submitted": { table: "reviews", field: "review" },
  "review.replied": { table: "replies", field: "reply" },
  "vouch.given": { table: "vouches", field: "vouch" },
  "alert.raised": { table: "alerts", field: "alert" },
  "decision.made": { table: "decisions", field: "decision" },
  "appeal.filed": { table: "appeals", field: "appeal" },
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * Audits the log of `space` (see the module comment); fails the test on the first broken rule.
 *
 * @example const { size, root } = await auditLog(db, "market", { allPrivateParts: true })
 */
export async function auditLog(
  db: Database,
  space: string,
  options: { readonly allPrivateParts: boolean },
): Promise<LogAudit> {
  return db.spaceTransaction(space, async ({ tx }) => {
    const state = await readLogState(tx, space);
    const rows = await tx
      .selectFrom("log_entries")
      .select(["idx", "entry", "leaf_hash"])
      .where("space", "=", space)
      .orderBy("idx")
      .execute();
    expect(
      rows.findIndex((r, i) => r.idx !== i),
      "the first index out of place",
    ).toBe(-1);
    expect(rows.length, "log_state size = number of entries").toBe(state.size);

    const appender = createAppender();
    const entries: LogEntry[] = [];
    const leafHashes: string[] = [];
    for (const row of rows) {
      const bytes = new Uint8Array(row.entry);
      const leaf = leafHash(bytes);
      expect(hex(new Uint8Array(row.leaf_hash)), `leaf hash of ${row.idx}`).toBe(hex(leaf));
      appender.append(leaf);
      leafHashes.push(hex(leaf));
      const decoded = decodeEntry(bytes);
      if (!decoded.ok)
        throw new Error(`entry ${row.idx} does not decode: ${decoded.error.message}`);
      entries.push(decoded.value);
    }
    const root = hex(appender.root());
    expect(hex(state.root), "log_state root = root recomputed from the entries").toBe(root);
    const stored = await rootAt(createSqlHashStore(tx, space), state.size);
    expect(hex(stored), "HashStore rootAt(size) = root recomputed from the entries").toBe(root);
    expect(await countWhere(tx, "log_nodes", space), "log_nodes = complete subtrees").toBe(
      completeSubtrees(state.size),
    );

    await expectPrivatePartsOpen(tx, space, entries, options.allPrivateParts);
    await expectRecordsOfEvents(tx, space, entries);
    return { size: state.size, root, leafHashes, entries };
  });
}

/** Σ_l ⌊n / 2^l⌋: the complete subtrees (leaves included) of a tree of n leaves. */
export function completeSubtrees(n: number): number {
  let total = 0;
  for (let width = 1; width <= n; width *= 2) total += Math.floor(n / width);
  return total;
}

async function expectPrivatePartsOpen(
  tx: Executor,
  space: string,
  entries: readonly LogEntry[],
  all: boolean,
): Promise<void> {
  const parts = await tx
    .selectFrom("event_private")
    .select(["idx", "event_id", "private", "salt"])
    .where("space", "=", space)
    .orderBy("idx")
    .execute();
  for (const part of parts) {
    const entry = entries[part.idx];
    expect(entry?.id, `the entry of private part ${part.event_id}`).toBe(part.event_id);
    const opens =
      entry !== undefined &&
      verifyCommitment(entry, JSON.parse(part.private), new Uint8Array(part.salt));
    expect(opens, `private part ${part.event_id} opens its commitment`).toBe(true);
  }
  if (all) {
    const committed = entries.filter((e) => e.commitment !== undefined).length;
    expect(parts.length, "a private part per committed entry").toBe(committed);
  }
}

async function expectRecordsOfEvents(
  tx: Executor,
  space: string,
  entries: readonly LogEntry[],
): Promise<void> {
  const expected = new Map<string, string[]>();
  for (const { table } of Object.values(CREATED_BY)) expected.set(table, []);
  for (const entry of entries) {
    const creates = CREATED_BY[entry.type];
    if (creates === undefined) continue;
    const id = (entry.public as Readonly<Record<string, unknown>>)[creates.field];
    expected.get(creates.table)?.push(String(id));
  }
  for (const [table, ids] of expected) {
    const { rows } = await sql<{ id: string }>`
      select id from ${sql.table(table)} where space = ${space}`.execute(tx);
    expect(rows.map((r) => r.id).sort(), `${table}: one record per creating event`).toEqual(
      [...ids].sort(),
    );
  }
  const revealed = entries.filter((e) => e.type === "review.revealed").length;
  const { rows } = await sql<{ data: string }>`
    select data from reviews where space = ${space}`.execute(tx);
  const withReveal = rows.filter(
    (r) => (JSON.parse(r.data) as { revealedAt: unknown }).revealedAt !== null,
  );
  expect(withReveal.length, "reviews revealed = review.revealed entries").toBe(revealed);
}

async function countWhere(tx: Executor, table: string, space: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from ${sql.table(table)} where space = ${space}`.execute(tx);
  return Number(rows[0]?.n);
}
