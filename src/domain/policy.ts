/**
 * A space's policy: the rules an operator chooses within what the platforms' practice and the law
 * allow. The policy is public (it is logged in full with space.created and space.policy-changed) so
 * that anyone reading the log knows which rules the events were produced under.
 */
import { domainError, type Parsed } from "./errors.js";
import { issuerUrl } from "./events/prior.js";
import type { MemberId } from "./ids.js";
import {
  array,
  bool,
  id,
  int,
  matching,
  nullable,
  object,
  oneOf,
  refine,
  type Shape,
  text,
} from "./shape.js";

/** Milliseconds in a day: every period in a policy is counted in whole days. */
export const DAY_MS = 86_400_000;

/** Art. 20(1) DSA: the internal complaint window is at least six months (183 days). */
export const MIN_APPEAL_WINDOW_DAYS = 183;

/** A named rating criterion (a category beside the overall rating) or vouch scope. */
export interface Criterion {
  readonly key: string;
  readonly label: string;
}

/** Which kinds of unverified (no attested interaction) reviews a space accepts. */
export type UnverifiedAcceptance = "none" | "invited" | "all";

/** Retention, in days after the event, of private parts; null keeps them until erasure. */
export interface Retention {
  readonly members: number | null;
  readonly reviews: number | null;
  readonly interactions: number | null;
  readonly vouches: number | null;
  readonly alerts: number | null;
  readonly moderation: number | null;
}

/** The policy of one space. */
export interface SpacePolicy {
  /** Integer rating scale, inclusive (e.g. 1..5 stars). Fixed once the space exists. */
  readonly rating: { readonly min: number; readonly max: number };
  /** Category criteria rated beside the overall rating (Airbnb: cleanliness, accuracy …). */
  readonly criteria: readonly Criterion[];
  /** Whether every criterion must be rated (otherwise each is optional). */
  readonly criteriaRequired: boolean;
  /** Double-blind window: a mutual review stays sealed at most this long after the interaction. */
  readonly doubleBlindDays: number;
  /** Reviews of an interaction are accepted this long after it; null: no deadline. */
  readonly reviewDeadlineDays: number | null;
  /** Whether reviews without an attested interaction are accepted, and the label they carry. */
  readonly unverified: { readonly accept: UnverifiedAcceptance; readonly label: string };
  /** Vouching rules. */
  readonly vouching: {
    readonly enabled: boolean;
    /** The scopes a vouch may state ("hosted-me", "met-in-person"). */
    readonly scopes: readonly Criterion[];
    /** A vouch lapses this long after it was given; null: never. */
    readonly expiryDays: number | null;
    /** A member needs this many active vouches before they may vouch for others. */
    readonly minVouchesToVouch: number;
  };
  /** How long private parts are kept. */
  readonly retention: Retention;
  /** Which optional fields are written in the public part of their events. */
  readonly publish: {
    readonly interactionKind: boolean;
    readonly interactionAmount: boolean;
    readonly subjectName: boolean;
    /** Facts and explanations of statements of reasons (they may hold personal data). */
    readonly decisionTexts: boolean;
  };
  /** Days after a decision during which it may be appealed (Art. 20(1) DSA: at least 183). */
  readonly appealWindowDays: number;
  /**
   * Reputation imported from other spaces as a newcomer's prior (issue 6). Absent (every policy logged
   * before imports existed): no issuer is accepted.
   */
  readonly priors?: PriorPolicy;
  /**
   * Pre-trusted members chosen by the operator (issue 5): the seeds of global trust (EigenTrust) and of
   * Sybil detection (SybilRank, SybilSCAR). Public like the whole policy, so anyone holding the log can
   * recompute both. Absent or empty: no seeds, and neither is computed.
   */
  readonly trustSeeds?: readonly MemberId[];
}

/** A space whose reputation credentials this space accepts as priors. */
export interface AcceptedIssuer {
  /** Its issuer identifier (the credential's `iss`), e.g. https://fabrique.example/v1/spaces/market. */
  readonly issuer: string;
  /** Its name in explanations ("reputation imported from space <name>"). */
  readonly name: string;
  /** Its rating scale: the proven rating bound is mapped from it onto this space's scale. */
  readonly scale: { readonly min: number; readonly max: number };
  /**
   * Its public issuer keys (JWKs with a kid), pinned here for an issuer on another server: this
   * server fetches no key. Absent: the issuer must be a space of this server (its keys are here).
   */
  readonly keys?: readonly IssuerJwk[];
}

