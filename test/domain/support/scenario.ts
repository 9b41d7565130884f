/** Steps shared by scenario tests, each through the real commands. */
import { recordInteraction } from "../../../src/domain/commands/interaction.js";
import { type SubmitReview, submitReview } from "../../../src/domain/commands/review.js";
import type { Result } from "../../../src/domain/errors.js";
import type { ReviewRecord } from "../../../src/domain/records.js";
import { as, attestKey, expectOk, type World } from "./world.js";

/**
 * Records a stay: `guest` reviews bob's listing, bob (the host) reviews the guest.
 *
 * @example const stayId = await stay(w, w.alice)
 */
export async function stay(w: World, guest: string, id = "stay-1", occurredAt = w.h.now) {
  const s = await w.space();
  expectOk(
    await w.h.run(attestKey, (r, ctx) =>
      recordInteraction(
        r,
        s,
        {
          interaction: id,
          occurredAt,
          kind: "stay",
          amount: { minor: 12_000, currency: "EUR" },
          parties: [
            { member: guest, role: "guest", reviews: w.listing },
            { member: w.bob, role: "host", reviews: guest },
          ],
        },
        ctx,
      ),
    ),
  );
  return id;
}

/**
 * `author` submits `cmd`.
 *
 * @example await review(w, w.alice, { subject: w.listing, interaction, overall: 5, text: "ok" })
 */
export async function review(w: World, author: string, cmd: SubmitReview): Promise<Result> {
  const s = await w.space();
  return w.h.run(as(author), (r, ctx) => submitReview(r, s, cmd, ctx));
}

/** The review record `author` wrote of `interaction`. */
export async function reviewOf(w: World, interaction: string, author: string) {
  const r = await w.h.reader.findReview("stays", interaction, author);
  if (r === null) throw new Error("no review");
  return r satisfies ReviewRecord;
}
