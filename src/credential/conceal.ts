/**
 * The issuer's side of selective disclosure (RFC 9901 §4.1–4.2): replaces each selectively disclosable
 * top-level claim by the digest of its disclosure in `_sd`, adds decoy digests, sorts `_sd` so that its
 * order says nothing about the claims (§4.2.4.1), and names the hash in `_sd_alg` (§4.1.1).
 */

import { MAX_DISCLOSURES } from "./compact.js";
import { createPropertyDisclosure, type Disclosure, decoyDigest, SD_ALG } from "./disclosure.js";
import { CredentialError } from "./errors.js";
import { type JsonObject, type JsonValue, MAX_JSON_DEPTH, setOwn } from "./json.js";

/** Most decoy digests one credential may carry. */
export const MAX_DECOYS = 32;

/** Keys RFC 9901 §4.1 reserves for digests and the hash name: never plaintext claims. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(["_sd", "...", "_sd_alg"]);

/** A payload ready to sign and the disclosures that open its digests. */
export interface ConcealedPayload {
  readonly payload: JsonObject;
  readonly disclosures: readonly Disclosure[];
}

/**
 * Builds an SD-JWT payload: `claims` stay visible, each entry of `disclosable` becomes a disclosure
 * whose digest goes to `_sd`, with `decoys` random digests mixed in.
 *
 * @example concealClaims({ iss, vct }, { rating_at_least_4_5: true }, 3).payload._sd // 4 digests
 */
export function concealClaims(
  claims: JsonObject,
  disclosable: JsonObject,
  decoys = 0,
): ConcealedPayload {
  rejectReservedKeys(claims, "a visible claim");
  rejectReservedKeys(disclosable, "a disclosable claim");
  requireDecoyCount(decoys);
  const names = Object.keys(disclosable);
  if (names.length > MAX_DISCLOSURES) {
    throw new CredentialError("malformed", `more than ${MAX_DISCLOSURES} disclosable claims`);
  }
  for (const name of names) {
    if (Object.hasOwn(claims, name)) {
      throw new CredentialError("malformed", `claim ${name} is both visible and disclosable`);
    }
  }
  const disclosures = names.map((name) =>
    createPropertyDisclosure(name, disclosable[name] as JsonValue),
  );
  const digests = [
    ...disclosures.map((d) => d.digest),
    ...Array.from({ length: decoys }, decoyDigest),
  ];
  const payload: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(claims)) setOwn(payload, name, value);
  if (digests.length > 0) payload._sd = digests.sort();
  payload._sd_alg = SD_ALG;
  return { payload, disclosures };
}

function requireDecoyCount(decoys: number): void {
  if (!Number.isSafeInteger(decoys) || decoys < 0 || decoys > MAX_DECOYS) {
    throw new CredentialError("malformed", `decoys must be an integer in [0, ${MAX_DECOYS}]`);
  }
}

/**
 * RFC 9901 §4.1 item 7: the payload MUST NOT use `_sd` or `...` except to convey digests. A visible or
 * disclosable value holding them would be read by verifiers as digests.
 */
function rejectReservedKeys(value: JsonValue, what: string, depth = 0): void {
  if (typeof value !== "object" || value === null) return;
  if (depth > MAX_JSON_DEPTH) {
    throw new CredentialError("malformed", `${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const children = Array.isArray(value) ? (value as readonly JsonValue[]) : Object.values(value);
  if (!Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) throw new CredentialError("malformed", `${what} uses key ${key}`);
    }
  }
  for (const child of children) rejectReservedKeys(child, what, depth + 1);
}
