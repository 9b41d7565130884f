/**
 * The derived column reviews are listed by: not withdrawn, and revealed or `visible_from <= now`, is
 * exactly the domain's isVisible, for every combination of reveal, window and time.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { isVisible } from "../../../src/domain/sealing.js";
import { visibleFrom } from "../../../src/store/projections/columns.js";

it("visible_from agrees with the domain's isVisible", () => {
  const time = fc.integer({ min: 0, max: 100 });
  fc.assert(
    fc.property(
      fc.option(time, { nil: null }),
      fc.option(time, { nil: null }),
      fc.option(time, { nil: null }),
      time,
      (revealedAt, sealedUntil, withdrawnAt, now) => {
        const review = { revealedAt, sealedUntil, withdrawnAt, submittedAt: 0 };
        const from = visibleFrom(review);
        const listed =
          withdrawnAt === null && from !== null && (revealedAt !== null || from <= now);
        expect(listed).toBe(isVisible(review, now));
      },
    ),
    { numRuns: 2000 },
  );
});
