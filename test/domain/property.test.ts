/**
 * Property: random command sequences never break the domain's invariants.
 *
 * - No sealed review is visible: publicReviewView hides it, no review.revealed entry exists for it,
 *   and its rating and text appear in no log entry; every reveal opens the review's latest rating
 *   commitment and happened when the rule allowed it.
 * - One review per party per interaction.
 * - Counts are derivable from records: the projections equal a replay of the log (with the private
 *   parts the store still holds), and each subject's summary agrees with what the log alone says.
 * - Erasure and retention leave every entry and commitment intact while the private parts are gone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/actor.js";
import { canonicalBytes } from "../../src/domain/canonical-json.js";
import { recordInteraction } from "../../src/domain/commands/interaction.js";
import { eraseMember, joinMember } from "../../src/domain/commands/member.js";
import {
  amendReview,
  replyToReview,
  revealDueReviews,
  submitReview,
  withdrawReview,
} from "../../src/domain/commands/review.js";
import { createSpace } from "../../src/domain/commands/space.js";
import { registerSubject } from "../../src/domain/commands/subject.js";
import { giveVouch } from "../../src/domain/commands/vouch.js";
import { decodeEntry, verifyCommitment } from "../../src/domain/entry.js";
import type { DomainEvent } from "../../src/domain/events.js";
import { evolve } from "../../src/domain/evolve.js";
import { memberIdFor } from "../../src/domain/ids.js";
import { DAY_MS } from "../../src/domain/policy.js";
import { verifyRatingOpening } from "../../src/domain/rating-commitment.js";
import { RECORD_KINDS, type SpaceRecord } from "../../src/domain/records.js";
import { counterpartOf, isSealed } from "../../src/domain/sealing.js";
import { holdsSealedRating, shredChanges } from "../../src/domain/shred.js";
import { subjectSummary } from "../../src/domain/summary.js";
import { publicReviewView } from "../../src/domain/views.js";
import { type CommandAction, commandArms, pickIndex } from "./support/command-actions.js";
import { createHarness, type Harness } from "./support/harness.js";
import { createMemoryStore } from "./support/memory-store.js";
import { decide, removal } from "./support/moderation.js";
import {
  admin,
  as,
  attestKey,
  expectOk,
  membersKey,
  SECRET,
  system,
  type World,
} from "./support/world.js";

type Action =
  | CommandAction
  | { t: "advance"; ms: number }
  | { t: "sealer" }
  | { t: "shred"; index: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  ...commandArms,
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("advance" as const),
      ms: fc.integer({ min: 0, max: 6 * DAY_MS }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("sealer" as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("shred" as const), index: pickIndex }) },
);

const SPACE = "p";

interface Sim {
  readonly h: Harness;
  readonly members: readonly string[];
  /** listing of member i, for the first two members. */
  readonly listings: readonly string[];
  interactions: string[];
  texts: Set<string>;
  readonly log: LogView;
}

async function setup(): Promise<Sim> {
  const h = createHarness();
  const policy = {
    criteria: [{ key: "cleanliness", label: "Cleanliness" }],
    unverified: { accept: "all" as const, label: "Unverified" },
  };
  expectOk(
    await h.run(admin, (r, ctx) => createSpace(r, { space: SPACE, name: "P", policy }, ctx)),
  );
  const members = ["u0", "u1", "u2", "u3", "u4", "u5"].map((u) => memberIdFor(SECRET, u));
  for (const member of members) {
    const s = await space(h);
    expectOk(
      await h.run(membersKey, (r, ctx) => joinMember(r, s, { member, displayName: member }, ctx)),
    );
  }
  const listings = ["l0", "l1"];
  for (const [i, subject] of listings.entries()) {
    const s = await space(h);
    const owner = members[i] ?? null;
    expectOk(
      await h.run(membersKey, (r, ctx) =>
        registerSubject(r, s, { subject, kind: "listing", owner, name: subject }, ctx),
      ),
    );
  }
  return { h, members, listings, interactions: [], texts: new Set(), log: newLogView() };
}

