/**
 * The read queries after the scripted community: every list, paged with cursors, returns what the
 * in-memory reference holds, filtered and ordered as documented; limits and cursors from outside are
 * checked (a cursor of another list, a forged or oversized one, a limit out of range); records are
 * read by kind and id, reviews never. On both backends.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Parsed } from "../../../src/domain/errors.js";
import type { RecordKind, RecordOf } from "../../../src/domain/records.js";
import { isRemoved } from "../../../src/domain/views.js";
import type { Executor } from "../../../src/store/schema.js";
import {
  listInteractionsOf,
  listMembers,
  listSubjects,
  listVouchesBy,
  listVouchesFor,
} from "../../../src/store/space/queries/member-queries.js";
import {
  listAlerts,
  listAppeals,
  listDecisions,
} from "../../../src/store/space/queries/moderation-queries.js";
import {
  MAX_CURSOR_LENGTH,
  MAX_PAGE_LIMIT,
  type Page,
  type PageRequest,
} from "../../../src/store/space/queries/pagination.js";
import { findRecord } from "../../../src/store/space/queries/record-queries.js";
import { listSubjectReviews } from "../../../src/store/space/queries/review-queries.js";
import { describeBackends, type TestDatabase } from "../support/backends.js";
import { type Community, MEMBERS, SPACE, scriptCommunity } from "./support/community.js";

type Lister<T> = (request: PageRequest) => Promise<Parsed<Page<T>>>;

/** Every item of a list, following cursors `limit` at a time. */
async function everything<T>(list: Lister<T>, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 500; i++) {
    const page = await list({ limit, cursor });
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.value.items);
    cursor = page.value.next;
    if (cursor === null) return items;
  }
  throw new Error("endless pages");
}