/** A public issuer key: Ed25519 (OKP) or P-256 (EC), as a JWK with its key id. */
export interface IssuerJwk {
  readonly kty: "OKP" | "EC";
  readonly crv: "Ed25519" | "P-256";
  readonly x: string;
  readonly y?: string;
  readonly kid: string;
}

/** Which imported priors count, and how much. */
export interface PriorPolicy {
  readonly accept: readonly AcceptedIssuer[];
  /**
   * The most pseudo-reviews one import counts as, at most the space's own prior strength
   * (MAX_IMPORTED_PSEUDO_REVIEWS); each own review of the newcomer supersedes one of them.
   */
  readonly maxPseudoReviews: number;
}

/**
 * The space's own prior strength in pseudo-reviews (src/trust/credible PRIOR_STRENGTH): an imported
 * prior never outweighs it.
 */
export const MAX_IMPORTED_PSEUDO_REVIEWS = 10;

/**
 * The prior policy in force: the logged one, or none accepted.
 *
 * @example priorPolicy(space.policy).accept.some((i) => i.issuer === iss)
 */
export function priorPolicy(policy: SpacePolicy): PriorPolicy {
  return policy.priors ?? { accept: [], maxPseudoReviews: 0 };
}

/** Policy members a policy may omit (a change may still name them). */
export const OPTIONAL_POLICY_MEMBERS = ["priors", "trustSeeds"] as const;

/**
 * The pre-trusted members the policy names (none when absent).
 *
 * @example trustSeeds(space.policy).includes(member)
 */
export function trustSeeds(policy: SpacePolicy): readonly MemberId[] {
  return policy.trustSeeds ?? [];
}

/**
 * The default policy: a 1–5 scale with no criteria, Airbnb's 14-day double-blind window and review
 * deadline, unverified reviews refused, vouching open with a one-year expiry, texts of moderation
 * kept private.
 *
 * @example const policy = defaultPolicy()
 */
export function defaultPolicy(): SpacePolicy {
  return {
    rating: { min: 1, max: 5 },
    criteria: [],
    criteriaRequired: false,
    doubleBlindDays: 14,
    reviewDeadlineDays: 14,
    unverified: { accept: "none", label: "Not verified" },
    vouching: {
      enabled: true,
      scopes: [
        { key: "met-in-person", label: "Met in person" },
        { key: "hosted-me", label: "Hosted me" },
      ],
      expiryDays: 365,
      minVouchesToVouch: 0,
    },
    retention: {
      members: null,
      reviews: null,
      interactions: 730,
      vouches: null,
      alerts: 365,
      moderation: 1825,
    },
    publish: {
      interactionKind: true,
      interactionAmount: false,
      subjectName: true,
      decisionTexts: false,
    },
    appealWindowDays: MIN_APPEAL_WINDOW_DAYS,
  };
}

/** Limits that keep a logged policy far below the entry size limit. */
export const POLICY_LIMITS = {
  criteria: 12,
  scopes: 12,
  label: 80,
  days: 3650,
  issuers: 12,
  trustSeeds: 100,
} as const;

const key: Shape<string> = (value, path) =>
  typeof value === "string" && /^[a-z][a-z0-9-]{0,31}$/.test(value)
    ? { ok: true, value }
    : {
        ok: false,
        error: domainError("invalid-input", `input.${path}`, `${path}: must match [a-z][a-z0-9-]*`),
      };

const label = text({ max: POLICY_LIMITS.label });
const coordinate = matching(/^[A-Za-z0-9_-]{43}$/, "a 32-byte coordinate, base64url");
const issuerJwk: Shape<IssuerJwk> = refine(
  object(
    {
      kty: oneOf(["OKP", "EC"]),
      crv: oneOf(["Ed25519", "P-256"]),
      x: coordinate,
      kid: text({ min: 1, max: 100 }),
    },
    { y: coordinate },
  ),
  (k) =>
    (k.kty === "OKP" && k.crv === "Ed25519" && k.y === undefined) ||
    (k.kty === "EC" && k.crv === "P-256" && k.y !== undefined),
  "an Ed25519 (OKP) or P-256 (EC, with y) public key",
);
const days = int({ min: 1, max: POLICY_LIMITS.days });
const criterion = object({ key, label });
const criteriaList = array(criterion, { max: POLICY_LIMITS.criteria });

