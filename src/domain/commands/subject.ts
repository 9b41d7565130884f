/** Commands of subjects: register a listing, a business, a product. */
import { fail, type Result } from "../errors.js";
import { DESCRIPTION_MAX, NAME_MAX, type SubjectKind } from "../events/member.js";
import type { MemberId, SubjectId } from "../ids.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { id, nullable, object, oneOf, text } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember, requireOperator } from "./guards.js";

/** Input of registerSubject. Subjects of kind "member" are registered by joinMember. */
export interface RegisterSubject {
  readonly subject: SubjectId;
  readonly kind: Exclude<SubjectKind, "member">;
  /** The member who is the reviewed party (who may reply), if any. */
  readonly owner: MemberId | null;
  readonly name: string;
  readonly description?: string;
}

const registerInput = object(
  {
    subject: id,
    kind: oneOf(["listing", "business", "product", "other"] as const),
    owner: nullable(id),
    name: text({ max: NAME_MAX }),
  },
  { description: text({ max: DESCRIPTION_MAX, multiline: true }) },
);

/**
 * Registers a subject. Its name is public when the policy publishes subject names. Rules: members
 * scope ("subject.operator-only"); unused id ("subject.unique-id"); an owner who is a member
 * ("member.exists", "member.erased").
 *
 * @example await registerSubject(reader, space, { subject: "flat-7", kind: "listing", owner, name: "Flat 7" }, ctx)
 */
export async function registerSubject(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: RegisterSubject,
  ctx: CommandContext,
): Promise<Result> {
  const input = registerInput(cmd, "subject");
  if (!input.ok) return input;
  const denied = requireOperator(ctx.actor, "members", "subject.operator-only");
  if (denied !== null) return denied;
  const { subject, kind, owner, name, description } = input.value;
  if ((await reader.get("subject", space.id, subject)) !== null) {
    return fail("conflict", "subject.unique-id", `subject ${subject} exists`);
  }
  if (owner !== null) {
    const m = await requireMember(reader, space.id, owner, ctx.now, true);
    if (!m.ok) return m;
  }
  const publishName = space.policy.publish.subjectName;
  const priv = {
    ...(publishName ? {} : { name }),
    ...(description === undefined ? {} : { description }),
  };
  return emit([
    makeEvent(
      ctx,
      "subject.registered",
      { space: space.id, subject, kind, owner, ...(publishName ? { name } : {}) },
      Object.keys(priv).length === 0 ? undefined : priv,
    ),
  ]);
}