async function space(h: Harness): Promise<SpaceRecord> {
  const s = await h.reader.get("space", SPACE, SPACE);
  if (s === null) throw new Error("no space");
  return s;
}

const pick = <T>(xs: readonly T[], i: number): T | undefined =>
  xs.length === 0 ? undefined : xs[i % xs.length];

async function step(sim: Sim, a: Action): Promise<void> {
  const { h, members } = sim;
  const s = await space(h);
  const reviews = h.store.all("review");
  const run = (actor: Actor, f: Parameters<Harness["run"]>[1]) => h.run(actor, f);
  const text = () => {
    const t = `txt-${sim.texts.size}-${Math.random().toString(36).slice(2)}`;
    sim.texts.add(t);
    return t;
  };
  switch (a.t) {
    case "record": {
      const guest = pick(members, a.guest) ?? "";
      const hostIndex = a.host % members.length;
      const host = members[hostIndex] ?? "";
      const listing = sim.listings[hostIndex] ?? host;
      const id = `i${sim.interactions.length}`;
      const r = await run(attestKey, (rd, ctx) =>
        recordInteraction(
          rd,
          s,
          {
            interaction: id,
            occurredAt: h.now,
            parties: [
              { member: guest, role: "guest", reviews: listing },
              { member: host, role: "host", reviews: a.oneSided ? null : guest },
            ],
          },
          ctx,
        ),
      );
      if (r.ok) sim.interactions.push(id);
      return;
    }
    case "submit": {
      const interaction = pick(sim.interactions, a.interaction);
      if (interaction === undefined) return;
      const record = await h.reader.get("interaction", SPACE, interaction);
      const parties = record?.parties.map((p) => p.member) ?? [];
      const author = pick(a.party ? parties : members, a.author) ?? "";
      const subject = record?.parties.find((p) => p.member === author)?.reviews ?? "l0";
      await run(as(author), (rd, ctx) =>
        submitReview(
          rd,
          s,
          {
            subject,
            interaction,
            overall: a.overall,
            ...(a.clean === null ? {} : { criteria: { cleanliness: a.clean } }),
            text: text(),
          },
          ctx,
        ),
      );
      return;
    }
    case "organic": {
      const author = pick(members, a.author) ?? "";
      const subject = pick([...sim.listings, ...members], a.subject) ?? "l0";
      await run(as(author), (rd, ctx) =>
        submitReview(rd, s, { subject, overall: a.overall, text: text() }, ctx),
      );
      return;
    }
    case "amend": {
      const r = pick(reviews, a.review);
      if (r === undefined) return;
      const actor = a.byAuthor ? r.author : (pick(members, a.review + 1) ?? "");
      await run(as(actor), (rd, ctx) =>
        amendReview(rd, s, { review: r.id, overall: a.overall, text: text() }, ctx),
      );
      return;
    }
    case "withdraw": {
      const r = pick(reviews, a.review);
      if (r === undefined) return;
      const actor = a.byAuthor ? r.author : (pick(members, a.review + 1) ?? "");
      await run(as(actor), (rd, ctx) => withdrawReview(rd, s, { review: r.id }, ctx));
      return;
    }
    case "reply": {
      const r = pick(reviews, a.review);
      if (r === undefined) return;
      const owner = (await h.reader.get("subject", SPACE, r.subject))?.owner ?? members[0] ?? "";
      await run(as(owner), (rd, ctx) => replyToReview(rd, s, { review: r.id, text: text() }, ctx));
      return;
    }
    case "advance":
      h.now += a.ms;
      return;
    case "sealer":
      expectOk(await run(system, (rd, ctx) => revealDueReviews(rd, s, { limit: 5 }, ctx)));
      return;
    case "erase": {
      const member = pick(members, a.member) ?? "";
      await run(as(member), (rd, ctx) => eraseMember(rd, s, { member }, ctx));
      return;
    }
    case "vouch": {
      const from = pick(members, a.from) ?? "";
      const to = pick(members, a.to) ?? "";
      await run(as(from), (rd, ctx) =>
        giveVouch(rd, s, { vouchee: to, scope: "met-in-person", note: text() }, ctx),
      );
      return;
    }
    case "remove": {
      const r = pick(reviews, a.review);
      if (r === undefined) return;
      const w = { h, space: () => space(h) } as unknown as World;
      await decide(w, removal({ kind: "review", id: r.id }));
      return;
    }
    case "shred": {
      // The store's retention sweep: delete one private part, undo what it fed.
      const ids = [...h.privates.keys()];
      const id = pick(ids, a.index);
      const event = h.log.find((l) => l.event.id === id)?.event;
      if (id === undefined || event === undefined) return;
      const review =
        event.type === "review.submitted" || event.type === "review.amended"
          ? await h.reader.get("review", SPACE, event.public.review)
          : null;
      if (holdsSealedRating(event, review)) return;
      h.privates.delete(id);
      h.store.apply(shredChanges(event), () => {});
      return;
    }
  }
}