/** Shape of a whole policy (every member required but `priors` and `trustSeeds`), as logged. */
export const policyShape: Shape<SpacePolicy> = object(
  {
    rating: object({ min: int({ min: 0, max: 10 }), max: int({ min: 1, max: 100 }) }),
    criteria: criteriaList,
    criteriaRequired: bool,
    doubleBlindDays: int({ min: 1, max: 60 }),
    reviewDeadlineDays: nullable(days),
    unverified: object({ accept: oneOf(["none", "invited", "all"]), label }),
    vouching: object({
      enabled: bool,
      scopes: array(criterion, { max: POLICY_LIMITS.scopes }),
      expiryDays: nullable(days),
      minVouchesToVouch: int({ min: 0, max: 100 }),
    }),
    retention: object({
      members: nullable(days),
      reviews: nullable(days),
      interactions: nullable(days),
      vouches: nullable(days),
      alerts: nullable(days),
      moderation: nullable(days),
    }),
    publish: object({
      interactionKind: bool,
      interactionAmount: bool,
      subjectName: bool,
      decisionTexts: bool,
    }),
    appealWindowDays: int({ min: 1, max: POLICY_LIMITS.days }),
  },
  {
    priors: object({
      accept: array(
        object(
          {
            issuer: issuerUrl,
            name: label,
            scale: object({ min: int({ min: 0, max: 10 }), max: int({ min: 1, max: 100 }) }),
          },
          { keys: array(issuerJwk, { min: 1, max: 4 }) },
        ),
        { max: POLICY_LIMITS.issuers },
      ),
      maxPseudoReviews: int({ min: 0, max: MAX_IMPORTED_PSEUDO_REVIEWS }),
    }),
    trustSeeds: array(id, { max: POLICY_LIMITS.trustSeeds, unique: true }),
  },
);

/**
 * Validates a policy given as changes over `base` (top-level members replace those of `base`),
 * then checks the rules no shape can express. Returns the complete policy.
 *
 * @example parsePolicy({ doubleBlindDays: 7 }, defaultPolicy())
 */
export function parsePolicy(input: unknown, base: SpacePolicy): Parsed<SpacePolicy> {
  const merged =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? { ...base, ...(input as object) }
      : input;
  const parsed = policyShape(merged, "policy");
  if (!parsed.ok) return parsed;
  const rule = brokenPolicyRule(parsed.value);
  return rule === null ? parsed : { ok: false, error: rule };
}

function brokenPolicyRule(p: SpacePolicy) {
  if (p.rating.min >= p.rating.max) {
    return domainError("invalid-input", "policy.rating-scale", "rating.min must be below max");
  }
  if (new Set(p.criteria.map((c) => c.key)).size !== p.criteria.length) {
    return domainError("invalid-input", "policy.criteria-unique", "criterion keys repeat");
  }
  if (new Set(p.vouching.scopes.map((c) => c.key)).size !== p.vouching.scopes.length) {
    return domainError("invalid-input", "policy.vouch-scopes-unique", "vouch scope keys repeat");
  }
  if (p.retention.reviews !== null && p.retention.reviews <= p.doubleBlindDays) {
    // A review's rating lives in its private part until reveal: shredding it earlier loses it.
    return domainError(
      "rule-violation",
      "policy.review-retention-outlasts-window",
      "review retention must be longer than the double-blind window",
    );
  }
  const issuers = priorPolicy(p).accept;
  if (new Set(issuers.map((i) => i.issuer)).size !== issuers.length) {
    return domainError("invalid-input", "policy.prior-issuers-unique", "accepted issuers repeat");
  }
  if (issuers.some((i) => i.scale.min >= i.scale.max)) {
    return domainError(
      "invalid-input",
      "policy.prior-issuer-scale",
      "an accepted issuer's rating scale needs min below max",
    );
  }
  if (p.appealWindowDays < MIN_APPEAL_WINDOW_DAYS) {
    return domainError(
      "rule-violation",
      "policy.appeal-window-min-six-months",
      `Art. 20(1) DSA: appeals stay open at least ${MIN_APPEAL_WINDOW_DAYS} days`,
    );
  }
  return null;
}
