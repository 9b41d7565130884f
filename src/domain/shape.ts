/**
 * Shapes: small validators for untrusted input (command bodies from HTTP, public parts of log entries
 * read back by auditors). Each shape returns a fresh value holding only the fields it knows, so
 * extra members, prototype tricks and coercions never reach the domain. Failures are
 * `invalid-input` (or `too-large` for length limits) with rule `input.<path>`.
 *
 * Text limits count Unicode code points; a code point is at most 4 UTF-8 bytes, so a field's worst
 * case in an entry is 4 × its limit (plus 2 bytes per escaped newline or tab).
 */
import { domainError, type Parsed } from "./errors.js";

/** A validator of untrusted values. */
export type Shape<T> = (value: unknown, path: string) => Parsed<T>;

/** The type a shape produces. */
export type ShapeOf<S> = S extends Shape<infer T> ? T : never;

function bad(path: string, message: string): Parsed<never> {
  return { ok: false, error: domainError("invalid-input", `input.${path}`, `${path}: ${message}`) };
}

function tooLarge(path: string, message: string): Parsed<never> {
  return { ok: false, error: domainError("too-large", `input.${path}`, `${path}: ${message}`) };
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

// C0 and C1 controls, DEL and lone surrogates; newlines and tabs are allowed only in multiline text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_SINGLE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_MULTI = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/u;

/**
 * A string of `min`..`max` code points without control characters or lone surrogates.
 *
 * @example text({ max: 5000, multiline: true })(input.text, "text")
 */
export function text(opts: { max: number; min?: number; multiline?: boolean }): Shape<string> {
  const min = opts.min ?? 1;
  const forbidden = opts.multiline === true ? CONTROL_MULTI : CONTROL_SINGLE;
  return (value, path) => {
    if (typeof value !== "string") return bad(path, "must be a string");
    if (value.length > opts.max * 2) return tooLarge(path, `longer than ${opts.max} characters`);
    if (forbidden.test(value)) return bad(path, "holds a control character or lone surrogate");
    const count = codePoints(value);
    if (count > opts.max) return tooLarge(path, `longer than ${opts.max} characters`);
    if (count < min) return bad(path, `shorter than ${min} characters`);
    return ok(value);
  };
}

/**
 * The code points of `value`, which holds no lone surrogate (checked before): its UTF-16 units less
 * one per surrogate pair. Counted by code unit, not by iterating the string, which made a string per
 * character outside Latin-1 (every review text is validated on the write path).
 */
function codePoints(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) count--; // a high surrogate, always followed by its low one
  }
  return count;
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** An identifier: 1–64 characters of [A-Za-z0-9._-]. */
export const id: Shape<string> = (value, path) =>
  typeof value === "string" && ID.test(value) ? ok(value) : bad(path, "must be an id");

/** True when `value` is a well-formed identifier. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}

/**
 * A safe integer in [min, max].
 *
 * @example int({ min: 0, max: 10 })(3, "n")
 */
export function int(opts: { min: number; max: number }): Shape<number> {
  return (value, path) => {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      return bad(path, "must be an integer");
    }
    if (value < opts.min || value > opts.max) {
      return bad(path, `must be between ${opts.min} and ${opts.max}`);
    }
    return ok(Object.is(value, -0) ? 0 : value);
  };
}

/** Milliseconds since the epoch, within the range a JavaScript Date can hold. */
export const time: Shape<number> = int({ min: 0, max: 8_640_000_000_000_000 });

/** A boolean. */
export const bool: Shape<boolean> = (value, path) =>
  typeof value === "boolean" ? ok(value) : bad(path, "must be true or false");

/**
 * One of a closed set of strings.
 *
 * @example oneOf(["organic", "invited"] as const)
 */
export function oneOf<const T extends string>(values: readonly T[]): Shape<T> {
  const set = new Set<string>(values);
  return (value, path) =>
    typeof value === "string" && set.has(value)
      ? ok(value as T)
      : bad(path, `must be one of ${values.join(", ")}`);
}

/** Exactly `literal`. */
export function exactly<const T extends string | number | boolean>(literal: T): Shape<T> {
  return (value, path) =>
    value === literal ? ok(literal) : bad(path, `must be ${JSON.stringify(literal)}`);
}

/** `shape`, or null. */
export function nullable<T>(shape: Shape<T>): Shape<T | null> {
  return (value, path) => (value === null ? ok(null) : shape(value, path));
}

/**
 * An array of at most `max` (at least `min`) items; `unique` rejects repeated primitives.
 *
 * @example array(id, { max: 2, min: 1, unique: true })
 */
