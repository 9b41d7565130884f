/**
 * Disclosures (RFC 9901 §4.2): the salted, base64url-encoded JSON arrays that reveal one selectively
 * disclosable claim, and their digests.
 *
 *     object property (§4.2.1): base64url(UTF-8 JSON ["<salt>", "<claim name>", <claim value>])
 *     array element   (§4.2.2): base64url(UTF-8 JSON ["<salt>", <element value>])
 *     digest          (§4.2.3): base64url(SHA-256(US-ASCII bytes of the disclosure text))
 *
 * parseDisclosure is a parser of untrusted text (a holder's presentation). Limits: MAX_DISCLOSURE_SIZE
 * characters, MAX_JSON_DEPTH nesting. Rules: canonical unpadded base64url, valid UTF-8, a JSON array of 3
 * (salt string, claim name string, value) or 2 (salt string, value) elements, a claim name that is neither
 * "_sd" nor "..." (§4.2.1), a non-empty salt.
 */
import { randomBytes, sha256 } from "../log/crypto.js";
import { decodeBase64UrlText, encodeBase64Url } from "./base64url.js";
import { CredentialError } from "./errors.js";
import { encodeJsonSpaced, type JsonValue, parseJson } from "./json.js";

/** The one hash algorithm Fabrique issues and accepts (`_sd_alg`, RFC 9901 §4.1.1). */
export const SD_ALG = "sha-256";

/** Longest disclosure text accepted, in characters (a reputation claim is well under 200). */
export const MAX_DISCLOSURE_SIZE = 4096;

/** Bytes of randomness in a salt: 128 bits, the minimum RFC 9901 §9.3 recommends. */
export const SALT_BYTES = 16;

/** Claim names that RFC 9901 §4.2.1 reserves for digests. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(["_sd", "..."]);

/** A disclosure, decoded, with the exact text it was read from or encoded to and that text's digest. */
export type Disclosure =
  | {
      readonly kind: "property";
      readonly salt: string;
      readonly name: string;
      readonly value: JsonValue;
      readonly encoded: string;
      readonly digest: string;
    }
  | {
      readonly kind: "element";
      readonly salt: string;
      readonly value: JsonValue;
      readonly encoded: string;
      readonly digest: string;
    };

/**
 * A fresh salt: 128 random bits, base64url-encoded (RFC 9901 §4.2.1, §9.3).
 *
 * @example newSalt() // "xGq3…" (22 characters)
 */
export function newSalt(): string {
  return encodeBase64Url(randomBytes(SALT_BYTES));
}

/**
 * The digest of a disclosure: base64url(SHA-256(ASCII bytes of the disclosure text)) (RFC 9901 §4.2.3).
 * The input is the encoded text itself, not the JSON it encodes.
 *
 * @example disclosureDigest("WyI2cU1RdlJMNWhhaiIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0")
 */
export function disclosureDigest(encoded: string): string {
  return encodeBase64Url(sha256(new TextEncoder().encode(encoded)));
}

/**
 * A decoy digest (RFC 9901 §4.2.5): the digest of random bytes, indistinguishable from a real one, to
 * hide how many claims a credential holds.
 *
 * @example const sd = [...digests, decoyDigest()].sort()
 */
export function decoyDigest(): string {
  return encodeBase64Url(sha256(randomBytes(SALT_BYTES)));
}

/**
 * Creates the disclosure of an object property (RFC 9901 §4.2.1). `salt` defaults to a fresh one; pass
 * one only to reproduce a known disclosure.
 *
 * @example createPropertyDisclosure("rating_at_least_4_5", true).encoded // "WyJ…"
 */
export function createPropertyDisclosure(
  name: string,
  value: JsonValue,
  salt: string = newSalt(),
): Disclosure {
  requireSalt(salt);
  requireClaimName(name);
  const encoded = encodeDisclosureText([salt, name, value]);
  return { kind: "property", salt, name, value, encoded, digest: disclosureDigest(encoded) };
}

/**
 * Creates the disclosure of an array element (RFC 9901 §4.2.2).
 *
 * @example createElementDisclosure("FR", "lklxF5jMYlGTPUovMNIvCA").encoded
 * // "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0"
 */
export function createElementDisclosure(value: JsonValue, salt: string = newSalt()): Disclosure {
  requireSalt(salt);
  const encoded = encodeDisclosureText([salt, value]);
  return { kind: "element", salt, value, encoded, digest: disclosureDigest(encoded) };
}

function encodeDisclosureText(array: JsonValue): string {
  const encoded = encodeBase64Url(new TextEncoder().encode(encodeJsonSpaced(array)));
  if (encoded.length > MAX_DISCLOSURE_SIZE) {
    throw new CredentialError("malformed", `a disclosure is longer than ${MAX_DISCLOSURE_SIZE}`);
  }
  return encoded;
}

/**
 * Parses one disclosure of untrusted origin, or throws CredentialError("malformed").
 *
 * @example parseDisclosure("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0").value // "FR"
 */
export function parseDisclosure(encoded: string): Disclosure {
  if (encoded.length === 0) throw new CredentialError("malformed", "a disclosure is empty");
  if (encoded.length > MAX_DISCLOSURE_SIZE) {
    throw new CredentialError("malformed", `a disclosure is longer than ${MAX_DISCLOSURE_SIZE}`);
  }
  const array = parseJson(decodeBase64UrlText(encoded, "disclosure"), "disclosure");
  if (!Array.isArray(array)) throw new CredentialError("malformed", "a disclosure is not an array");
  const digest = disclosureDigest(encoded);
  const [salt, second, third] = array as JsonValue[];
  switch (array.length) {
    case 3:
      return {
        kind: "property",
        salt: requireSalt(salt),
        name: requireClaimName(second),
        value: third as JsonValue,
        encoded,
        digest,
      };
    case 2:
      return {
        kind: "element",
        salt: requireSalt(salt),
        value: second as JsonValue,
        encoded,
        digest,
      };
    default:
      throw new CredentialError(
        "malformed",
        `a disclosure has ${array.length} elements, not 2 or 3`,
      );
  }
}

function requireSalt(salt: JsonValue | undefined): string {
  // RFC 9901 §4.2.1: the salt MUST be a string.
  if (typeof salt !== "string" || salt.length === 0) {
    throw new CredentialError("malformed", "a disclosure's salt is not a non-empty string");
  }
  return salt;
}

function requireClaimName(name: JsonValue | undefined): string {
  if (typeof name !== "string") {
    throw new CredentialError("malformed", "a disclosure's claim name is not a string");
  }
  if (RESERVED_NAMES.has(name)) {
    throw new CredentialError("malformed", `"${name}" cannot be a disclosed claim name`);
  }
  return name;
}
