/**
 * Random command sequences for a space, run through the real space service: the generator (fast-check)
 * and the runner. Modelled on the domain's property test (test/domain/property.test.ts, whose action
 * generator is private to that file): stays, verified and organic reviews, amendments, withdrawals,
 * replies, the sealer, erasures, vouches, removals by a moderator, retention sweeps and the clock
 * moving on; besides, runs of commands go through executeBatch together. Picks (which review, which
 * interaction) are indices into what the in-memory mirror of the space holds, so most commands apply
 * and the rest are refused for a real rule. Test helper.
 */
import fc from "fast-check";
import type { Actor } from "../../../../src/domain/actor.js";
import { memberIdFor } from "../../../../src/domain/ids.js";
import { DAY_MS } from "../../../../src/domain/policy.js";
import { sweepRetention } from "../../../../src/store/projections/retention-sweep.js";
import type { CommandCall } from "../../../../src/store/space/commands.js";
import type { ExecuteResult } from "../../../../src/store/space/results.js";
import { type CommandAction, commandArms } from "../../../domain/support/command-actions.js";
import { removal } from "../../../domain/support/moderation.js";
import type { Mirror } from "../../space/support/mirror.js";
import type { TestService } from "../../space/support/service.js";
import { admin, attestKey, membersKey } from "./market.js";

const moderator: Actor = { kind: "operator", key: "k-mod", scopes: ["moderate"] };

/** A step of a sequence. */
export type Action =
  | CommandAction
  | { t: "batch"; calls: CommandAction[] }
  | { t: "advance"; ms: number }
  | { t: "sealer" }
  | { t: "sweep" };

const command: fc.Arbitrary<CommandAction> = fc.oneof(...commandArms);

/** One step: mostly single commands, sometimes a batch of 2–4, the clock, the sealer, a sweep. */
export const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 20, arbitrary: command },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("batch" as const),
      calls: fc.array(command, { minLength: 2, maxLength: 4 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("advance" as const),
      ms: fc.integer({ min: 0, max: 6 * DAY_MS }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("sealer" as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("sweep" as const) }) },
);

/** Members of every generated space, by index; the first two own the listings. */
export const MEMBER_NAMES = ["u0", "u1", "u2", "u3", "u4"] as const;
export const LISTINGS = ["l0", "l1"] as const;

/** A space under test: the service, the mirror of the space and what the run has produced. */
export interface Run {
  readonly t: TestService;
  readonly space: string;
  readonly mirror: Mirror;
  readonly members: readonly string[];
  readonly interactions: string[];
  /** Interactions asked for so far (ids stay unique when some are refused). */
  recorded: number;
  /** Every review text written (texts are private: none may appear in a log entry). */
  readonly texts: Set<string>;
  /** Every outcome the service returned, in order. */
  readonly outcomes: ExecuteResult[];
}

/** The policy of generated spaces: short windows and retention, so reveals and sweeps happen. */
export const RUN_POLICY = {
  criteria: [{ key: "cleanliness", label: "Cleanliness" }],
  unverified: { accept: "all" as const, label: "Unverified" },
  doubleBlindDays: 5,
  reviewDeadlineDays: 20,
  retention: {
    members: null,
    reviews: 12,
    interactions: 30,
    vouches: null,
    alerts: 60,
    moderation: null,
  },
};

/**
 * Creates `space` with the members and listings. Throws when the service refuses.
 *
 * @example const run = await startRun(t, mirror, "p1", SECRET)
 */
export async function startRun(
  t: TestService,
  mirror: Mirror,
  space: string,
  secret: Uint8Array,
): Promise<Run> {
  const members = MEMBER_NAMES.map((name) => memberIdFor(secret, name));
  const run: Run = {
    t,
    space,
    mirror,
    members,
    interactions: [],
    recorded: 0,
    texts: new Set(),
    outcomes: [],
  };
  const seed: CommandCall[] = [
    ...members.map(
      (member): CommandCall => ({
        actor: membersKey,
        command: "joinMember",
        input: { member, displayName: `Name of ${member}` },
      }),
    ),
    ...LISTINGS.map(
      (subject, i): CommandCall => ({
        actor: membersKey,
        command: "registerSubject",
        input: { subject, kind: "listing", owner: members[i] ?? null, name: subject },
      }),
    ),
  ];
  const created = await t.service.createSpace({ space, name: "P", policy: RUN_POLICY }, admin);
  const outcomes = [created, ...(await t.service.executeBatch(space, seed))];
  for (const o of outcomes) if (!o.ok) throw new Error(`seed refused: ${JSON.stringify(o)}`);
  run.outcomes.push(...outcomes);
  await mirror.sync();
  return run;
}

