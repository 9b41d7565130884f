/**
 * The holder's side (RFC 9901 §7.2): choose which disclosures to reveal, by claim name, and bind the
 * presentation to one verifier and one challenge with a Key Binding JWT.
 *
 * Selection walks the issuer's payload the way a verifier will, so that every chosen disclosure connects
 * to the signed JWT (§4.2.6): naming a claim reveals it whole (nested disclosures and array elements
 * included), and naming a nested claim also reveals the disclosures on its path, but not their siblings.
 */
import { formatSdJwt, splitSdJwt } from "./compact.js";
import { type Disclosure, parseDisclosure } from "./disclosure.js";
import { CredentialError } from "./errors.js";
import { isJsonObject, type JsonObject, type JsonValue, MAX_JSON_DEPTH, ownValue } from "./json.js";
import { decodeJws } from "./jwt.js";
import { createKeyBindingJwt } from "./key-binding.js";
import type { SigningKey } from "./keys.js";

/** What the holder presents. */
export interface PresentInput {
  /** The SD-JWT as issued (with all its disclosures), ending in "~". */
  readonly sdJwt: string;
  /** Names of the claims to reveal; claims that are always visible may be named too. */
  readonly disclose: readonly string[];
  /** The holder's private key, whose public JWK is the credential's cnf.jwk. */
  readonly holderKey: SigningKey;
  readonly audience: string;
  readonly nonce: string;
  /** Unix seconds. */
  readonly issuedAt: number;
}

/**
 * Builds an SD-JWT+KB revealing only the named claims.
 *
 * @example
 * const presentation = await presentSdJwt({ sdJwt, disclose: ["rating_at_least_4_5"], holderKey,
 *   audience: "https://market.example", nonce, issuedAt: Math.floor(Date.now() / 1000) })
 */
export async function presentSdJwt(input: PresentInput): Promise<string> {
  const sdJwt = selectDisclosures(input.sdJwt, input.disclose);
  const kbJwt = await createKeyBindingJwt({
    holderKey: input.holderKey,
    sdJwt,
    audience: input.audience,
    nonce: input.nonce,
    issuedAt: input.issuedAt,
  });
  return `${sdJwt}${kbJwt}`;
}

/**
 * The SD-JWT (ending in "~", no key binding) with only the disclosures needed to reveal `names`.
 * Throws CredentialError("malformed") for a name that is neither disclosable nor a visible claim.
 *
 * @example selectDisclosures(sdJwt, ["reviews_at_least_20"]) // "<jwt>~<one disclosure>~"
 */
export function selectDisclosures(sdJwt: string, names: readonly string[]): string {
  const parts = splitSdJwt(sdJwt);
  // RFC 9901 §7.2: the issuer hands out an SD-JWT, never an SD-JWT+KB.
  if (parts.kbJwt !== undefined)
    throw new CredentialError("malformed", "this is already a presentation");
  const { payload } = decodeJws(parts.issuerJwt, "the Issuer-signed JWT");
  const disclosures = parts.disclosures.map(parseDisclosure);
  const wanted = new Set(names);
  requireKnownNames(wanted, payload, disclosures);
  const byDigest = new Map(disclosures.map((d) => [d.digest, d]));
  const chosen = new Set(needed(payload, false, { byDigest, wanted }, 0));
  return formatSdJwt(
    parts.issuerJwt,
    disclosures.filter((d) => chosen.has(d.digest)).map((d) => d.encoded),
  );
}

interface Selection {
  readonly byDigest: ReadonlyMap<string, Disclosure>;
  readonly wanted: ReadonlySet<string>;
}

/** The digests of the disclosures to reveal inside `value`; `whole` when an enclosing claim is named. */
function needed(value: JsonValue, whole: boolean, sel: Selection, depth: number): string[] {
  if (typeof value !== "object" || value === null) return [];
  if (depth > MAX_JSON_DEPTH)
    throw new CredentialError("malformed", "the credential nests too deep");
  if (Array.isArray(value)) {
    return (value as readonly JsonValue[]).flatMap((element) => {
      const ref = isJsonObject(element) ? ownValue(element, "...") : undefined;
      const d = typeof ref === "string" ? sel.byDigest.get(ref) : undefined;
      if (d === undefined) return needed(element, whole, sel, depth + 1);
      return withPath(d, whole, sel, depth);
    });
  }
  const obj = value as JsonObject;
  const inside = Object.entries(obj).flatMap(([name, v]) =>
    name === "_sd" ? [] : needed(v, whole || sel.wanted.has(name), sel, depth + 1),
  );
  const sd = ownValue(obj, "_sd");
  const digests = Array.isArray(sd) ? sd.filter((x): x is string => typeof x === "string") : [];
  const disclosed = digests.flatMap((digest) => {
    const d = sel.byDigest.get(digest);
    if (d === undefined) return [];
    return withPath(d, whole || (d.kind === "property" && sel.wanted.has(d.name)), sel, depth);
  });
  return [...inside, ...disclosed];
}

/** A disclosure is revealed when chosen whole, or when something inside it is (its path, §4.2.6). */
function withPath(d: Disclosure, whole: boolean, sel: Selection, depth: number): string[] {
  const inner = needed(d.value, whole, sel, depth + 1);
  return whole || inner.length > 0 ? [d.digest, ...inner] : [];
}

function requireKnownNames(
  wanted: ReadonlySet<string>,
  payload: JsonObject,
  disclosures: readonly Disclosure[],
): void {
  const known = new Set(Object.keys(payload));
  for (const d of disclosures) if (d.kind === "property") known.add(d.name);
  for (const name of wanted) {
    if (!known.has(name))
      throw new CredentialError("malformed", `the credential has no claim ${name}`);
  }
}