/** The events of the log as the store could replay them: private parts as still held. */
function replayable(h: Harness): readonly DomainEvent[] {
  return h.log.map(({ event }) => {
    const { private: _p, ...rest } = event;
    const held = h.privates.get(event.id);
    return (held === undefined ? rest : { ...rest, private: held.private }) as DomainEvent;
  });
}

/** What the log alone says, read entry by entry as it grows. */
interface LogView {
  next: number;
  readonly commitments: Map<string, string>;
  readonly submitted: Map<
    string,
    { readonly sealedUntil: number | null; readonly interaction: string | null }
  >;
  readonly revealed: Map<string, { readonly overall: number }>;
  readonly withdrawn: Set<string>;
  readonly reviewersOf: Map<string, Set<string>>;
  readonly erased: Set<string>;
  readonly entryOf: Map<string, { readonly commitment: string | null }>;
  text: string;
}

function newLogView(): LogView {
  return {
    next: 0,
    commitments: new Map(),
    submitted: new Map(),
    revealed: new Map(),
    withdrawn: new Set(),
    reviewersOf: new Map(),
    erased: new Set(),
    entryOf: new Map(),
    text: "",
  };
}

/**
 * Reads the entries appended since the last call: each decodes and re-encodes identically; each
 * reveal was allowed (window over, or both parties reviewed) and opens the latest commitment.
 */
function readNewEntries(h: Harness, v: LogView): void {
  for (; v.next < h.log.length; v.next++) {
    const logged = h.log[v.next];
    if (logged === undefined) break;
    const decoded = decodeEntry(logged.bytes);
    if (!decoded.ok) throw new Error(`undecodable ${logged.event.type}: ${decoded.error.message}`);
    expect(canonicalBytes(decoded.value)).toEqual(logged.bytes);
    v.text += new TextDecoder().decode(logged.bytes);
    v.entryOf.set(logged.event.id, { commitment: logged.commitment });
    const e = logged.event;
    if (e.type === "review.submitted" || e.type === "review.amended") {
      v.commitments.set(e.public.review, e.public.ratingCommitment);
    }
    if (e.type === "review.submitted") {
      const p = e.public;
      v.submitted.set(p.review, { sealedUntil: p.sealedUntil, interaction: p.interaction });
      if (p.interaction !== null) {
        const set = v.reviewersOf.get(p.interaction) ?? new Set();
        set.add(p.author);
        v.reviewersOf.set(p.interaction, set);
      }
    }
    if (e.type === "review.withdrawn") v.withdrawn.add(e.public.review);
    if (e.type === "member.erased") v.erased.add(e.public.member);
    if (e.type === "review.revealed") {
      const p = e.public;
      const c = v.commitments.get(p.review);
      expect(c !== undefined && verifyRatingOpening(c, p, p.ratingSalt)).toBe(true);
      const sub = v.submitted.get(p.review);
      if (sub === undefined) throw new Error("reveal before submission");
      const windowOver = sub.sealedUntil === null || e.at >= sub.sealedUntil;
      const reviewers =
        sub.interaction === null ? 0 : (v.reviewersOf.get(sub.interaction)?.size ?? 0);
      expect(windowOver || reviewers >= 2).toBe(true);
      expect(v.withdrawn.has(p.review)).toBe(false);
      v.revealed.set(p.review, { overall: p.overall });
    }
  }
}

