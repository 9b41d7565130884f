/**
 * The challenges this server gives members who import a prior (issue 6): a fresh random nonce per
 * request, bound to the space and the member, used once, and only within MAX_KB_AGE_SECONDS. The key
 * binding JWT of the presentation must carry it (RFC 9901 §4.3), so a presentation captured elsewhere
 * (or replayed here) cannot be imported.
 *
 * In-process memory, like the verifier's replay cache (src/http/routes/member-data/replay-cache.ts): a
 * deployment with several server processes must route a member's nonce request and presentation to the
 * same process (documented limit); a restart forgets outstanding nonces, and members ask again.
 */
import { randomBytes } from "node:crypto";
import { CredentialError } from "../../credential/index.js";
import { MAX_KB_AGE_SECONDS } from "./verify-reputation.js";

/** How long a nonce may be answered (ms). */
export const PRIOR_NONCE_TTL_MS = MAX_KB_AGE_SECONDS * 1000;

/** Nonces outstanding per member, at most: a member asking again and again does not fill memory. */
const PER_MEMBER = 5;

/** Outstanding nonces. */
export interface PriorNonces {
  /** A fresh nonce for `member` of `space`, answerable until the returned time (ms). */
  issue(space: string, member: string, now: number): { nonce: string; expiresAt: number };
  /**
   * Uses `nonce` up: throws CredentialError "replay" when it was used before, "wrong-nonce" when this
   * server never gave it to this member of this space or it has expired.
   */
  consume(space: string, member: string, nonce: string, now: number): void;
}

/**
 * An in-process nonce store.
 *
 * @example const nonces = createPriorNonces(); const { nonce } = nonces.issue("stays", bob, Date.now())
 */
export function createPriorNonces(): PriorNonces {
  const outstanding = new Map<string, number>();
  const used = new Map<string, number>();
  const sweep = (now: number) => {
    // Insertion order is time order: stop at the first entry still current.
    for (const map of [outstanding, used]) {
      for (const [key, until] of map) {
        if (until > now) break;
        map.delete(key);
      }
    }
  };
  return {
    issue(space, member, now) {
      sweep(now);
      const prefix = `${space}\n${member}\n`;
      const mine = [...outstanding.keys()].filter((k) => k.startsWith(prefix));
      for (const old of mine.slice(0, Math.max(0, mine.length - PER_MEMBER + 1))) {
        outstanding.delete(old);
      }
      const nonce = randomBytes(32).toString("base64url");
      const expiresAt = now + PRIOR_NONCE_TTL_MS;
      outstanding.set(prefix + nonce, expiresAt);
      return { nonce, expiresAt };
    },
    consume(space, member, nonce, now) {
      sweep(now);
      const key = `${space}\n${member}\n${nonce}`;
      if (used.has(key)) throw new CredentialError("replay", "this nonce was used before");
      const until = outstanding.get(key);
      if (until === undefined || until <= now) {
        throw new CredentialError(
          "wrong-nonce",
          "not a nonce this space gave you, or it has expired: ask for a fresh one",
        );
      }
      outstanding.delete(key);
      used.set(key, until);
    },
  };
}
