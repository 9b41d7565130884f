/**
 * Processing an SD-JWT payload with its disclosures (RFC 9901 §7.1 steps 3–5), as a holder after issuance
 * or a verifier after checking the issuer's signature: every disclosure is hashed, each embedded digest
 * (in an object's `_sd`, or an array element `{"...": digest}`) is replaced by the claim or element its
 * disclosure reveals, recursively, and digests without a disclosure (undisclosed claims, decoys) vanish.
 *
 * The payload is signed but the disclosures are untrusted, so the rules are enforced strictly:
 * - a disclosure presented twice, a digest embedded twice (directly or via other disclosures), a
 *   disclosure that no digest references, a property disclosure in an array or an element disclosure in
 *   `_sd`, and a disclosed claim name that already exists at its level are all "disclosure-mismatch";
 * - `_sd` that is not an array of strings, `{"...": x}` with x not a string, an `_sd_alg` other than
 *   sha-256, and nesting deeper than MAX_JSON_DEPTH (disclosures included) are "malformed".
 * Limits: the disclosures' count and sizes are bounded by compact.ts and disclosure.ts.
 */
import { type Disclosure, parseDisclosure, SD_ALG } from "./disclosure.js";
import { CredentialError } from "./errors.js";
import {
  isJsonObject,
  type JsonArray,
  type JsonObject,
  type JsonValue,
  MAX_JSON_DEPTH,
  ownValue,
  setOwn,
} from "./json.js";

/** A processed SD-JWT payload (RFC 9901 §7.1, "Processed SD-JWT Payload"). */
export interface ProcessedPayload {
  /** The payload with disclosed claims in place and `_sd`, `_sd_alg` and undisclosed digests removed. */
  readonly claims: JsonObject;
  /** The disclosures, parsed, in the order they were presented. */
  readonly disclosures: readonly Disclosure[];
}

interface Walk {
  readonly byDigest: ReadonlyMap<string, Disclosure>;
  readonly embedded: Set<string>;
  readonly used: Set<string>;
}

/**
 * Substitutes disclosures into a (signed, already verified) SD-JWT payload.
 *
 * @example processPayload(payload, ["WyJ…"]).claims.given_name // "John"
 */
export function processPayload(
  payload: JsonObject,
  encodedDisclosures: readonly string[],
): ProcessedPayload {
  requireSdAlg(payload);
  const disclosures = encodedDisclosures.map(parseDisclosure);
  const walk: Walk = { byDigest: indexByDigest(disclosures), embedded: new Set(), used: new Set() };
  const claims = processObject(payload, walk, 0, true);
  requireAllReferenced(disclosures, walk);
  return { claims, disclosures };
}

/** RFC 9901 §4.1.1: `_sd_alg` is absent (meaning sha-256) or names the hash; Fabrique accepts sha-256. */
function requireSdAlg(payload: JsonObject): void {
  const alg = ownValue(payload, "_sd_alg");
  if (alg !== undefined && alg !== SD_ALG) {
    throw new CredentialError("malformed", `_sd_alg ${JSON.stringify(alg)} is not ${SD_ALG}`);
  }
}

/** RFC 9901 §4.3 / §7.1: a Disclosure presented more than once is refused. */
function indexByDigest(disclosures: readonly Disclosure[]): Map<string, Disclosure> {
  const byDigest = new Map<string, Disclosure>();
  for (const d of disclosures) {
    if (byDigest.has(d.digest)) {
      throw new CredentialError("disclosure-mismatch", "a disclosure is presented twice");
    }
    byDigest.set(d.digest, d);
  }
  return byDigest;
}

/** RFC 9901 §7.1 step 5: every Disclosure must be referenced by a digest. */
function requireAllReferenced(disclosures: readonly Disclosure[], walk: Walk): void {
  for (const d of disclosures) {
    if (!walk.used.has(d.digest)) {
      throw new CredentialError(
        "disclosure-mismatch",
        `disclosure ${d.digest} is not referenced by the signed payload`,
      );
    }
  }
}

function processValue(value: JsonValue, walk: Walk, depth: number): JsonValue {
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) {
    throw new CredentialError(
      "malformed",
      `the payload nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  return Array.isArray(value)
    ? processArray(value as JsonArray, walk, depth + 1)
    : processObject(value as JsonObject, walk, depth + 1, false);
}

function processObject(obj: JsonObject, walk: Walk, depth: number, top: boolean): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(obj)) {
    if (name === "_sd" || (top && name === "_sd_alg")) continue;
    setOwn(out, name, processValue(value, walk, depth));
  }
  for (const digest of sdDigests(obj)) {
    const d = lookup(digest, walk);
    if (d === undefined) continue;
    if (d.kind !== "property") {
      throw new CredentialError("disclosure-mismatch", "an array-element disclosure is in _sd");
    }
    // RFC 9901 §7.1 step 3.3.2.3: a disclosed claim never overrides one that exists at its level.
    if (Object.hasOwn(out, d.name)) {
      throw new CredentialError(
        "disclosure-mismatch",
        `claim ${d.name} is disclosed where it exists`,
      );
    }
    setOwn(out, d.name, processValue(d.value, walk, depth));
  }
  return out;
}

function processArray(array: JsonArray, walk: Walk, depth: number): JsonArray {
  const out: JsonValue[] = [];
  for (const element of array) {
    const digest = elementDigest(element);
    if (digest === undefined) {
      out.push(processValue(element, walk, depth));
      continue;
    }
    const d = lookup(digest, walk);
    if (d === undefined) continue; // RFC 9901 §7.1 step 3.4: undisclosed elements are removed.
    if (d.kind !== "element") {
      throw new CredentialError(
        "disclosure-mismatch",
        "an object-property disclosure is in an array",
      );
    }
    out.push(processValue(d.value, walk, depth));
  }
  return out;
}

/** Registers an embedded digest (refusing a second occurrence, §7.1 step 4) and finds its disclosure. */
function lookup(digest: string, walk: Walk): Disclosure | undefined {
  if (walk.embedded.has(digest)) {
    throw new CredentialError("disclosure-mismatch", `digest ${digest} is embedded more than once`);
  }
  walk.embedded.add(digest);
  const d = walk.byDigest.get(digest);
  if (d !== undefined) walk.used.add(digest);
  return d;
}

function sdDigests(obj: JsonObject): readonly string[] {
  const sd = ownValue(obj, "_sd");
  if (sd === undefined) return [];
  if (!Array.isArray(sd) || !sd.every((d) => typeof d === "string")) {
    throw new CredentialError("malformed", "_sd is not an array of strings");
  }
  return sd as readonly string[];
}

/** The digest of an array element `{"...": "<digest>"}` (RFC 9901 §4.2.4.2), or undefined. */
function elementDigest(element: JsonValue): string | undefined {
  if (!isJsonObject(element) || !Object.hasOwn(element, "...")) return undefined;
  const digest = element["..."];
  if (Object.keys(element).length !== 1 || typeof digest !== "string") {
    throw new CredentialError("malformed", 'an array element uses "..." but is not a digest');
  }
  return digest;
}
