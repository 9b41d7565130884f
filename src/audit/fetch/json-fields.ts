/**
 * Reading fields of untrusted JSON (what an audited server answered): each accessor checks the type it
 * promises and throws LogError("malformed") naming the path, so a server that answers the wrong shape is
 * told apart from one that answers the wrong numbers. Numbers must be finite; counts must be safe
 * non-negative integers. Limits: the fetcher bounds the bytes (json-fetcher.ts); lists read here are
 * bounded by MAX_JSON_LIST.
 */
import { LogError } from "../../log/errors.js";

/** Longest list read from an answer. */
export const MAX_JSON_LIST = 100_000;

/** A JSON object, checked. */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * `value` as an object, or LogError("malformed") naming `path`.
 *
 * @example const body = objectAt(answer.body, "reputation")
 */
export function objectAt(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LogError("malformed", `${path} is not a JSON object`);
  }
  return value as JsonObject;
}

/** Field `key` of `object` as an object. */
export function objectField(object: JsonObject, key: string, path: string): JsonObject {
  return objectAt(object[key], `${path}.${key}`);
}

/** Field `key` as a finite number. */
export function numberField(object: JsonObject, key: string, path: string): number {
  const value = object[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LogError("malformed", `${path}.${key} is not a finite number`);
  }
  return value;
}

/** Field `key` as a finite number or null. */
export function nullableNumberField(object: JsonObject, key: string, path: string): number | null {
  return object[key] === null ? null : numberField(object, key, path);
}

/** Field `key` as a count: a safe integer ≥ 0. */
export function countField(object: JsonObject, key: string, path: string): number {
  const value = numberField(object, key, path);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LogError("malformed", `${path}.${key} is not a count`);
  }
  return value;
}

/** Field `key` as a string. */
export function stringField(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== "string") throw new LogError("malformed", `${path}.${key} is not a string`);
  return value;
}

/** Field `key` as a list of at most MAX_JSON_LIST items. */
export function arrayField(object: JsonObject, key: string, path: string): readonly unknown[] {
  const value = object[key];
  if (!Array.isArray(value)) throw new LogError("malformed", `${path}.${key} is not a list`);
  if (value.length > MAX_JSON_LIST) {
    throw new LogError("too-large", `${path}.${key} lists more than ${MAX_JSON_LIST} items`);
  }
  return value;
}

/** Field `key` as counts by label (an object of counts). */
export function countsField(
  object: JsonObject,
  key: string,
  path: string,
): Readonly<Record<string, number>> {
  const counts = objectField(object, key, path);
  const entries = Object.keys(counts);
  if (entries.length > MAX_JSON_LIST) {
    throw new LogError("too-large", `${path}.${key} has more than ${MAX_JSON_LIST} labels`);
  }
  return Object.fromEntries(
    entries.map((label) => [label, countField(counts, label, `${path}.${key}`)]),
  );
}
