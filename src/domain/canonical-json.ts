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

const encoder = new TextEncoder();

/**
 * The RFC 8785 canonical text of `value`. Throws TypeError for values JCS cannot represent.
 *
 * @example canonicalJson({ b: [1e21, -0], a: "€" }) // '{"a":"€","b":[1e+21,0]}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/**
 * The UTF-8 bytes of the RFC 8785 canonical text of `value`.
 *
 * @example canonicalBytes({ v: 1 }) // bytes of '{"v":1}'
 */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

// Written by string concatenation (V8 builds it as a rope, flattened once at the end) rather than
// pieces joined from an array: the store encodes every record and entry with it, and the array and
// its per-member pieces were most of its cost.
function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return serialiseString(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`JCS cannot represent ${value}`);
      return String(value); // §3.2.2.3: Number.prototype.toString; String(-0) === "0"
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth >= MAX_DEPTH) throw new TypeError(`JSON nested deeper than ${MAX_DEPTH} levels`);
      return Array.isArray(value) ? writeArray(value, depth + 1) : writeObject(value, depth + 1);
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

function writeArray(value: readonly unknown[], depth: number): string {
  let out = "[";
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new TypeError("JCS cannot represent a sparse array");
    if (i > 0) out += ",";
    out += write(value[i], depth);
  }
  return `${out}]`;
}

function writeObject(value: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError("JCS accepts only plain objects");
  }
  const keys = sortedKeys(Object.keys(value));
  if (keys.length === 0) return "{}";
  const record = value as Record<string, unknown>;
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = record[key];
    if (member === undefined) throw new TypeError(`member ${JSON.stringify(key)} is undefined`);
    const texts = memberTexts(key);
    if (typeof member === "string" && needsNoEscape(member)) {
      // `{"name":"` or `,"name":"` whole, the text as it is, the closing quote: no copy of the text
      // made by JSON.stringify only to be copied again when the result is flattened.
      out += i === 0 ? texts.firstString : texts.nextString;
      out += member;
      out += '"';
    } else {
      // `{"name":` or `,"name":` whole, then the value: two pieces a member.
      out += i === 0 ? texts.first : texts.next;
      out += write(member, depth);
    }
  }
  return `${out}}`;
}

/** Past this many members, Array.prototype.sort; up to it, an insertion sort (see sortedKeys). */
const INSERTION_SORT_MAX = 32;

/**
 * `keys` sorted in place by UTF-16 code units (§3.2.3), which is what `<` on strings and the default
 * Array.prototype.sort compare. Records and envelopes have a dozen or two members, often in order
 * already (parsed canonical text): an insertion sort does the few comparisons needed and allocates
 * nothing, where V8's sort copied every array into a work array of its own (a sixth of the bytes the
 * batched write path allocated, bench/core.ts).
 */
function sortedKeys(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    if ((keys[j] as string) < key) continue;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** String.prototype.isWellFormed (ES2024, in Node 20): false exactly when a lone surrogate is present. */
const isWellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean })
  .isWellFormed;

function serialiseString(s: string): string {
  if (!isWellFormed.call(s)) throw new TypeError("string holds a lone surrogate");
  return JSON.stringify(s); // §3.2.2.2 adopts ECMAScript's string serialisation exactly
}

/** The texts that open a member: first of its object or after another, its value a string or not. */
interface MemberTexts {
  /** `{"name":` */
  readonly first: string;
  /** `,"name":` */
  readonly next: string;
  /** `{"name":"`, for a string value written as it is (needsNoEscape). */
  readonly firstString: string;
  /** `,"name":"` */
  readonly nextString: string;
}

/**
 * Member names serialised before, as the texts that open the member. The store encodes the same few
 * dozen names for every record, entry and private part; written whole, a member costs the object's
 * text two or three concatenations instead of four or more (comma, name, colon, value), each a string
 * V8 allocates (heap sampling of bench/core.ts's batches of 500: a third of canonicalJson's bytes).
 */
const memberTextsByName = new Map<string, MemberTexts>();
/** The names remembered at most; past it the memory starts over (names come from input too). */
const KEY_TEXTS_LIMIT = 4096;
/**
 * Only short names are remembered: the schema's own are a few dozen characters, and a name from input
 * may be as long as a request allows, so 4,096 remembered long names could hold gigabytes.
 */
const KEY_TEXT_MAX_LENGTH = 64;

function memberTexts(key: string): MemberTexts {
  let texts = memberTextsByName.get(key);
  if (texts === undefined) {
    const name = serialiseString(key);
    texts = {
      first: `{${name}:`,
      next: `,${name}:`,
      firstString: `{${name}:"`,
      nextString: `,${name}:"`,
    };
    if (key.length > KEY_TEXT_MAX_LENGTH) return texts;
    if (memberTextsByName.size >= KEY_TEXTS_LIMIT) memberTextsByName.clear();
    memberTextsByName.set(key, texts);
  }
  return texts;
}

/** What JSON.stringify escapes in a string (ECMA-262 QuoteJSONString), lone surrogates aside. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const JSON_ESCAPED = /["\\\u0000-\u001F]/;

/**
 * True when `s` serialises as itself between quotes: no quote, backslash or control character
 * (QuoteJSONString escapes exactly those and lone surrogates), and no lone surrogate (which JCS
 * refuses: such a string goes through serialiseString, which throws).
 */
function needsNoEscape(s: string): boolean {
  return !JSON_ESCAPED.test(s) && isWellFormed.call(s);
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