/** Runs one step through the service (or the sweep, or the clock) and syncs the mirror. */
export async function step(run: Run, a: Action): Promise<void> {
  const { t, space } = run;
  switch (a.t) {
    case "advance":
      t.now += a.ms;
      return;
    case "sealer":
      run.outcomes.push(await t.service.revealDue(space, { limit: 5 }));
      break;
    case "sweep":
      await sweepRetention(t.db, space, t.now);
      run.mirror.sweep(t.now);
      return;
    case "batch": {
      const calls = a.calls.map((c) => callOf(run, c)).filter((c) => c !== null);
      if (calls.length === 0) return;
      const outcomes = await t.service.executeBatch(space, calls);
      calls.forEach((c, i) => {
        noteInteraction(run, c, outcomes[i]);
      });
      run.outcomes.push(...outcomes);
      break;
    }
    default: {
      const call = callOf(run, a);
      if (call === null) return;
      const input = call.input as never;
      const outcome = await t.service.execute(space, call.actor, call.command, input);
      noteInteraction(run, call, outcome);
      run.outcomes.push(outcome);
    }
  }
  await run.mirror.sync();
}

/** Remembers an interaction the service recorded. */
function noteInteraction(run: Run, call: CommandCall, outcome: ExecuteResult | undefined): void {
  if (call.command === "recordInteraction" && outcome?.ok === true) {
    run.interactions.push(call.input.interaction);
  }
}

const pick = <T>(xs: readonly T[], i: number): T | undefined =>
  xs.length === 0 ? undefined : xs[i % xs.length];

const as = (member: string): Actor => ({ kind: "member", member });

/** The command a step stands for in the current state, or null when there is nothing to pick. */
function callOf(run: Run, a: CommandAction): CommandCall | null {
  const { members, mirror, space } = run;
  const reviews = mirror.store.all("review").filter((r) => r.space === space);
  const text = () => {
    const value = `text-${run.texts.size}-${Math.random().toString(36).slice(2)}`;
    run.texts.add(value);
    return value;
  };
  const member = (i: number) => pick(members, i) ?? "";
  switch (a.t) {
    case "record": {
      const hostIndex = a.host % members.length;
      const guest = member(a.guest);
      const interaction = `i${run.recorded++}`;
      return {
        actor: attestKey,
        command: "recordInteraction",
        input: {
          interaction,
          occurredAt: run.t.now,
          parties: [
            { member: guest, role: "guest", reviews: LISTINGS[hostIndex] ?? member(hostIndex) },
            { member: member(hostIndex), role: "host", reviews: a.oneSided ? null : guest },
          ],
        },
      };
    }
    case "submit": {
      const interaction = pick(run.interactions, a.interaction);
      if (interaction === undefined) return null;
      const record = mirror.store
        .all("interaction")
        .find((i) => i.id === interaction && i.space === space);
      const parties = record?.parties.map((p) => p.member) ?? [];
      const author = pick(a.party ? parties : members, a.author) ?? "";
      const subject = record?.parties.find((p) => p.member === author)?.reviews ?? LISTINGS[0];
      return {
        actor: as(author),
        command: "submitReview",
        input: {
          subject,
          interaction,
          overall: a.overall,
          ...(a.clean === null ? {} : { criteria: { cleanliness: a.clean } }),
          text: text(),
        },
      };
    }
    case "organic": {
      const subject = pick([...LISTINGS, ...members], a.subject) ?? LISTINGS[0];
      return {
        actor: as(member(a.author)),
        command: "submitReview",
        input: { subject, overall: a.overall, text: text() },
      };
    }
    case "amend": {
      const r = pick(reviews, a.review);
      if (r === undefined) return null;
      const actor = as(a.byAuthor ? r.author : member(a.review + 1));
      return {
        actor,
        command: "amendReview",
        input: { review: r.id, overall: a.overall, text: text() },
      };
    }
    case "withdraw": {
      const r = pick(reviews, a.review);
      if (r === undefined) return null;
      const actor = as(a.byAuthor ? r.author : member(a.review + 1));
      return { actor, command: "withdrawReview", input: { review: r.id } };
    }
    case "reply": {
      const r = pick(reviews, a.review);
      if (r === undefined) return null;
      const owner = mirror.store
        .all("subject")
        .find((s) => s.id === r.subject && s.space === space)?.owner;
      return {
        actor: as(owner ?? member(0)),
        command: "replyToReview",
        input: { review: r.id, text: text() },
      };
    }
    case "erase": {
      const m = member(a.member);
      return { actor: as(m), command: "eraseMember", input: { member: m } };
    }
    case "vouch":
      return {
        actor: as(member(a.from)),
        command: "giveVouch",
        input: { vouchee: member(a.to), scope: "met-in-person", note: text() },
      };
    case "remove": {
      const r = pick(reviews, a.review);
      if (r === undefined) return null;
      return {
        actor: moderator,
        command: "makeDecision",
        input: removal({ kind: "review", id: r.id }),
      };
    }
  }
}
