/**
 * A scripted community run through the space service: a space, five members, a listing and a café,
 * stays with double-blind reviews (sealed, amended, revealed by the counterpart and by the sealer), a
 * reply, vouches given and revoked, a dispute, unverified reviews (one withdrawn), alerts (one from a
 * member, one from an outside notifier left in the queue), a decision removing a review, its alert
 * resolved, an appeal reversing it, a policy change, retention sweeps (one keeping a sealed rating)
 * and two erasures. Every step must succeed. The test passes hooks to look at the state between
 * steps. Test helper.
 */
import type { Actor } from "../../../../src/domain/actor.js";
import { memberIdFor } from "../../../../src/domain/ids.js";
import { DAY_MS } from "../../../../src/domain/policy.js";
import type { Database } from "../../../../src/store/database.js";
import { sweepRetention } from "../../../../src/store/projections/retention-sweep.js";
import type { ExecuteResult } from "../../../../src/store/space/results.js";
import { removal } from "../../../domain/support/moderation.js";
import { admin, attestKey, membersKey, moderator, SECRET } from "../../../domain/support/world.js";
import { createMirror, type Mirror } from "./mirror.js";
import { type TestService, testService } from "./service.js";

export const SPACE = "stays";
export const T0 = Date.UTC(2025, 0, 1);

/** The member actor of `member`. */
export function as(member: string): Actor {
  return { kind: "member", member };
}

/** The members, by name. */
export const MEMBERS = {
  alice: memberIdFor(SECRET, "alice"),
  bob: memberIdFor(SECRET, "bob"),
  carol: memberIdFor(SECRET, "carol"),
  dan: memberIdFor(SECRET, "dan"),
  erin: memberIdFor(SECRET, "erin"),
} as const;

/** Ids the script learns as it goes. */
export interface CommunityIds {
  aliceReview: string;
  bobReview: string;
  carolReview: string;
  danSealedReview: string;
  danOrganicReview: string;
  erinReview: string;
  erinSealedReview: string;
  reply: string;
  aliceVouch: string;
  carolVouch: string;
  bobAlert: string;
  notifierAlert: string;
  decision: string;
  vouchDecision: string;
  appeal: string;
}

/** Where the script stops to let the test look. */
export type Checkpoint =
  | "sealed" // alice's review of stay-1 is sealed (amended)
  | "swept-sealed" // day 12: the sweep kept sealed ratings, shredded revealed texts
  | "removed" // carol's review removed by a decision in force
  | "erased" // dan and alice erased
  | "end"; // day 61: interactions' private parts swept

export interface Community {
  readonly t: TestService;
  readonly mirror: Mirror;
  readonly ids: CommunityIds;
  /** The reviews the sealer revealed on day 21, in the order it revealed them. */
  readonly revealedBySealer: string[];
  /** What each sweep reported (store) and what the mirror's reference sweep did. */
  readonly sweeps: {
    store: { shredded: number; keptSealed: number };
    mirror: { shredded: number; keptSealed: number };
  }[];
}

