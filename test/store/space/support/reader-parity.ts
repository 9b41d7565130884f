/**
 * Asks the SQL DomainReader and the in-memory reference reader the same questions, over every id the
 * mirror knows plus ids that do not exist, at several times, and expects the same answers in the same
 * order. Test helper.
 */
import { expect } from "vitest";
import { DAY_MS } from "../../../../src/domain/policy.js";
import type { DomainReader } from "../../../../src/domain/reader.js";
import { RECORD_KINDS } from "../../../../src/domain/records.js";
import type { Mirror } from "./mirror.js";

/** Compares every method of `sql` with `mirror.store.reader` for `space` around `now`. */
export async function expectReaderParity(
  sql: DomainReader,
  mirror: Mirror,
  space: string,
  now: number,
): Promise<number> {
  const mem = mirror.store.reader;
  const all = mirror.store.all;
  let asked = 0;
  const same = async <T>(label: string, a: Promise<T>, b: Promise<T>) => {
    asked++;
    expect(await a, label).toEqual(await b);
  };
  const members = [...all("member").map((m) => m.id), "nobody"];
  const subjects = [...all("subject").map((s) => s.id), "no-subject"];
  const interactions = [...all("interaction").map((i) => i.id), "no-stay"];
  const scopes = ["hosted-me", "met-in-person", "no-scope"];
  const times = [
    now,
    now - 30 * DAY_MS,
    now + 30 * DAY_MS,
    now + 400 * DAY_MS,
    ...all("review").flatMap((r) =>
      r.sealedUntil === null ? [] : [r.sealedUntil - 1, r.sealedUntil],
    ),
    ...all("vouch").flatMap((v) => (v.expiresAt === null ? [] : [v.expiresAt - 1, v.expiresAt])),
    ...all("vouch").flatMap((v) =>
      v.removedUntil === null ? [] : [v.removedUntil - 1, v.removedUntil],
    ),
  ];

  for (const kind of RECORD_KINDS) {
    for (const id of [...all(kind).map((r) => r.id), "missing"]) {
      await same(`get ${kind} ${id}`, sql.get(kind, space, id), mem.get(kind, space, id));
    }
    await same(
      `get ${kind} in another space`,
      sql.get(kind, "elsewhere", space),
      mem.get(kind, "elsewhere", space),
    );
  }
  for (const author of members) {
    await same(
      `unrevealed by ${author}`,
      sql.listUnrevealedReviewsBy(space, author),
      mem.listUnrevealedReviewsBy(space, author),
    );
    await same(
      `decisions affecting ${author}`,
      sql.listDecisionsAffecting(space, author),
      mem.listDecisionsAffecting(space, author),
    );
    for (const interaction of interactions) {
      await same(
        `review of ${interaction} by ${author}`,
        sql.findReview(space, interaction, author),
        mem.findReview(space, interaction, author),
      );
      await same(
        `dispute of ${interaction} by ${author}`,
        sql.findDispute(space, interaction, author),
        mem.findDispute(space, interaction, author),
      );
    }
    for (const subject of subjects) {
      await same(
        `unverified of ${subject} by ${author}`,
        sql.findUnverifiedReviews(space, subject, author),
        mem.findUnverifiedReviews(space, subject, author),
      );
    }
    const targets = [
      ...all("decision").map((d) => ({ kind: "decision" as const, id: d.id })),
      ...all("alert").map((a) => ({ kind: "alert" as const, id: a.id })),
      { kind: "decision" as const, id: "missing" },
    ];
    for (const target of targets) {
      await same(
        `appeals of ${target.id} by ${author}`,
        sql.listAppeals(space, target, author),
        mem.listAppeals(space, target, author),
      );
    }
  }
  for (const at of times) {
    for (const limit of [1, 2, 100]) {
      await same(
        `reveal due ${at}/${limit}`,
        sql.listRevealDue(space, at, limit),
        mem.listRevealDue(space, at, limit),
      );
    }
    for (const vouchee of members) {
      await same(
        `vouches for ${vouchee} at ${at}`,
        sql.countVouchesFor(space, vouchee, at),
        mem.countVouchesFor(space, vouchee, at),
      );
      for (const voucher of members) {
        for (const scope of scopes) {
          await same(
            `active vouch ${voucher}→${vouchee} ${scope} at ${at}`,
            sql.findActiveVouch(space, voucher, vouchee, scope, at),
            mem.findActiveVouch(space, voucher, vouchee, scope, at),
          );
        }
      }
    }
  }
  return asked;
}
