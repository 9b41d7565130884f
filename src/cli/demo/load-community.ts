/**
 * The demo community, loaded into a new space through the public API: a member-token key, members
 * (a quarter of them hosts, each with a listing), stays between guests and hosts, double-blind reviews
 * from both sides (some only from one side, so they stay sealed), hosts' replies to revealed reviews,
 * scoped vouches, and a moderation story: an alert on a critical review, a decision removing it with a
 * statement of reasons, and the author's appeal. Every choice comes from the seeded generator.
 */
import { memberIdFor } from "../../domain/ids.js";
import {
  generateMemberTokenKey,
  type MemberTokenKey,
  mintMemberToken,
} from "../token/member-token-key.js";
import type { DemoClient } from "./client.js";
import { displayName, guestReview, listingName, listingReview, rating, reply } from "./phrases.js";
import type { Prng } from "./prng.js";

/** What to load. */
export interface DemoPlan {
  readonly space: string;
  readonly members: number;
  readonly adminToken: string;
  readonly now: number;
}

/** What was loaded. */
export interface DemoCommunity {
  readonly space: string;
  readonly adminKey: string;
  readonly tokenKey: MemberTokenKey;
  readonly members: readonly string[];
  readonly listings: readonly string[];
  readonly counts: {
    readonly interactions: number;
    readonly reviews: number;
    readonly sealed: number;
    readonly replies: number;
    readonly vouches: number;
  };
  /** Log indices: the size the log has at least once the load ends. */
  readonly logSize: number;
}

const DAY_MS = 86_400_000;
const VOUCH_SCOPES = ["met-in-person", "hosted-me"] as const;

/**
 * Loads the community; `step` is called after every request (for a progress bar), with the planned total.
 *
 * @example const c = await loadCommunity(client, seededPrng("1"), { space, members: 40, adminToken, now })
 */
