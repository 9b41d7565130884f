/**
 * JSON values as they travel in JWT payloads and disclosures, and the two JSON rules every parser here
 * shares: untrusted text becomes a value only through parseJson (wrapped errors, bounded nesting), and a
 * claim name taken from untrusted text is written with setOwn, never `obj[name] = v`, so that a claim
 * called "__proto__" stays a plain property instead of replacing an object's prototype.
 */
import { CredentialError } from "./errors.js";

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [name: string]: JsonValue;
}

/** Deepest nesting of arrays and objects accepted anywhere in a credential (payloads, disclosures). */
export const MAX_JSON_DEPTH = 32;

/**
 * Parses untrusted JSON text, or throws CredentialError("malformed"). Nesting deeper than MAX_JSON_DEPTH
 * is refused, so that the recursive walks after it cannot exhaust the stack.
 *
 * @example parseJson('{"a":[1]}', "payload") // { a: [1] }
 */
export function parseJson(text: string, what: string): JsonValue {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (cause) {
    throw new CredentialError("malformed", `${what} is not JSON`, { cause });
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    throw new CredentialError("malformed", `${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return value;
}

/**
 * Parses untrusted JSON text that must be an object (a JWT header or claims set).
 *
 * @example parseJsonObject('{"alg":"EdDSA"}', "header").alg // "EdDSA"
 */
export function parseJsonObject(text: string, what: string): JsonObject {
  const value = parseJson(text, what);
  if (!isJsonObject(value)) throw new CredentialError("malformed", `${what} is not a JSON object`);
  return value;
}

/**
 * True for a JSON object (not null, not an array).
 *
 * @example isJsonObject([1]) // false
 */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an own property: `obj[name]` would find inherited members such as "constructor" or "__proto__".
 *
 * @example ownValue({ a: 1 }, "toString") // undefined
 */
export function ownValue(obj: JsonObject, name: string): JsonValue | undefined {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

/**
 * Defines `name` as an own, enumerable data property (safe for "__proto__").
 *
 * @example setOwn(out, "__proto__", 1) // out keeps Object.prototype
 */
export function setOwn(obj: Record<string, JsonValue>, name: string, value: JsonValue): void {
  Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
}

function depthExceeds(value: JsonValue, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (limit === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => depthExceeds(child, limit - 1));
}

/**
 * Serializes a JSON value with ", " and ": " separators and non-ASCII characters kept as UTF-8: the
 * layout of the RFC 9901 examples (Python's json.dumps defaults), so that a disclosure built from the
 * spec's salt and value is byte-for-byte the spec's disclosure. Any layout is valid (RFC 9901 §4.2.1: the
 * digest covers the encoded text, no canonicalization), this one only makes the examples reproducible.
 *
 * @example encodeJsonSpaced(["salt", "name", { a: 1 }]) // '["salt", "name", {"a": 1}]'
 */
export function encodeJsonSpaced(value: JsonValue, depth = MAX_JSON_DEPTH): string {
  if (typeof value !== "object" || value === null) return encodeScalar(value);
  if (depth === 0)
    throw new CredentialError("malformed", `value nests deeper than ${MAX_JSON_DEPTH}`);
  if (Array.isArray(value)) {
    return `[${(value as JsonArray).map((v) => encodeJsonSpaced(v, depth - 1)).join(", ")}]`;
  }
  const members = Object.entries(value as JsonObject).map(
    ([k, v]) => `${JSON.stringify(k)}: ${encodeJsonSpaced(v, depth - 1)}`,
  );
  return `{${members.join(", ")}}`;
}

function encodeScalar(value: JsonPrimitive): string {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new CredentialError("malformed", `${value} is not a JSON number`);
  }
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined)
    throw new CredentialError("malformed", `${typeof value} is not a JSON value`);
  return text;
}
