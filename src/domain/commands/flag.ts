/**
 * Flagging a member for moderators: the platform's own automated detection (the trust engine's fraud
 * suspicion, issue 5) puts a member in the moderation queue. A flag is an alert raised by the system
 * actor on the platform's own initiative (SOURCE_VOLUNTARY in the Transparency Database's terms), so
 * a decision taken on it reports its source truthfully, and that decision must declare the automated
 * detection (decision.ts, "decision.automated-detection-declared").
 *
 * A flag never restricts anything: signals do not act silently. Only a moderator's decision, with its
 * statement of reasons, can restrict the member.
 */
import { STATEMENT_CATEGORY, type StatementCategory } from "../dsa.js";
import { fail, type Result } from "../errors.js";
import { ALERT_EXPLANATION_MAX } from "../events/alert.js";
import type { MemberId } from "../ids.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { id, object, oneOf, text } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember } from "./guards.js";

/** Input of flagMember. */
export interface FlagMember {
  readonly member: MemberId;
  readonly category: StatementCategory;
  /**
   * What the detector found, for moderators: the score, its reasons and its provenance. Private:
   * it is about a person, and is shredded with the alert's other private data.
   */
  readonly explanation: string;
}

const flagInput = object({
  member: id,
  category: oneOf(STATEMENT_CATEGORY),
  explanation: text({ max: ALERT_EXPLANATION_MAX, multiline: true }),
});

/**
 * Flags a member. Rules: the system actor only ("flag.system-only": operators and members raise
 * alerts with raiseAlert); a member who exists and is not erased ("member.exists", "member.erased").
 * The alert's target, category and source are public; the explanation is private.
 *
 * @example await flagMember(reader, space, { member, category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", explanation }, ctx)
 */
export async function flagMember(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: FlagMember,
  ctx: CommandContext,
): Promise<Result> {
  const input = flagInput(cmd, "flag");
  if (!input.ok) return input;
  if (ctx.actor.kind !== "system") {
    return fail("forbidden", "flag.system-only", "only the platform's own detection flags members");
  }
  const { member, category, explanation } = input.value;
  const record = await requireMember(reader, space.id, member, ctx.now, true);
  if (!record.ok) return record;
  return emit([
    makeEvent(
      ctx,
      "alert.raised",
      {
        space: space.id,
        alert: ctx.newId(),
        target: { kind: "member", id: member },
        sourceType: "SOURCE_VOLUNTARY",
        goodFaith: true,
        category,
        shape: 2,
      },
      { explanation },
    ),
  ]);
}