export function array<T>(
  item: Shape<T>,
  opts: { max: number; min?: number; unique?: boolean },
): Shape<readonly T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return bad(path, "must be an array");
    if (value.length > opts.max) return tooLarge(path, `more than ${opts.max} items`);
    if (value.length < (opts.min ?? 0)) return bad(path, `fewer than ${opts.min} items`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = item(value[i], memberPath(path, String(i)));
      if (!r.ok) return r;
      out.push(r.value);
    }
    if (opts.unique === true && new Set(out).size !== out.length) {
      return bad(path, "holds a repeated item");
    }
    return ok(out);
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

type Shapes = Readonly<Record<string, Shape<unknown>>>;

/** The object type a pair of required and optional shape maps produce. */
export type ObjectOf<R extends Shapes, O extends Shapes> = {
  readonly [K in keyof R]: ShapeOf<R[K]>;
} & { readonly [K in keyof O]?: ShapeOf<O[K]> };

/**
 * A plain object with exactly the `required` members and any of the `optional` ones; unknown
 * members are refused. An optional member given as `undefined` counts as absent.
 *
 * @example object({ review: id }, { reason: text({ max: 200 }) })
 */
export function object<R extends Shapes, O extends Shapes = Record<never, never>>(
  required: R,
  optional?: O,
): Shape<ObjectOf<R, O>> {
  const opt: Shapes = optional ?? {};
  // Listed once, not by Object.entries at every call: that made an array per member per input.
  const requiredMembers = Object.entries(required);
  const optionalMembers = Object.entries(opt);
  return (value, path) => {
    if (!isPlainObject(value)) return bad(path, "must be an object");
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue; // a null-prototype object inherits nothing
      if (!Object.hasOwn(required, key) && !Object.hasOwn(opt, key)) {
        return bad(`${path}.${key}`, "is not a known field");
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, shape] of requiredMembers) {
      const r = shape(value[key], memberPath(path, key));
      if (!r.ok) return r;
      out[key] = r.value;
    }
    for (const [key, shape] of optionalMembers) {
      if (value[key] === undefined) continue;
      const r = shape(value[key], memberPath(path, key));
      if (!r.ok) return r;
      out[key] = r.value;
    }
    return ok(out as ObjectOf<R, O>);
  };
}

/** Paths of schema members by parent path and member name (see memberPath). */
const memberPaths = new Map<string, Map<string, string>>();
/** Parent paths remembered at most; past it the memory starts over. */
const MEMBER_PATHS_LIMIT = 1024;

/**
 * `${path}.${key}` for an object's member or an array's item, remembered: every command validates
 * the same few paths ("review.text", "interaction.parties.0"), and each was a string made per input
 * only for an error message. Keys come from schemas (member names) or are item indices below the
 * schema's array bound, never names from input (dictionary's keys are not remembered); parent paths
 * are made of those, at most MEMBER_PATHS_LIMIT of them.
 */
function memberPath(path: string, key: string): string {
  let byKey = memberPaths.get(path);
  if (byKey === undefined) {
    if (memberPaths.size >= MEMBER_PATHS_LIMIT) memberPaths.clear();
    byKey = new Map();
    memberPaths.set(path, byKey);
  }
  let joined = byKey.get(key);
  if (joined === undefined) {
    joined = `${path}.${key}`;
    byKey.set(key, joined);
  }
  return joined;
}

/**
 * A plain object used as a map with at most `max` entries whose keys pass `key`.
 *
 * @example dictionary(criterionKey, int({ min: 1, max: 5 }), 20)
 */
export function dictionary<T>(
  key: Shape<string>,
  item: Shape<T>,
  max: number,
): Shape<Readonly<Record<string, T>>> {
  return (value, path) => {
    if (!isPlainObject(value)) return bad(path, "must be an object");
    const keys = Object.keys(value);
    if (keys.length > max) return tooLarge(path, `more than ${max} entries`);
    const out: Record<string, T> = Object.create(null);
    for (const k of keys) {
      const kr = key(k, `${path}.${k}`);
      if (!kr.ok) return kr;
      const r = item(value[k], `${path}.${k}`);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return ok({ ...out });
  };
}

/**
 * A string matching `re` (anchor it), described as `what` in errors.
 *
 * @example matching(/^[A-Z]{3}$/, "an ISO 4217 code")
 */
export function matching(re: RegExp, what: string): Shape<string> {
  return (value, path) =>
    typeof value === "string" && re.test(value) ? ok(value) : bad(path, `must be ${what}`);
}

/**
 * `shape` plus a check no shape expresses; `message` says what the check requires.
 *
 * @example refine(array(party, { max: 2 }), distinctMembers, "parties are distinct members")
 */
export function refine<T>(
  shape: Shape<T>,
  check: (value: T) => boolean,
  message: string,
): Shape<T> {
  return (value, path) => {
    const r = shape(value, path);
    return !r.ok || check(r.value) ? r : bad(path, message);
  };
}

/** Any value, to be checked by a later step that needs context (ratings against the policy). */
export const deferred: Shape<unknown> = (value) => ok(value);
