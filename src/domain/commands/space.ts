/** Commands of the space aggregate: create a space, change its policy. */
import { fail, type Result } from "../errors.js";
import { SPACE_NAME_MAX } from "../events/space.js";
import type { SpaceId } from "../ids.js";
import { defaultPolicy, parsePolicy, type SpacePolicy, trustSeeds } from "../policy.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { deferred, id, object, text } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireOperator } from "./guards.js";

/** Input of createSpace: the space id (chosen by the operator), its name, policy changes. */
export interface CreateSpace {
  readonly space: SpaceId;
  readonly name: string;
  /** Top-level members replace those of the default policy. */
  readonly policy?: Partial<SpacePolicy>;
}

// The policy is parsed by parsePolicy against the default (or current) policy, not by the shape; the
// shape refuses unknown top-level fields, as every command's input does.
const createSpaceInput = object(
  { space: id, name: text({ max: SPACE_NAME_MAX }) },
  { policy: deferred },
);
const changePolicyInput = object({ policy: deferred });

/**
 * Creates a space. Rules: known input fields only ("input.space.*"); operator key with admin scope ("space.admin-only"); unused id
 * ("space.unique-id"); a valid policy ("policy.*").
 *
 * @example await createSpace(reader, { space: "stays", name: "Stays" }, ctx)
 */
export async function createSpace(
  reader: DomainReader,
  cmd: CreateSpace,
  ctx: CommandContext,
): Promise<Result> {
  // The body is untrusted: a non-object is refused by the shape, not dereferenced.
  const input = createSpaceInput(cmd, "space");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "admin", "space.admin-only");
  if (denied !== null) return denied;
  const policy = parsePolicy(input.value.policy ?? {}, defaultPolicy());
  if (!policy.ok) return policy;
  if (trustSeeds(policy.value).length > 0) {
    return fail("rule-violation", "policy.trust-seeds-members", "a new space has no members yet");
  }
  if ((await reader.get("space", input.value.space, input.value.space)) !== null) {
    return fail("conflict", "space.unique-id", `space ${input.value.space} exists`);
  }
  return emit([
    makeEvent(ctx, "space.created", {
      space: input.value.space,
      name: input.value.name,
      policy: policy.value,
      policyVersion: 1,
    }),
  ]);
}

/** Input of changePolicy: top-level members replace those of the current policy. */
export interface ChangePolicy {
  readonly policy: Partial<SpacePolicy>;
}

/**
 * Replaces the space's policy. Rules: known input fields only ("input.policy.*"); admin scope ("space.admin-only"); a valid policy
 * ("policy.*"); the rating scale never changes ("policy.rating-scale-immutable"), since ratings
 * already given could no longer be compared; every newly named trust seed is a member who is not
 * erased ("policy.trust-seeds-members"). The event logs the whole policy, seeds included.
 *
 * @example await changePolicy(reader, space, { policy: { doubleBlindDays: 7 } }, ctx)
 */
export async function changePolicy(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: ChangePolicy,
  ctx: CommandContext,
): Promise<Result> {
  const input = changePolicyInput(cmd, "policy");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "admin", "space.admin-only");
  if (denied !== null) return denied;
  const policy = parsePolicy(input.value.policy, space.policy);
  if (!policy.ok) return policy;
  const { rating } = policy.value;
  if (rating.min !== space.policy.rating.min || rating.max !== space.policy.rating.max) {
    return fail("rule-violation", "policy.rating-scale-immutable", "the rating scale is fixed");
  }
  // A newly named seed must be a member who is not erased; one named before stays (erased later,
  // it is skipped by the computation, which says so).
  const before = new Set(trustSeeds(space.policy));
  for (const seed of trustSeeds(policy.value)) {
    if (before.has(seed)) continue;
    const member = await reader.get("member", space.id, seed);
    if (member === null || member.erasedAt !== null) {
      return fail("rule-violation", "policy.trust-seeds-members", `seed ${seed} is not a member`);
    }
  }
  return emit([
    makeEvent(ctx, "space.policy-changed", {
      space: space.id,
      policy: policy.value,
      policyVersion: space.policyVersion + 1,
    }),
  ]);
}
