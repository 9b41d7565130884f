/**
 * The incremental recompute's rule, as a property over generated spaces (no database: compute.ts is
 * pure but for hashing): for any evidence and any later evidence, applying the incremental update to
 * the rows of the first computation gives exactly the rows a full computation of the later evidence
 * gives. The later evidence moves ratings between subjects (the prior keeps its value, so subjects are
 * skipped, while the raters' REV2 fairness, hence their credibility, moves), changes some ratings,
 * adds members and subjects. test/store/trust/recompute.test.ts checks the same on both databases.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import type { ReviewEvidence, SpaceEvidence } from "../../../src/store/trust/evidence.js";
import {
  type ComputedScores,
  computeScores,
  NOTHING_STORED,
  type PreviousScores,
  REPUTATION,
  SUSPICION,
} from "../../../src/store/trust/recompute/compute.js";

type Row = { score: number; details: string; inputs: string; version: string; params: string };
type Table = Map<string, Row>;

/** What writeScores does to the table, without a database. */
function apply(table: Table, computed: ComputedScores): Table {
  const next = new Map(table);
  for (const u of computed.updates) {
    for (const entity of u.removed) next.delete(`${u.algorithm}/${entity}`);
    for (const r of u.rows) {
      next.set(`${u.algorithm}/${r.entity}`, { ...r, version: u.version, params: u.params });
    }
    for (const [key, row] of next) {
      if (key.startsWith(`${u.algorithm}/`)) {
        next.set(key, { ...row, version: u.version, params: u.params });
      }
    }
  }
  return next;
}

/** What readStoredScores reads from the table. */
function previousOf(table: Table): PreviousScores {
  const subjects = new Map<string, string>();
  const members = new Set<string>();
  const algorithms = new Map<string, { version: string; params: string }>();
  let ratings: string | null = null;
  for (const [key, row] of table) {
    const [algorithm = "", entity = ""] = key.split("/");
    algorithms.set(algorithm, { version: row.version, params: row.params });
    if (algorithm === REPUTATION) subjects.set(entity, row.inputs);
    if (algorithm === SUSPICION) {
      members.add(entity);
      ratings = row.inputs;
    }
  }
  return { ratings, algorithms, subjects, members };
}

const MEMBERS = 8;
const SUBJECTS = 8;

const reviewArb = fc.record({
  author: fc.integer({ min: 0, max: MEMBERS - 1 }),
  subject: fc.integer({ min: 0, max: SUBJECTS - 1 }),
  overall: fc.integer({ min: 1, max: 5 }),
  verified: fc.boolean(),
  hour: fc.integer({ min: 0, max: 24 * 30 }),
});

const changeArb = fc.oneof(
  fc.record({ kind: fc.constant("move" as const), review: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant("rerate" as const), review: fc.nat(), overall: fc.nat() }),
  fc.record({ kind: fc.constant("join" as const) }),
  fc.record({ kind: fc.constant("subject" as const) }),
);

type GenReview = fc.Arbitrary<typeof reviewArb extends fc.Arbitrary<infer R> ? R : never>;
type Change = typeof changeArb extends fc.Arbitrary<infer C> ? C : never;

function evidenceOf(
  reviews: readonly (GenReview extends fc.Arbitrary<infer R> ? R : never)[],
  members: number,
  subjects: number,
  logSize: number,
): SpaceEvidence {
  const member = (i: number) => `m${i}`;
  const subject = (i: number) => `s${i}`;
  const t0 = Date.UTC(2025, 0, 1);
  const list: ReviewEvidence[] = reviews.map((r, i) => ({
    id: `r${i}`,
    subject: subject(r.subject),
    author: member(r.author),
    overall: r.overall,
    verified: r.verified,
    submittedAt: t0 + r.hour * 3_600_000,
    visibleFrom: t0 + r.hour * 3_600_000,
  }));
  return {
    space: "gen",
    now: t0 + 40 * 86_400_000,
    logSize,
    scale: { min: 1, max: 5 },
    members: Array.from({ length: members }, (_, i) => member(i)),
    subjectOwners: new Map(
      Array.from({ length: subjects }, (_, i) => [subject(i), member(i % members)] as const),
    ),
    reviews: list,
    vouches: [],
    interactions: [],
    importedPriors: new Map(),
  };
}

function changed(
  reviews: readonly (GenReview extends fc.Arbitrary<infer R> ? R : never)[],
  changes: readonly Change[],
) {
  const next = reviews.map((r) => ({ ...r }));
  let members = MEMBERS;
  let subjects = SUBJECTS;
  for (const c of changes) {
    const target = next[(c.kind === "move" || c.kind === "rerate" ? c.review : 0) % next.length];
    switch (c.kind) {
      case "move":
        if (target !== undefined) target.subject = c.to % subjects;
        break;
      case "rerate":
        if (target !== undefined) target.overall = 1 + (c.overall % 5);
        break;
      case "join":
        members++;
        break;
      case "subject":
        subjects++;
        break;
    }
  }
  return { reviews: next, members, subjects };
}

it("incremental updates applied to the stored rows equal a full computation", () => {
  fc.assert(
    fc.property(
      fc.array(reviewArb, { minLength: 40, maxLength: 160 }),
      fc.array(changeArb, { minLength: 1, maxLength: 6 }),
      (reviews, changes) => {
        const first = evidenceOf(reviews, MEMBERS, SUBJECTS, 100);
        const stored = apply(new Map(), computeScores(first, NOTHING_STORED));
        const later = changed(reviews, changes);
        const second = evidenceOf(later.reviews, later.members, later.subjects, 120);
        const incremental = apply(stored, computeScores(second, previousOf(stored)));
        const full = apply(new Map(), computeScores(second, NOTHING_STORED));
        expect(incremental).toEqual(full);
      },
    ),
    { numRuns: 60 },
  );
});

it("clears the retaliation discount of a subject whose own reviews did not change", () => {
  const honest = Array.from({ length: 30 }, (_, i) => ({
    author: 2 + (i % 6),
    subject: 2 + ((i + 1) % 6),
    overall: 4,
    verified: true,
    hour: i,
  }));
  // m0 rates m1's listing 1 at hour 100; m1 answers with a 1 for m0's listing an hour later.
  const attack = { author: 0, subject: 1, overall: 1, verified: true, hour: 100 };
  const answer = { author: 1, subject: 0, overall: 1, verified: true, hour: 101 };
  const first = evidenceOf([...honest, attack, answer], MEMBERS, SUBJECTS, 100);
  const stored = apply(new Map(), computeScores(first, NOTHING_STORED));
  const flagged = JSON.parse(stored.get(`${REPUTATION}/s0`)?.details ?? "{}");
  expect(flagged.discountSummary.map((d: { reason: string }) => d.reason)).toContain("retaliation");

  // m0's review becomes a 3: m1's review of s0 is no longer an answer to a negative review. Another
  // rating drops by as much, so the prior keeps its value and s0's inputs differ by the flag only.
  const [moved, ...rest] = honest;
  const compensated = [{ ...(moved as (typeof honest)[number]), overall: 2 }, ...rest];
  const second = evidenceOf(
    [...compensated, { ...attack, overall: 3 }, answer],
    MEMBERS,
    SUBJECTS,
    101,
  );
  const incremental = apply(stored, computeScores(second, previousOf(stored)));
  expect(incremental).toEqual(apply(new Map(), computeScores(second, NOTHING_STORED)));
  const cleared = JSON.parse(incremental.get(`${REPUTATION}/s0`)?.details ?? "{}");
  expect(cleared.discountSummary.map((d: { reason: string }) => d.reason)).not.toContain(
    "retaliation",
  );
});