/** `records` sorted by `key` then id, ascending or descending. */
function sorted<T extends { readonly id: string }>(
  records: readonly T[],
  key: (r: T) => number,
  direction: "asc" | "desc",
): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...records].sort(
    (a, b) => sign * (key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
}

describeBackends("read queries", (backend) => {
  let tdb: TestDatabase;
  let c: Community;
  let db: Executor;
  const all = <K extends RecordKind>(kind: K): readonly RecordOf<K>[] =>
    c.mirror.store.all(kind).filter((r) => r.space === SPACE);

  beforeAll(async () => {
    tdb = await backend.open();
    c = await scriptCommunity(tdb.db);
    db = tdb.db.kysely;
  });
  afterAll(async () => {
    await tdb?.dispose();
  });

  /** The list, at every page size, equals `expected`. */
  async function expectList<T>(list: Lister<T>, expected: readonly T[]) {
    expect(expected.length).toBeGreaterThan(0);
    for (const limit of [1, 2, 3, MAX_PAGE_LIMIT]) {
      expect(await everything(list, limit), `${limit} a page`).toEqual(expected);
    }
  }

  it("list members, subjects and interactions in their documented orders", async () => {
    await expectList(
      (r) => listMembers(db, SPACE, r),
      sorted(all("member"), (m) => m.joinedAt, "asc"),
    );
    await expectList(
      (r) => listSubjects(db, SPACE, r),
      sorted(all("subject"), (s) => s.registeredAt, "asc"),
    );
    await expectList(
      (r) => listSubjects(db, SPACE, { ...r, owner: MEMBERS.bob, kind: "listing" }),
      all("subject").filter((s) => s.owner === MEMBERS.bob && s.kind === "listing"),
    );
    for (const member of Object.values(MEMBERS)) {
      const expected = sorted(
        all("interaction").filter((i) => i.parties.some((p) => p.member === member)),
        (i) => i.occurredAt,
        "desc",
      );
      await expectList((r) => listInteractionsOf(db, SPACE, member, r), expected);
    }
    expect(all("interaction").every((i) => i.parties.length === 2)).toBe(true);
  });

  it("list vouches for and by a member, all or active at a time", async () => {
    const now = c.t.now;
    const active = (v: RecordOf<"vouch">, at: number) =>
      v.revokedAt === null && (v.expiresAt === null || at < v.expiresAt) && !isRemoved(v, at);
    const bob = MEMBERS.bob;
    await expectList(
      (r) => listVouchesFor(db, SPACE, bob, r),
      sorted(
        all("vouch").filter((v) => v.vouchee === bob),
        (v) => v.givenAt,
        "desc",
      ),
    );
    for (const at of [now, Date.UTC(2025, 0, 2, 12)]) {
      const expected = all("vouch").filter((v) => v.vouchee === bob && active(v, at));
      expect(
        await everything((r) => listVouchesFor(db, SPACE, bob, { ...r, activeAt: at }), 2),
      ).toEqual(sorted(expected, (v) => v.givenAt, "desc"));
    }
    await expectList(
      (r) => listVouchesBy(db, SPACE, MEMBERS.carol, r),
      all("vouch").filter((v) => v.voucher === MEMBERS.carol),
    );
  });

  it("list the alert queue, decisions and appeals", async () => {
    const alerts = sorted(all("alert"), (a) => a.raisedAt, "asc");
    await expectList(
      (r) => listAlerts(db, SPACE, r),
      alerts.filter((a) => a.resolvedAt === null),
    );
    await expectList(
      (r) => listAlerts(db, SPACE, { ...r, status: "resolved" }),
      alerts.filter((a) => a.resolvedAt !== null),
    );
    await expectList((r) => listAlerts(db, SPACE, { ...r, status: "all" }), alerts);
    const decisions = sorted(all("decision"), (d) => d.madeAt, "desc");
    await expectList((r) => listDecisions(db, SPACE, r), decisions);
    await expectList(
      (r) => listDecisions(db, SPACE, { ...r, affected: MEMBERS.carol }),
      decisions.filter((d) => d.statement.affected === MEMBERS.carol),
    );
    const appeals = sorted(all("appeal"), (a) => a.filedAt, "asc");
    await expectList((r) => listAppeals(db, SPACE, r), appeals);
    await expectList(
      (r) => listAppeals(db, SPACE, { ...r, status: "decided", appellant: MEMBERS.carol }),
      appeals.filter((a) => a.decidedAt !== null && a.appellant === MEMBERS.carol),
    );
    expect(await everything((r) => listAppeals(db, SPACE, { ...r, status: "pending" }), 5)).toEqual(
      [],
    );
  });

  it("read records by kind and id, never reviews", async () => {
    expect(await findRecord(db, SPACE, "space", SPACE)).toEqual(all("space")[0]);
    for (const kind of ["member", "subject", "vouch", "decision", "appeal"] as const) {
      for (const record of all(kind)) {
        expect(await findRecord(db, SPACE, kind, record.id)).toEqual(record);
      }
      expect(await findRecord(db, SPACE, kind, "missing")).toBeNull();
      expect(await findRecord(db, "elsewhere", kind, all(kind)[0]?.id ?? "")).toBeNull();
    }
    await expect(findRecord(db, SPACE, "review" as never, c.ids.aliceReview)).rejects.toThrow(
      TypeError,
    );
  });

  it("check limits and cursors from outside", async () => {
    const first = await listMembers(db, SPACE, { limit: 2 });
    expect(first.ok && first.value.next).toBeTypeOf("string");
    const cursor = first.ok ? (first.value.next as string) : "";
    for (const limit of [0, -1, 1.5, MAX_PAGE_LIMIT + 1, Number.NaN]) {
      expect(await listMembers(db, SPACE, { limit }), String(limit)).toMatchObject({
        ok: false,
        error: { code: "invalid-input", rule: "query.limit" },
      });
    }
    const forged = Buffer.from(JSON.stringify(["members", "1 or 1=1", "x"])).toString("base64url");
    const otherList = await listSubjects(db, SPACE, { limit: 1 });
    const subjectCursor = otherList.ok ? (otherList.value.next as string) : "";
    for (const bad of [
      "",
      "not base64!",
      `${cursor}A`,
      forged,
      subjectCursor,
      "A".repeat(MAX_CURSOR_LENGTH + 4),
      42 as unknown as string,
    ]) {
      expect(await listMembers(db, SPACE, { limit: 2, cursor: bad }), String(bad)).toMatchObject({
        ok: false,
        error: { code: "invalid-input", rule: "query.cursor" },
      });
    }
    const second = await listMembers(db, SPACE, { limit: 2, cursor });
    expect(second.ok && second.value.items.map((m) => m.id)).toEqual(
      sorted(all("member"), (m) => m.joinedAt, "asc")
        .slice(2, 4)
        .map((m) => m.id),
    );
    const reviews = await listSubjectReviews(db, SPACE, "flat-7", {
      order: "__proto__" as never,
    });
    expect(reviews).toMatchObject({ ok: false, error: { rule: "query.order" } });
    const cross = await listSubjectReviews(db, SPACE, "flat-7", { cursor });
    expect(cross).toMatchObject({ ok: false, error: { rule: "query.cursor" } });
  });
});