export async function loadCommunity(
  client: DemoClient,
  r: Prng,
  plan: DemoPlan,
  step: (done: number, total: number) => void = () => {},
): Promise<DemoCommunity> {
  if (!Number.isInteger(plan.members) || plan.members < 4 || plan.members > 10_000) {
    throw new RangeError(`a demo has 4 to 10000 members, not ${plan.members}`);
  }
  const n = plan.members;
  const hosts = Math.max(1, Math.floor(n / 4));
  const stays = n - hosts; // each guest stays once, plus every other guest a second time
  const total = 3 + n + hosts + Math.ceil(stays * 1.5) * 3 + n + 3;
  let done = 0;
  let logSize = 0;
  const call = async (path: string, token: string, body: unknown) => {
    const answer = await client.post(path, token, body);
    done += 1;
    step(Math.min(done, total), total);
    const indices = (answer.indices as number[] | undefined) ?? [];
    logSize = Math.max(logSize, ...indices.map((i) => i + 1));
    return answer;
  };
  const s = `/v1/spaces/${plan.space}`;

  // The space, its operator key, and the key that signs member tokens.
  const created = await call("/v1/spaces", plan.adminToken, {
    space: plan.space,
    name: "Canal Stays (demo)",
  });
  const adminKey = String(created.adminKey);
  const tokenKey = await generateMemberTokenKey();
  await call(`${s}/member-token-keys`, adminKey, { jwk: tokenKey.publicJwk, label: "demo" });
  const secret = r.bytes(32);
  const tokens = new Map<string, string>();
  const tokenOf = async (member: string) => {
    const known = tokens.get(member);
    if (known !== undefined) return known;
    const minted = await mintMemberToken(tokenKey, plan.space, member);
    tokens.set(member, minted);
    return minted;
  };

  // Members: the first quarter are hosts with a listing each.
  const members = Array.from({ length: n }, (_, i) => memberIdFor(secret, `user-${i + 1}`));
  for (const [i, member] of members.entries()) {
    await call(`${s}/members`, adminKey, { member, displayName: displayName(r, i) });
  }
  const hostIds = members.slice(0, hosts);
  const guestIds = members.slice(hosts);
  const listings = hostIds.map((_, i) => `listing-${i + 1}`);
  for (const [i, host] of hostIds.entries()) {
    await call(`${s}/subjects`, adminKey, {
      subject: listings[i],
      kind: "listing",
      owner: host,
      name: listingName(r),
    });
  }

  // Stays and double-blind reviews; hosts reply to some revealed listing reviews.
  let interactions = 0;
  let reviews = 0;
  let sealed = 0;
  let replies = 0;
  const critical: { review: string; author: string; host: string }[] = [];
  for (const [g, guest] of guestIds.entries()) {
    for (let visit = 0; visit < (g % 2 === 0 ? 2 : 1); visit += 1) {
      const h = r.int(0, hosts - 1);
      const host = hostIds[h] as string;
      const listing = listings[h] as string;
      const interaction = `stay-${g + 1}-${visit + 1}`;
      await call(`${s}/interactions`, adminKey, {
        interaction,
        occurredAt: plan.now - r.int(1, 12) * DAY_MS, // within the 14-day review deadline
        kind: "stay",
        amount: { minor: r.int(40, 300) * 100, currency: "EUR" },
        parties: [
          { member: guest, role: "guest", reviews: listing },
          { member: host, role: "host", reviews: guest },
        ],
      });
      interactions += 1;
      const guestReviews = r.chance(0.85);
      const hostReviews = r.chance(0.75);
      let listingReviewId: string | undefined;
      let overall = 5;
      if (guestReviews) {
        overall = rating(r);
        const answer = await call(`${s}/reviews`, await tokenOf(guest), {
          subject: listing,
          interaction,
          overall,
          text: listingReview(r, overall),
        });
        listingReviewId = String(answer.review);
        reviews += 1;
      }
      if (hostReviews) {
        const score = r.chance(0.9) ? r.int(4, 5) : r.int(1, 3);
        await call(`${s}/reviews`, await tokenOf(host), {
          subject: guest,
          interaction,
          overall: score,
          text: guestReview(r, score),
        });
        reviews += 1;
      }
      if (guestReviews !== hostReviews) sealed += 1; // one side only: sealed until its window ends
      if (listingReviewId !== undefined && hostReviews) {
        if (overall <= 2) critical.push({ review: listingReviewId, author: guest, host });
        if (overall <= 3 || r.chance(0.2)) {
          await call(`${s}/reviews/${listingReviewId}/reply`, await tokenOf(host), {
            text: reply(r),
          });
          replies += 1;
        }
      }
    }
  }

  // Vouches within the policy's scopes, never for oneself.
  let vouches = 0;
  for (const [i, voucher] of members.entries()) {
    if (!r.chance(0.5)) continue;
    const vouchee = members[(i + r.int(1, n - 1)) % n] as string;
    await call(`${s}/vouches`, await tokenOf(voucher), {
      vouchee,
      scope: r.pick(VOUCH_SCOPES),
      note: "We met at the neighbourhood meetup.",
    });
    vouches += 1;
  }

  // Moderation: the host reports a critical review, a moderator removes it, its author appeals.
  const target = critical[0] ?? (await writeCriticalReview());
  const alert = await call(`${s}/alerts`, await tokenOf(target.host), {
    target: { kind: "review", id: target.review },
    category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    explanation: "This review describes a different flat than mine.",
    goodFaith: true,
  });
  const decision = await call(`${s}/decisions`, adminKey, {
    target: { kind: "review", id: target.review },
    alert: String(alert.alert),
    decisionVisibility: ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    incompatibleContentGround: "Terms §4.2: reviews describe the stay they are tied to",
    incompatibleContentExplanation: "The review's text names another address than the listing's.",
    category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    territorialScope: ["NL"],
    decisionFacts: "Reported by the host; the text names another street than the listing.",
    automatedDetection: false,
    automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED",
  });
  await call(`${s}/appeals`, await tokenOf(target.author), {
    target: { kind: "decision", id: String(decision.decision) },
    explanation: "I stayed at this listing; the street name was a typo.",
  });
  step(total, total);

  return {
    space: plan.space,
    adminKey,
    tokenKey,
    members,
    listings,
    counts: { interactions, reviews, sealed, replies, vouches },
    logSize,
  };

  /** When the draw held no critical revealed review: one more stay, reviewed harshly by both sides. */
  async function writeCriticalReview() {
    const guest = guestIds[0] as string;
    const host = hostIds[0] as string;
    const interaction = "stay-moderated";
    await call(`${s}/interactions`, adminKey, {
      interaction,
      occurredAt: plan.now - DAY_MS,
      kind: "stay",
      parties: [
        { member: guest, role: "guest", reviews: listings[0] },
        { member: host, role: "host", reviews: guest },
      ],
    });
    interactions += 1;
    const answer = await call(`${s}/reviews`, await tokenOf(guest), {
      subject: listings[0],
      interaction,
      overall: 1,
      text: listingReview(r, 1),
    });
    await call(`${s}/reviews`, await tokenOf(host), {
      subject: guest,
      interaction,
      overall: 2,
      text: guestReview(r, 2),
    });
    reviews += 2;
    return { review: String(answer.review), author: guest, host };
  }
}
