/**
 * Importing a reputation from another space as one's prior (issue 6), the page's decisions without the
 * page: which claims a kept credential discloses (the least that makes a prior), what a pasted
 * presentation must look like before it is sent, and which sentence explains a refusal. The server
 * decides; these only spare a round trip and word its answer (src/domain/commands/prior.ts for the
 * prior.* rules, src/credential/errors.ts for credential.*).
 */
import type { MessageKey } from "../i18n/messages-en.js";

/** A claim of a credential as issued. */
export interface IssuedClaim {
  readonly claim: string;
  readonly value: unknown;
  readonly disclosure: string;
}

/** The size a presentation may have (src/credential/compact.ts, MAX_SD_JWT_SIZE). */
export const MAX_PRESENTATION = 32 * 1024;

const REVIEWS = /^reviews_at_least_(\d+)$/;
const RATING = /^rating_at_least_(\d+)(?:_(\d+))?$/;

/**
 * The claims to disclose for a prior: the strongest true `reviews_at_least_N` and the strongest true
 * `rating_at_least_R` (a prior needs one of each; the weaker ones would add nothing), and nothing else;
 * null when the credential lacks either (it cannot make a prior: too few reviews).
 *
 * @example priorDisclosures(issued.claims) // [{ claim: "reviews_at_least_20", … }, { claim: "rating_at_least_4_5", … }]
 */
export function priorDisclosures(claims: readonly IssuedClaim[]): IssuedClaim[] | null {
  let reviews: { claim: IssuedClaim; n: number } | null = null;
  let rating: { claim: IssuedClaim; n: number } | null = null;
  for (const c of claims) {
    if (c.value !== true) continue;
    const r = REVIEWS.exec(c.claim);
    if (r !== null) {
      const n = Number(r[1]);
      if (reviews === null || n > reviews.n) reviews = { claim: c, n };
      continue;
    }
    const g = RATING.exec(c.claim);
    if (g !== null) {
      const n = Number(g[2] === undefined ? g[1] : `${g[1]}.${g[2]}`);
      if (rating === null || n > rating.n) rating = { claim: c, n };
    }
  }
  return reviews === null || rating === null ? null : [reviews.claim, rating.claim];
}

/** A pasted presentation checked for shape, or why it cannot be one. */
export type PastedPresentation =
  | { readonly ok: true; readonly presentation: string }
  | { readonly ok: false; readonly reason: MessageKey };

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const DISCLOSURE = /^[A-Za-z0-9_-]+$/;

/**
 * Reads a pasted SD-JWT+KB presentation (RFC 9901 §4: `<issuer JWT>~<disclosure>~…~<KB-JWT>`): white
 * space around and inside it (a wrapped paste) is dropped; it must fit MAX_PRESENTATION and end with a
 * key-binding JWT. Parser of untrusted text; the server verifies everything else.
 *
 * @example readPastedPresentation(text) // { ok: true, presentation } or { ok: false, reason: "prior.paste.noKeyBinding" }
 */
export function readPastedPresentation(text: string): PastedPresentation {
  const presentation = text.replace(/\s+/g, "");
  if (presentation === "") return { ok: false, reason: "prior.paste.empty" };
  if (presentation.length > MAX_PRESENTATION) return { ok: false, reason: "prior.paste.tooLong" };
  const parts = presentation.split("~");
  const issuerJwt = parts[0] ?? "";
  const kb = parts.at(-1) ?? "";
  if (parts.length < 2 || !JWT.test(issuerJwt))
    return { ok: false, reason: "prior.paste.notSdJwt" };
  if (!parts.slice(1, -1).every((d) => DISCLOSURE.test(d))) {
    return { ok: false, reason: "prior.paste.notSdJwt" };
  }
  if (!JWT.test(kb)) return { ok: false, reason: "prior.paste.noKeyBinding" };
  return { ok: true, presentation };
}

/** The refusals the page explains in its own words, by the rule the server names. */
const REASONS: Readonly<Record<string, MessageKey>> = {
  "prior.issuer-accepted": "prior.why.issuerAccepted",
  "prior.credential-expired": "prior.why.expired",
  "prior.thresholds-disclosed": "prior.why.thresholds",
  "prior.rating-on-scale": "prior.why.scale",
  "prior.members-only": "prior.why.membersOnly",
  "member.restricted": "prior.why.restricted",
  "credential.unknown-issuer": "prior.why.unknownIssuer",
  "credential.bad-signature": "prior.why.badSignature",
  "credential.disclosure-mismatch": "prior.why.disclosureMismatch",
  "credential.bad-key-binding": "prior.why.badKeyBinding",
  "credential.wrong-audience": "prior.why.wrongAudience",
  "credential.wrong-nonce": "prior.why.wrongNonce",
  "credential.replay": "prior.why.replay",
  "credential.expired": "prior.why.expired",
  "credential.not-yet-valid": "prior.why.notYetValid",
  "credential.revoked": "prior.why.revoked",
  "credential.status-unavailable": "prior.why.statusUnavailable",
  "credential.malformed": "prior.why.malformed",
};

/**
 * The sentence explaining a refused import, by the rule the server named; null for a rule the page has
 * no words for (the server's own detail is shown either way).
 *
 * @example refusalReason("credential.replay") // "prior.why.replay"
 */
export function refusalReason(rule: string | undefined): MessageKey | null {
  return rule === undefined ? null : (REASONS[rule] ?? null);
}
