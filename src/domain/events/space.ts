/** Events of the space aggregate: creation and policy changes, both logged with the full policy. */
import type { SpaceId } from "../ids.js";
import { policyShape, type SpacePolicy } from "../policy.js";
import { id, int, object, type Shape, text } from "../shape.js";
import type { Envelope } from "./envelope.js";

/** Limit of a space's name. */
export const SPACE_NAME_MAX = 100;

/** A space came into being with its first policy (version 1). */
export type SpaceCreated = Envelope<
  "space.created",
  {
    readonly space: SpaceId;
    readonly name: string;
    readonly policy: SpacePolicy;
    readonly policyVersion: number;
  }
>;

/** The space's policy was replaced; `policyVersion` counts up from 1. */
export type SpacePolicyChanged = Envelope<
  "space.policy-changed",
  { readonly space: SpaceId; readonly policy: SpacePolicy; readonly policyVersion: number }
>;

export const spaceCreatedPublic: Shape<SpaceCreated["public"]> = object({
  space: id,
  name: text({ max: SPACE_NAME_MAX }),
  policy: policyShape,
  policyVersion: int({ min: 1, max: 1 }),
});

export const spacePolicyChangedPublic: Shape<SpacePolicyChanged["public"]> = object({
  space: id,
  policy: policyShape,
  policyVersion: int({ min: 2, max: Number.MAX_SAFE_INTEGER }),
});
