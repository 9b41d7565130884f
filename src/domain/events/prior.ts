/**
 * Events of imported priors (issue 6, "portable reputation"): a member presented a reputation
 * credential of a space this one accepts, and the server verified it (signature, disclosures, key
 * binding to this space's audience and a nonce it gave, expiry, status). The public part holds only what
 * the reputation uses and an auditor needs to recompute it: the issuer, the two threshold bounds the
 * member disclosed and how long the credential was valid. Everything else the member disclosed (the
 * claims as disclosed, their holder key's thumbprint, the presentation's digest) is private: committed
 * in the log, shredded on erasure like any personal data.
 */

import { domainError } from "../errors.js";
import type { MemberId, SpaceId } from "../ids.js";
import { id, int, object, refine, type Shape, text, time } from "../shape.js";
import type { Envelope } from "./envelope.js";

/** Limit of an issuer identifier (a URL). */
export const ISSUER_MAX = 300;

/** The member's imported prior, as verified: what the reputation reads. */
export interface PriorFacts {
  readonly space: SpaceId;
  readonly member: MemberId;
  /** The credential's issuer identifier (`iss`), a space the policy accepts. */
  readonly issuer: string;
  /** The issuing space's name as the credential's `space` claim disclosed it. */
  readonly source: string;
  /** The largest disclosed `reviews_at_least_N`. */
  readonly reviewsAtLeast: number;
  /** The largest disclosed `rating_at_least_R`, on the issuing space's scale. */
  readonly ratingAtLeast: number;
  /** When the presented credential expired (ms since the epoch). */
  readonly credentialExpiresAt: number;
}

/** A member imported a reputation from another space as a prior (replacing any earlier one). */
export type PriorImported = Envelope<
  "prior.imported",
  PriorFacts,
  {
    /** Every claim the member disclosed, as disclosed. */
    readonly disclosed: Readonly<Record<string, string | number | boolean>>;
    /** RFC 7638 thumbprint of the key the credential was bound to. */
    readonly holderKeyThumbprint: string;
    /** SHA-256 (base64url) of the presentation as received. */
    readonly presentationDigest: string;
  }
>;

/** The member withdrew their imported prior: it no longer counts. */
export type PriorWithdrawn = Envelope<
  "prior.withdrawn",
  { readonly space: SpaceId; readonly member: MemberId }
>;

/** A threshold bound as claims state them: a non-negative decimal with at most two places. */
export const bound: Shape<number> = (value, path) =>
  typeof value === "number" && value <= 1_000_000 && /^\d+(\.\d{1,2})?$/.test(String(value))
    ? { ok: true, value }
    : {
        ok: false,
        error: domainError(
          "invalid-input",
          `input.${path}`,
          `${path}: must be a decimal ≥ 0 with at most two places`,
        ),
      };

/** An issuer identifier: an https (or, for a local server, http) URL without spaces. */
export const issuerUrl: Shape<string> = refine(
  text({ min: 8, max: ISSUER_MAX }),
  (url) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(url),
  "must be an http(s) URL",
);

export const priorImportedPublic: Shape<PriorImported["public"]> = object({
  space: id,
  member: id,
  issuer: issuerUrl,
  source: text({ max: 100 }),
  reviewsAtLeast: int({ min: 0, max: 1_000_000 }),
  ratingAtLeast: bound,
  credentialExpiresAt: time,
});

export const priorWithdrawnPublic: Shape<PriorWithdrawn["public"]> = object({
  space: id,
  member: id,
});
