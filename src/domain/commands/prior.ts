/**
 * Commands of imported priors (issue 6, "portable reputation"). The store verifies the presented
 * credential first (src/store/credentials/import-prior.ts: signature, disclosures, key binding to this
 * space's audience and a nonce it issued, expiry, status); these commands apply the space's rules to
 * what the verified credential disclosed, and log only what the reputation uses in the clear.
 */
import { fail, type Result } from "../errors.js";
import { bound, ISSUER_MAX, issuerUrl } from "../events/prior.js";
import { priorPolicy } from "../policy.js";
import type { DomainReader } from "../reader.js";
import type { SpaceRecord } from "../records.js";
import { dictionary, id, matching, object, type Shape, text, time } from "../shape.js";
import { type CommandContext, emit, makeEvent } from "./context.js";
import { requireMember, requireMemberActor } from "./guards.js";

/** A verified presentation's facts (the store has checked every one of them cryptographically). */
export interface ImportPrior {
  /** The credential's issuer identifier. */
  readonly issuer: string;
  /** The claims the member disclosed. */
  readonly disclosed: Readonly<Record<string, string | number | boolean>>;
  /** When the credential expires (ms since the epoch). */
  readonly credentialExpiresAt: number;
  readonly holderKeyThumbprint: string;
  readonly presentationDigest: string;
}

const claimValue: Shape<string | number | boolean> = (value, path) =>
  typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))
    ? { ok: true, value }
    : text({ max: 200 })(value, path);

const importInput = object({
  issuer: text({ max: ISSUER_MAX }),
  disclosed: dictionary(matching(/^[a-z][a-z0-9_]{0,63}$/, "a claim name"), claimValue, 32),
  credentialExpiresAt: time,
  holderKeyThumbprint: matching(/^[A-Za-z0-9_-]{43}$/, "an RFC 7638 SHA-256 thumbprint"),
  presentationDigest: matching(/^[A-Za-z0-9_-]{43}$/, "a SHA-256 digest, base64url"),
});

/**
 * Imports a verified reputation as the member's prior, replacing any earlier one. Rules: a member
 * ("prior.members-only"), active ("member.restricted"); an issuer the policy accepts
 * ("prior.issuer-accepted"); a credential not yet expired ("prior.credential-expired"); both a
 * `reviews_at_least_N` and a `rating_at_least_R` claim disclosed and true
 * ("prior.thresholds-disclosed"), the rating bound on the issuer's scale ("prior.rating-on-scale").
 *
 * @example await importPrior(reader, space, { issuer, disclosed, credentialExpiresAt, … }, ctx)
 */
export async function importPrior(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: ImportPrior,
  ctx: CommandContext,
): Promise<Result> {
  const input = importInput(cmd, "prior");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "prior.members-only");
  if (!actor.ok) return actor;
  const member = actor.value.member;
  const active = await requireMember(reader, space.id, member, ctx.now, false);
  if (!active.ok) return active;
  const { issuer, disclosed, credentialExpiresAt } = input.value;
  const accepted = priorPolicy(space.policy).accept.find((i) => i.issuer === issuer);
  if (accepted === undefined || !issuerUrl(issuer, "issuer").ok) {
    return fail(
      "rule-violation",
      "prior.issuer-accepted",
      `this space does not accept reputation from ${issuer}`,
    );
  }
  if (credentialExpiresAt <= ctx.now) {
    return fail("rule-violation", "prior.credential-expired", "the credential has expired");
  }
  const reviewsAtLeast = largestBound(disclosed, "reviews_at_least_");
  const ratingAtLeast = largestBound(disclosed, "rating_at_least_");
  if (reviewsAtLeast === null || ratingAtLeast === null) {
    return fail(
      "rule-violation",
      "prior.thresholds-disclosed",
      "disclose at least one reviews_at_least_N and one rating_at_least_R claim: a prior needs both",
    );
  }
  if (ratingAtLeast < accepted.scale.min || ratingAtLeast > accepted.scale.max) {
    return fail(
      "rule-violation",
      "prior.rating-on-scale",
      `rating bound ${ratingAtLeast} is off ${accepted.name}'s scale ${accepted.scale.min}..${accepted.scale.max}`,
    );
  }
  const source = typeof disclosed.space === "string" ? disclosed.space : accepted.name;
  return emit([
    makeEvent(
      ctx,
      "prior.imported",
      {
        space: space.id,
        member,
        issuer,
        source: source.slice(0, 100),
        reviewsAtLeast,
        ratingAtLeast,
        credentialExpiresAt,
      },
      {
        disclosed,
        holderKeyThumbprint: input.value.holderKeyThumbprint,
        presentationDigest: input.value.presentationDigest,
      },
    ),
  ]);
}

/** Input of withdrawPrior: the import to withdraw (its prior.imported event id). */
export interface WithdrawPrior {
  readonly prior: string;
}

/**
 * Withdraws the member's imported prior. Rules: a member ("prior.members-only"); the import named is
 * theirs and still in force ("prior.exists": a replaced or withdrawn one is not). Allowed while
 * restricted: taking one's own data back is always possible.
 *
 * @example await withdrawPrior(reader, space, { prior: importEventId }, ctx)
 */
export async function withdrawPrior(
  reader: DomainReader,
  space: SpaceRecord,
  cmd: WithdrawPrior,
  ctx: CommandContext,
): Promise<Result> {
  const input = object({ prior: id })(cmd, "withdrawal");
  if (!input.ok) return input;
  const actor = requireMemberActor(ctx.actor, "prior.members-only");
  if (!actor.ok) return actor;
  const member = actor.value.member;
  const record = await requireMember(reader, space.id, member, ctx.now, true);
  if (!record.ok) return record;
  if (record.value.importedPrior?.event !== input.value.prior) {
    return fail("not-found", "prior.exists", `you have no imported prior ${input.value.prior}`);
  }
  return emit([makeEvent(ctx, "prior.withdrawn", { space: space.id, member })]);
}

/** The largest true `<prefix>N` claim as a number ("rating_at_least_4_5" → 4.5), or null. */
function largestBound(
  disclosed: Readonly<Record<string, string | number | boolean>>,
  prefix: string,
): number | null {
  let best: number | null = null;
  for (const [name, value] of Object.entries(disclosed)) {
    if (!name.startsWith(prefix) || value !== true) continue;
    const n = Number(name.slice(prefix.length).replace("_", "."));
    if (!bound(n, name).ok) continue;
    if (best === null || n > best) best = n;
  }
  return best;
}