/** Runs the script on `db`, calling `at` at each checkpoint. */
export async function scriptCommunity(
  db: Database,
  at: (checkpoint: Checkpoint, c: Community) => Promise<void> = async () => {},
): Promise<Community> {
  const t = testService(db, T0);
  const mirror = createMirror(db, SPACE);
  const ids = {} as CommunityIds;
  const c: Community = { t, mirror, ids, sweeps: [], revealedBySealer: [] };
  const { alice, bob, carol, dan, erin } = MEMBERS;
  const s = t.service;

  const ok = async (label: string, run: Promise<ExecuteResult>): Promise<ExecuteResult> => {
    const result = await run;
    if (!result.ok) throw new Error(`${label}: ${JSON.stringify(result.error)}`);
    await mirror.sync();
    return result;
  };
  const idOf = (result: ExecuteResult, field: string, type?: string): string => {
    if (!result.ok) throw new Error("failed");
    const event = result.events.find((e) => type === undefined || e.type === type);
    const value = (event?.public as Readonly<Record<string, unknown>> | undefined)?.[field];
    if (typeof value !== "string") throw new Error(`no ${field}`);
    return value;
  };
  const sweep = async () => {
    const store = await sweepRetention(db, SPACE, t.now);
    c.sweeps.push({
      store: { shredded: store.shredded, keptSealed: store.keptSealed },
      mirror: mirror.sweep(t.now),
    });
  };
  const stay = (interaction: string, guest: string) =>
    ok(
      interaction,
      s.execute(SPACE, attestKey, "recordInteraction", {
        interaction,
        occurredAt: t.now,
        kind: "stay",
        amount: { minor: 12_000, currency: "EUR" },
        reference: `BK-${interaction}`,
        parties: [
          { member: guest, role: "guest", reviews: "flat-7" },
          { member: bob, role: "host", reviews: guest },
        ],
      }),
    );

  await ok(
    "createSpace",
    s.createSpace(
      {
        space: SPACE,
        name: "Stays",
        policy: {
          criteria: [{ key: "cleanliness", label: "Cleanliness" }],
          unverified: { accept: "all", label: "Unverified" },
          doubleBlindDays: 20,
          reviewDeadlineDays: 30,
          retention: {
            members: null,
            reviews: 25,
            interactions: 30,
            vouches: null,
            alerts: 60,
            moderation: null,
          },
        },
      },
      admin,
    ),
  );
  for (const [name, member] of Object.entries(MEMBERS)) {
    await ok(
      `join ${name}`,
      s.execute(SPACE, membersKey, "joinMember", { member, displayName: name.toUpperCase() }),
    );
  }
  await ok(
    "flat-7",
    s.execute(SPACE, membersKey, "registerSubject", {
      subject: "flat-7",
      kind: "listing",
      owner: bob,
      name: "Flat 7",
      description: "A sunny flat",
    }),
  );
  await ok(
    "cafe",
    s.execute(SPACE, membersKey, "registerSubject", {
      subject: "cafe",
      kind: "business",
      owner: null,
      name: "Café",
    }),
  );

  // stay-1: alice's sealed review, amended; then bob's reveals both.
  await stay("stay-1", alice);
  ids.aliceReview = idOf(
    await ok(
      "alice reviews",
      s.execute(SPACE, as(alice), "submitReview", {
        subject: "flat-7",
        interaction: "stay-1",
        overall: 4,
        criteria: { cleanliness: 5 },
        text: "Nice",
        title: "Stay",
      }),
    ),
    "review",
  );
  await ok(
    "alice amends",
    s.execute(SPACE, as(alice), "amendReview", {
      review: ids.aliceReview,
      overall: 5,
      criteria: { cleanliness: 4 },
      text: "Very nice",
      title: "Great stay",
    }),
  );
  await at("sealed", c);
  t.now += DAY_MS;
  ids.bobReview = idOf(
    await ok(
      "bob reviews",
      s.execute(SPACE, as(bob), "submitReview", {
        subject: alice,
        interaction: "stay-1",
        overall: 5,
        text: "Tidy guest",
      }),
    ),
    "review",
    "review.submitted",
  );
  ids.reply = idOf(
    await ok(
      "bob replies",
      s.execute(SPACE, as(bob), "replyToReview", { review: ids.aliceReview, text: "Thanks!" }),
    ),
    "reply",
  );

  // stay-2: carol's review stays sealed; the policy shortens windows and review retention.
  await stay("stay-2", carol);
  ids.carolReview = idOf(
    await ok(
      "carol reviews",
      s.execute(SPACE, as(carol), "submitReview", {
        subject: "flat-7",
        interaction: "stay-2",
        overall: 2,
        criteria: { cleanliness: 1 },
        text: "Noisy street",
      }),
    ),
    "review",
  );
  await ok(
    "policy",
    s.execute(SPACE, admin, "changePolicy", {
      policy: {
        doubleBlindDays: 5,
        retention: {
          members: null,
          reviews: 10,
          interactions: 30,
          vouches: null,
          alerts: 60,
          moderation: null,
        },
      },
    }),
  );

  // Vouches, a dispute, unverified reviews.
  ids.aliceVouch = idOf(
    await ok(
      "alice vouches",
      s.execute(SPACE, as(alice), "giveVouch", {
        vouchee: bob,
        scope: "hosted-me",
        note: "Great host",
      }),
    ),
    "vouch",
  );
  ids.carolVouch = idOf(
    await ok(
      "carol vouches",
      s.execute(SPACE, as(carol), "giveVouch", { vouchee: bob, scope: "met-in-person" }),
    ),
    "vouch",
  );
  t.now += DAY_MS;
  await ok("carol revokes", s.execute(SPACE, as(carol), "revokeVouch", { vouch: ids.carolVouch }));
  await stay("stay-3", dan);
  await ok(
    "dan disputes",
    s.execute(SPACE, as(dan), "disputeInteraction", {
      interaction: "stay-3",
      explanation: "Never stayed there",
    }),
  );
  ids.erinReview = idOf(
    await ok(
      "erin reviews the café",
      s.execute(SPACE, as(erin), "submitReview", { subject: "cafe", overall: 3, text: "OK" }),
    ),
    "review",
  );
  ids.danOrganicReview = idOf(
    await ok(
      "dan reviews the café",
      s.execute(SPACE, as(dan), "submitReview", { subject: "cafe", overall: 1, text: "Cold" }),
    ),
    "review",
  );
  await ok(
    "dan withdraws",
    s.execute(SPACE, as(dan), "withdrawReview", { review: ids.danOrganicReview }),
  );

  // stay-5 under the new policy: erin's window (5 days) ends long before carol's (20 days).
  await stay("stay-5", erin);
  ids.erinSealedReview = idOf(
    await ok(
      "erin reviews stay-5",
      s.execute(SPACE, as(erin), "submitReview", {
        subject: "flat-7",
        interaction: "stay-5",
        overall: 4,
        criteria: { cleanliness: 4 },
        text: "Quiet",
      }),
    ),
    "review",
  );

  // Day 12: review retention (10 days now) has run out for stay-1's texts; carol's is still sealed;
  // erin's window has ended but the sealer has not run (visible by rule, its rating still private).

  t.now = T0 + 12 * DAY_MS;
  await sweep();
  await at("swept-sealed", c);

  // Day 21: the sealer reveals carol's and erin's reviews.
  t.now = T0 + 21 * DAY_MS;
  const revealed = await ok("reveal due", s.revealDue(SPACE));
  if (revealed.ok) {
    c.revealedBySealer.push(
      ...revealed.events.map((e) => (e.public as { readonly review: string }).review),
    );
  }

  // Moderation: bob flags carol's review, it is removed, carol appeals, the removal is reversed.
  ids.bobAlert = idOf(
    await ok(
      "bob alerts",
      s.execute(SPACE, as(bob), "raiseAlert", {
        target: { kind: "review", id: ids.carolReview },
        category: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        explanation: "Insulting",
        goodFaith: true,
      }),
    ),
    "alert",
  );
  ids.notifierAlert = idOf(
    await ok(
      "notifier alerts",
      s.execute(SPACE, moderator, "raiseAlert", {
        target: { kind: "subject", id: "cafe" },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Fake menu",
        goodFaith: true,
        notifier: { name: "Nora", email: "nora@example.org" },
      }),
    ),
    "alert",
  );
  ids.decision = idOf(
    await ok(
      "decision",
      s.execute(
        SPACE,
        moderator,
        "makeDecision",
        removal({ kind: "review", id: ids.carolReview }, { alert: ids.bobAlert }),
      ),
    ),
    "decision",
  );
  await ok(
    "resolve",
    s.execute(SPACE, moderator, "resolveAlert", {
      alert: ids.bobAlert,
      outcome: "actioned",
      decision: ids.decision,
      message: "Removed",
    }),
  );
  await at("removed", c);
  ids.appeal = idOf(
    await ok(
      "carol appeals",
      s.execute(SPACE, as(carol), "fileAppeal", {
        target: { kind: "decision", id: ids.decision },
        explanation: "It is true",
      }),
    ),
    "appeal",
  );
  await ok(
    "appeal decided",
    s.execute(SPACE, moderator, "decideAppeal", {
      appeal: ids.appeal,
      outcome: "reversed",
      reasons: "Within the rules",
      humanReviewed: true,
    }),
  );

  // A decision hides alice's vouch for five days.
  ids.vouchDecision = idOf(
    await ok(
      "vouch hidden",
      s.execute(
        SPACE,
        moderator,
        "makeDecision",
        removal(
          { kind: "vouch", id: ids.aliceVouch },
          {
            decisionVisibility: ["DECISION_VISIBILITY_CONTENT_DISABLED"],
            endDateVisibilityRestriction: t.now + 5 * DAY_MS,
          },
        ),
      ),
    ),
    "decision",
  );

  // stay-4: dan reviews (sealed), then is erased; alice is erased by the operator.
  await stay("stay-4", dan);
  ids.danSealedReview = idOf(
    await ok(
      "dan reviews stay-4",
      s.execute(SPACE, as(dan), "submitReview", {
        subject: "flat-7",
        interaction: "stay-4",
        overall: 3,
        criteria: { cleanliness: 3 },
        text: "Fine",
      }),
    ),
    "review",
  );
  await ok("dan erased", s.execute(SPACE, as(dan), "eraseMember", { member: dan }));
  await ok("alice erased", s.execute(SPACE, membersKey, "eraseMember", { member: alice }));
  await at("erased", c);

  // Day 61: interactions' private parts (30 days) are swept.
  t.now = T0 + 61 * DAY_MS;
  await sweep();
  await at("end", c);
  return c;
}