async function checkInvariants(sim: Sim, replayToo: boolean): Promise<void> {
  const { h } = sim;
  const now = h.now;
  const v = sim.log;
  readNewEntries(h, v);
  const { submitted, revealed, withdrawn, erased } = v;

  // No text ever reaches the log: texts are private, only committed to.
  for (const t of sim.texts) expect(v.text.includes(t)).toBe(false);

  // No sealed review is visible; one review per party per interaction.
  const reviews = h.store.all("review");
  const pairs = new Set<string>();
  for (const r of reviews) {
    if (r.interaction !== null) {
      const pair = `${r.interaction}/${r.author}`;
      expect(pairs.has(pair)).toBe(false);
      pairs.add(pair);
    }
    const interaction =
      r.interaction === null ? null : await h.reader.get("interaction", SPACE, r.interaction);
    const counterpart = interaction === null ? null : counterpartOf(interaction, r.author);
    const theirs =
      counterpart === null || r.interaction === null
        ? null
        : await h.reader.findReview(SPACE, r.interaction, counterpart.member);
    if (isSealed(r, theirs, now)) {
      expect(publicReviewView(r, now)).toBeNull();
      expect(revealed.has(r.id)).toBe(false);
    }
  }

  // Projections equal a replay of the log with the private parts still held.
  if (replayToo) {
    const replay = createMemoryStore();
    for (const event of replayable(h)) replay.apply(evolve(event), () => {});
    for (const kind of RECORD_KINDS) expect(replay.all(kind)).toEqual(h.store.all(kind));
  }

  // Each subject's summary agrees with the log alone (what is visible, and revealed ratings).
  const removedBy = new Set(
    h.store
      .all("decision")
      .filter((d) => d.reversedBy === null)
      .map((d) => d.statement.target.id),
  );
  const subjects = new Set(reviews.map((r) => r.subject));
  for (const subject of subjects) {
    const own = reviews.filter((r) => r.subject === subject);
    const summary = subjectSummary(own, now);
    const visible = own.filter((r) => {
      const sub = submitted.get(r.id);
      const byTime = sub?.sealedUntil != null && now >= sub.sealedUntil;
      return !withdrawn.has(r.id) && (revealed.has(r.id) || byTime);
    });
    expect(summary.published + summary.removed).toBe(visible.length);
    expect(summary.withdrawn).toBe(own.filter((r) => withdrawn.has(r.id)).length);
    if (visible.every((r) => revealed.has(r.id))) {
      const sum = visible
        .filter((r) => !removedBy.has(r.id))
        .reduce((acc, r) => acc + (revealed.get(r.id)?.overall ?? 0), 0);
      expect(summary.overallSum).toBe(sum);
    }
  }

  // Erasure: no private part of an erased member is held, none of their texts is in the records;
  // every private part still held opens its entry's commitment.
  for (const p of h.privates.values()) expect(p.owner !== null && erased.has(p.owner)).toBe(false);
  for (const r of reviews.filter((x) => erased.has(x.author))) {
    expect([r.text, r.title]).toEqual([null, null]);
    if (r.revealedAt === null) expect(r.overall).toBeNull();
  }
  for (const m of h.store.all("member")) if (erased.has(m.id)) expect(m.displayName).toBeNull();
  if (replayToo) {
    for (const [id, p] of h.privates) {
      const entry = v.entryOf.get(id);
      expect(entry !== undefined && verifyCommitment(entry, p.private, p.salt)).toBe(true);
    }
  }
}

describe("random command sequences", () => {
  it("never break the invariants", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: 60, size: "max" }),
        async (actions) => {
          const sim = await setup();
          for (const [i, a] of actions.entries()) {
            await step(sim, a);
            // Replaying the whole log is the costly check: after the steps that shred, and at the end.
            const last = i === actions.length - 1;
            await checkInvariants(sim, last || a.t === "erase" || a.t === "shred");
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
