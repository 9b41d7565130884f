/** Resolving the target of an alert or a decision, and the member it concerns. */
import { fail, type Parsed } from "../errors.js";
import type { Target } from "../events/envelope.js";
import type { MemberId, SpaceId } from "../ids.js";
import type { DomainReader } from "../reader.js";

/** A target that exists, with the member responsible for it (the recipient of a decision). */
export interface ResolvedTarget {
  readonly target: Target;
  readonly affected: MemberId | null;
  /** The subject kind when the target is a subject. */
  readonly subjectKind: string | null;
}

/**
 * Looks `target` up: reviews and replies concern their author, subjects their owner, vouches
 * their voucher, members themselves. Rule: it exists (not-found `${rule}`).
 *
 * @example await resolveTarget(reader, space, { kind: "review", id }, "alert.target-exists")
 */
export async function resolveTarget(
  reader: DomainReader,
  space: SpaceId,
  target: Target,
  rule: string,
): Promise<Parsed<ResolvedTarget>> {
  const missing = fail("not-found", rule, `no ${target.kind} ${target.id}`);
  const found = (affected: MemberId | null, subjectKind: string | null = null) =>
    ({ ok: true, value: { target, affected, subjectKind } }) as const;
  switch (target.kind) {
    case "review": {
      const r = await reader.get("review", space, target.id);
      return r === null ? missing : found(r.author);
    }
    case "reply": {
      const r = await reader.get("reply", space, target.id);
      return r === null ? missing : found(r.author);
    }
    case "subject": {
      const s = await reader.get("subject", space, target.id);
      return s === null ? missing : found(s.owner, s.kind);
    }
    case "vouch": {
      const v = await reader.get("vouch", space, target.id);
      return v === null ? missing : found(v.voucher);
    }
    case "member": {
      const m = await reader.get("member", space, target.id);
      return m === null ? missing : found(m.id);
    }
  }
}
