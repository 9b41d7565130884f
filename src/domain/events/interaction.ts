/**
 * Events of interactions: the operator attests that members interacted (a stay, a sale, a meeting),
 * which is what makes a review "verified"; a party may report that it did not happen.
 */
import type { MemberId, SpaceId } from "../ids.js";
import { id, object, type Shape, text, time } from "../shape.js";
import {
  type Amount,
  amountShape,
  type Envelope,
  LABEL_MAX,
  type Party,
  partiesShape,
} from "./envelope.js";

/** Limit of a dispute explanation and an operator reference. */
export const DISPUTE_TEXT_MAX = 2000;
export const REFERENCE_MAX = 200;

/**
 * The operator attested an interaction. `kind` and `amount` sit in the public part only when the
 * space's policy publishes them, otherwise in the private part.
 */
export type InteractionRecorded = Envelope<
  "interaction.recorded",
  {
    readonly space: SpaceId;
    readonly interaction: string;
    /** When the interaction was completed: the double-blind window and deadline start here. */
    readonly occurredAt: number;
    readonly parties: readonly Party[];
    readonly kind?: string;
    readonly amount?: Amount;
  },
  { readonly kind?: string; readonly amount?: Amount; readonly reference?: string }
>;

/** A party reported that the interaction did not happen. */
export type InteractionDisputed = Envelope<
  "interaction.disputed",
  {
    readonly space: SpaceId;
    readonly interaction: string;
    readonly dispute: string;
    readonly member: MemberId;
  },
  { readonly explanation: string }
>;

export const interactionRecordedPublic: Shape<InteractionRecorded["public"]> = object(
  { space: id, interaction: id, occurredAt: time, parties: partiesShape },
  { kind: text({ max: LABEL_MAX }), amount: amountShape },
);

export const interactionDisputedPublic: Shape<InteractionDisputed["public"]> = object({
  space: id,
  interaction: id,
  dispute: id,
  member: id,
});
