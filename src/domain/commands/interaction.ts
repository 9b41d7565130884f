/**
 * Commands of interactions. The operator attests an interaction (it is what makes a review
 * verified); a party may report that it did not happen.
 */
import { fail, type Result } from "../errors.js";
import {
  type Amount,
  amountShape,
  LABEL_MAX,
  type Party,
  partiesShape,
} from "../events/envelope.js";
import { DISPUTE_TEXT_MAX, REFERENCE_MAX } from "../events/interaction.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { id, object, text, time } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember, requireMemberActor, requireOperator } from "./guards.js";

/** Clock skew tolerated between the operator and Fabrique for `occurredAt`. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Input of recordInteraction. */
export interface RecordInteraction {
  /** The operator's id for it (a booking, an order), unique in the space. */
  readonly interaction: string;
  /** When it was completed. */
  readonly occurredAt: number;
  /** One or two parties, each with the subject they may review. */
  readonly parties: readonly Party[];
  readonly kind?: string;
  readonly amount?: Amount;
  /** The operator's own reference, kept private. */
  readonly reference?: string;
}

const recordInput = object(
  { interaction: id, occurredAt: time, parties: partiesShape },
  {
    kind: text({ max: LABEL_MAX }),
    amount: amountShape,
    reference: text({ max: REFERENCE_MAX }),
  },
);

/**
 * Records an attested interaction. `kind` and `amount` go in the public part when the policy
 * publishes them. Rules: attest scope ("interaction.operator-only"); unused id
 * ("interaction.unique-id"); not in the future ("interaction.not-in-future"); parties who are
 * members ("member.exists", "member.erased"); subjects that exist ("subject.exists"); no party
 * reviews a subject they own ("interaction.no-self-review").
 *
 * @example await recordInteraction(reader, space, { interaction: "b-1", occurredAt, parties }, ctx)
 */
export async function recordInteraction(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: RecordInteraction,
  ctx: CommandContext,
): Promise<Result> {
  const input = recordInput(cmd, "interaction");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "attest", "interaction.operator-only");
  if (denied !== null) return denied;
  const { interaction, occurredAt, parties, kind, amount, reference } = input.value;
  if ((await reader.get("interaction", space.id, interaction)) !== null) {
    return fail("conflict", "interaction.unique-id", `interaction ${interaction} exists`);
  }
  if (occurredAt > ctx.now + MAX_CLOCK_SKEW_MS) {
    return fail("rule-violation", "interaction.not-in-future", "occurredAt is in the future");
  }
  for (const party of parties) {
    const member = await requireMember(reader, space.id, party.member, ctx.now, true);
    if (!member.ok) return member;
    if (party.reviews === null) continue;
    const subject = await reader.get("subject", space.id, party.reviews);
    if (subject === null) return fail("not-found", "subject.exists", `no subject ${party.reviews}`);
    if (subject.owner === party.member) {
      return fail(
        "rule-violation",
        "interaction.no-self-review",
        "a party reviews its own subject",
      );
    }
  }
  const { publish } = space.policy;
  const pub = {
    ...(kind !== undefined && publish.interactionKind ? { kind } : {}),
    ...(amount !== undefined && publish.interactionAmount ? { amount } : {}),
  };
  const priv = {
    ...(kind !== undefined && !publish.interactionKind ? { kind } : {}),
    ...(amount !== undefined && !publish.interactionAmount ? { amount } : {}),
    ...(reference === undefined ? {} : { reference }),
  };
  return emit([
    makeEvent(
      ctx,
      "interaction.recorded",
      { space: space.id, interaction, occurredAt, parties, ...pub },
      Object.keys(priv).length === 0 ? undefined : priv,
    ),
  ]);
}

/** Input of disputeInteraction. */
export interface DisputeInteraction {
  readonly interaction: string;
  readonly explanation: string;
}

const disputeInput = object({
  interaction: id,
  explanation: text({ max: DISPUTE_TEXT_MAX, multiline: true }),
});

/**
 * A party reports that the interaction did not happen. Rules: a member ("interaction.members-only")
 * who is a party ("interaction.party-only"), active ("member.restricted"); once per party
 * ("interaction.one-dispute-per-party"); not after reviewing it ("interaction.dispute-after-review":
 * a review says it happened).
 *
 * @example await disputeInteraction(reader, space, { interaction: "b-1", explanation: "never met" }, ctx)
 */
export async function disputeInteraction(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: DisputeInteraction,
  ctx: CommandContext,
): Promise<Result> {
  const input = disputeInput(cmd, "dispute");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "interaction.members-only");
  if (!actor.ok) return actor;
  const member = actor.value.member;
  const { interaction, explanation } = input.value;
  const record = await reader.get("interaction", space.id, interaction);
  if (record === null) return fail("not-found", "interaction.exists", "no such interaction");
  if (!record.parties.some((p) => p.member === member)) {
    return fail("forbidden", "interaction.party-only", "only a party can dispute it");
  }
  const active = await requireMember(reader, space.id, member, ctx.now, false);
  if (!active.ok) return active;
  if ((await reader.findDispute(space.id, interaction, member)) !== null) {
    return fail("conflict", "interaction.one-dispute-per-party", "already disputed");
  }
  if ((await reader.findReview(space.id, interaction, member)) !== null) {
    return fail("rule-violation", "interaction.dispute-after-review", "you reviewed it");
  }
  return emit([
    makeEvent(
      ctx,
      "interaction.disputed",
      { space: space.id, interaction, dispute: ctx.newId(), member },
      { explanation },
    ),
  ]);
}
