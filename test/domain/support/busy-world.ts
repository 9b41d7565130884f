/** A world in which every event type has happened at least once, through the real commands. */
import { resolveAlert } from "../../../src/domain/commands/alert.js";
import { decideAppeal, fileAppeal } from "../../../src/domain/commands/appeal.js";
import { disputeInteraction } from "../../../src/domain/commands/interaction.js";
import { eraseMember, joinMember } from "../../../src/domain/commands/member.js";
import { importPrior, withdrawPrior } from "../../../src/domain/commands/prior.js";
import { amendReview, replyToReview, withdrawReview } from "../../../src/domain/commands/review.js";
import { changePolicy } from "../../../src/domain/commands/space.js";
import { giveVouch, revokeVouch } from "../../../src/domain/commands/vouch.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import { alert, decide, idOf, removal } from "./moderation.js";
import { review, reviewOf, stay } from "./scenario.js";
import { admin, as, expectOk, membersKey, moderator, SECRET, type World, world } from "./world.js";

/** The issuer whose reputation the busy world's space accepts as priors. */
export const MARKET_ISSUER = "https://fabrique.example/v1/spaces/market";

/**
 * The busy world: policy changed, stays reviewed (sealed, amended, revealed, replied, withdrawn),
 * an interaction disputed, vouches given and revoked, a prior imported and withdrawn, an alert raised and actioned, an appeal
 * filed and decided, a member erased.
 *
 * @example const w = await busyWorld()
 */
export async function busyWorld(): Promise<World> {
  const w = await world({
    criteria: [{ key: "cleanliness", label: "Cleanliness" }],
    unverified: { accept: "all", label: "Unverified" },
    priors: {
      accept: [{ issuer: MARKET_ISSUER, name: "market", scale: { min: 1, max: 5 } }],
      maxPseudoReviews: 5,
    },
  });
  const s = () => w.space();
  const sp = await s();
  expectOk(
    await w.h.run(admin, (r, ctx) => changePolicy(r, sp, { policy: { doubleBlindDays: 10 } }, ctx)),
  );
  const i = await stay(w, w.alice);
  expectOk(
    await review(w, w.alice, {
      subject: w.listing,
      interaction: i,
      overall: 4,
      criteria: { cleanliness: 5 },
      text: "Nice",
      title: "Stay",
    }),
  );
  const mine = (await reviewOf(w, i, w.alice)).id;
  expectOk(
    await w.h.run(as(w.alice), async (r, ctx) =>
      amendReview(r, await s(), { review: mine, overall: 5, text: "Very nice" }, ctx),
    ),
  );
  expectOk(await review(w, w.bob, { subject: w.alice, interaction: i, overall: 5, text: "Tidy" }));
  expectOk(
    await w.h.run(as(w.bob), async (r, ctx) =>
      replyToReview(r, await s(), { review: mine, text: "Thanks!" }, ctx),
    ),
  );
  await stay(w, w.carol, "stay-2");
  expectOk(
    await w.h.run(as(w.carol), async (r, ctx) =>
      disputeInteraction(r, await s(), { interaction: "stay-2", explanation: "Never there" }, ctx),
    ),
  );
  expectOk(await review(w, w.carol, { subject: w.listing, overall: 1, text: "Organic" }));
  const organic = w.h.store.all("review").find((r) => r.author === w.carol)?.id ?? "";
  expectOk(
    await w.h.run(as(w.carol), async (r, ctx) =>
      withdrawReview(r, await s(), { review: organic }, ctx),
    ),
  );
  const vouch = idOf(
    await w.h.run(as(w.alice), async (r, ctx) =>
      giveVouch(r, await s(), { vouchee: w.bob, scope: "hosted-me", note: "Kind" }, ctx),
    ),
    "vouch",
  );
  expectOk(await w.h.run(as(w.alice), async (r, ctx) => revokeVouch(r, await s(), { vouch }, ctx)));
  const [imported] = expectOk(
    await w.h.run(as(w.bob), async (r, ctx) =>
      importPrior(
        r,
        await s(),
        {
          issuer: MARKET_ISSUER,
          disclosed: { space: "market", reviews_at_least_20: true, rating_at_least_4_5: true },
          credentialExpiresAt: ctx.now + 86_400_000,
          holderKeyThumbprint: "A".repeat(43),
          presentationDigest: "B".repeat(43),
        },
        ctx,
      ),
    ),
  );
  const prior = imported?.id ?? "";
  expectOk(await w.h.run(as(w.bob), async (r, ctx) => withdrawPrior(r, await s(), { prior }, ctx)));
  const alertId = idOf(
    await alert(w, as(w.bob), {
      target: { kind: "review", id: mine },
      category: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
      explanation: "Insulting",
      goodFaith: true,
    }),
    "alert",
  );
  const decision = idOf(
    await decide(w, removal({ kind: "review", id: mine }, { alert: alertId })),
    "decision",
  );
  expectOk(
    await w.h.run(moderator, async (r, ctx) =>
      resolveAlert(
        r,
        await s(),
        { alert: alertId, outcome: "actioned", decision, message: "Removed" },
        ctx,
      ),
    ),
  );
  const appeal = idOf(
    await w.h.run(as(w.alice), async (r, ctx) =>
      fileAppeal(
        r,
        await s(),
        { target: { kind: "decision", id: decision }, explanation: "Fair" },
        ctx,
      ),
    ),
    "appeal",
  );
  expectOk(
    await w.h.run(moderator, async (r, ctx) =>
      decideAppeal(
        r,
        await s(),
        { appeal, outcome: "reversed", reasons: "Within the rules", humanReviewed: true },
        ctx,
      ),
    ),
  );
  const dan = memberIdFor(SECRET, "dan");
  expectOk(
    await w.h.run(membersKey, async (r, ctx) =>
      joinMember(r, await s(), { member: dan, displayName: "Dan" }, ctx),
    ),
  );
  expectOk(
    await w.h.run(as(dan), async (r, ctx) => eraseMember(r, await s(), { member: dan }, ctx)),
  );
  return w;
}
