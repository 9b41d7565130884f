/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), strict. The canonical bytes of a log entry are what the
 * transparency log hashes, so two implementations must produce the same bytes for the same value:
 *
 * - object members sorted by their names' UTF-16 code units (§3.2.3), no whitespace (§3.2.1);
 * - strings serialised as ECMAScript JSON.stringify does (§3.2.2.2), which JCS adopts verbatim;
 * - numbers serialised as ECMAScript Number.prototype.toString (§3.2.2.3), so -0 becomes 0.
 *
 * Strictness beyond the RFC, because a canonical form that silently drops or coerces data is a
 * place where two parties can disagree: non-finite numbers (§3.2.2.3 says they MUST be rejected),
 * lone surrogates (I-JSON, RFC 7493 §2.1), `undefined` members, sparse arrays, and anything that is
 * not a plain object, array, string, finite number, boolean or null are rejected with a TypeError.
 * Nesting is limited to MAX_DEPTH so hostile input cannot exhaust the stack.
 */

/** A JSON value as JCS sees it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** The deepest nesting of arrays and objects accepted (entries use fewer than 8 levels). */
export const MAX_DEPTH = 32;

// With the `u` flag a well-formed surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const encoder = new TextEncoder();

/**
 * The RFC 8785 canonical text of `value`. Throws TypeError for values JCS cannot represent.
 *
 * @example canonicalJson({ b: [1e21, -0], a: "€" }) // '{"a":"€","b":[1e+21,0]}'
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join("");
}

/**
 * The UTF-8 bytes of the RFC 8785 canonical text of `value`.
 *
 * @example canonicalBytes({ v: 1 }) // bytes of '{"v":1}'
 */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

function write(value: unknown, out: string[], depth: number): void {
  switch (typeof value) {
    case "string":
      out.push(serialiseString(value));
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`JCS cannot represent ${value}`);
      out.push(String(value)); // §3.2.2.3: Number.prototype.toString; String(-0) === "0"
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "object":
      if (value === null) {
        out.push("null");
        return;
      }
      if (depth >= MAX_DEPTH) throw new TypeError(`JSON nested deeper than ${MAX_DEPTH} levels`);
      if (Array.isArray(value)) writeArray(value, out, depth + 1);
      else writeObject(value, out, depth + 1);
      return;
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

function writeArray(value: readonly unknown[], out: string[], depth: number): void {
  out.push("[");
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new TypeError("JCS cannot represent a sparse array");
    if (i > 0) out.push(",");
    write(value[i], out, depth);
  }
  out.push("]");
}

function writeObject(value: object, out: string[], depth: number): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError("JCS accepts only plain objects");
  }
  // §3.2.3: sort by UTF-16 code units, which is what the default string comparison does.
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  out.push("{");
  keys.forEach((key, i) => {
    const member = record[key];
    if (member === undefined) throw new TypeError(`member ${JSON.stringify(key)} is undefined`);
    if (i > 0) out.push(",");
    out.push(serialiseString(key), ":");
    write(member, out, depth);
  });
  out.push("}");
}

function serialiseString(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new TypeError("string holds a lone surrogate");
  return JSON.stringify(s); // §3.2.2.2 adopts ECMAScript's string serialisation exactly
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Why `parseCanonicalJson` refused its input. */
export type CanonicalParseFailure = "too-large" | "not-utf8" | "not-json" | "not-canonical";

/**
 * Parses bytes that must already be canonical JCS. Parser of untrusted bytes: rejects input longer
 * than `maxBytes`, invalid UTF-8 (including a byte-order mark, which JSON.parse refuses), anything
 * JSON.parse refuses, and anything whose re-canonicalisation differs byte for byte (whitespace,
 * unsorted or duplicate members, non-shortest numbers, needless escapes, lone surrogates, nesting
 * deeper than MAX_DEPTH). Never throws.
 *
 * @example parseCanonicalJson(bytes, 65_535) // { ok: true, value } or { ok: false, reason }
 */
export function parseCanonicalJson(
  bytes: Uint8Array,
  maxBytes: number,
):
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly reason: CanonicalParseFailure; readonly detail: string } {
  if (bytes.length > maxBytes) {
    return { ok: false, reason: "too-large", detail: `${bytes.length} bytes > ${maxBytes}` };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reason: "not-utf8", detail: "bytes are not well-formed UTF-8" };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: "not-json", detail: e instanceof Error ? e.message : "bad JSON" };
  }
  let again: string;
  try {
    again = canonicalJson(value);
  } catch (e) {
    return { ok: false, reason: "not-canonical", detail: e instanceof Error ? e.message : "" };
  }
  if (again !== text) {
    return { ok: false, reason: "not-canonical", detail: "bytes differ from their RFC 8785 form" };
  }
  return { ok: true, value: value as JsonValue };
}
