/**
 * The nonces `POST /v1/verify/credential` has accepted, per audience, kept as long as a key binding
 * with them could still be accepted (MAX_KB_AGE_SECONDS plus the clock tolerance), so that a
 * presentation verifies once. In-process memory: a deployment with several server processes behind
 * one verifier audience should verify in one of them (documented limit).
 */
import type { ReplayCache } from "../../../credential/index.js";
import { DEFAULT_CLOCK_TOLERANCE } from "../../../credential/index.js";
import { MAX_KB_AGE_SECONDS } from "../../../store/credentials/verify-reputation.js";

/** How long a nonce is remembered (ms). */
const KEEP_MS = (MAX_KB_AGE_SECONDS + 2 * DEFAULT_CLOCK_TOLERANCE) * 1000;

/** Nonces per audience. */
export interface ReplayCaches {
  forAudience(audience: string): ReplayCache;
}

/**
 * A replay memory.
 *
 * @example const cache = createReplayCache(Date.now).forAudience("https://market.example")
 */
export function createReplayCache(clock: () => number): ReplayCaches {
  const seenUntil = new Map<string, number>();
  const sweep = (now: number) => {
    // Insertion order is time order: stop at the first nonce still remembered.
    for (const [key, until] of seenUntil) {
      if (until > now) return;
      seenUntil.delete(key);
    }
  };
  return {
    forAudience: (audience) => ({
      seen(nonce) {
        const now = clock();
        sweep(now);
        const key = `${audience}\n${nonce}`;
        if (seenUntil.has(key)) return true;
        seenUntil.set(key, now + KEEP_MS);
        return false;
      },
    }),
  };
}
