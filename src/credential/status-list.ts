/**
 * Token Status List bit arrays (draft-ietf-oauth-status-list §4): the status of token `idx` is the
 * `bits`-wide value at bit offset idx·bits, packed from the least significant bit of each byte, and the
 * array travels as base64url(ZLIB(DEFLATE(bytes))) in `{"bits": b, "lst": "…"}` (§4.1, §4.2).
 *
 * decodeStatusList is a parser of untrusted JSON (a fetched status list token). Limits: `lst` at most
 * MAX_STATUS_LIST_TEXT characters, at most MAX_STATUS_LIST_BYTES once inflated (a small compressed list
 * can inflate to gigabytes, so inflation stops at the limit). Rules: bits ∈ {1, 2, 4, 8}, canonical
 * base64url, a valid zlib stream.
 *
 * node:zlib is pure computation here (no I/O), like node:crypto behind src/log/crypto.ts.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { decodeBase64Url, encodeBase64Url } from "./base64url.js";
import { CredentialError } from "./errors.js";
import { isJsonObject, type JsonValue, ownValue } from "./json.js";

/** Bits per status (§4.1 step 1). */
export type StatusBits = 1 | 2 | 4 | 8;

/** Status Type values (§7.1). */
export const STATUS_VALID = 0;
export const STATUS_INVALID = 1;
export const STATUS_SUSPENDED = 2;

/** Largest uncompressed status list accepted or built: 4 MiB, 33,554,432 one-bit statuses. */
export const MAX_STATUS_LIST_BYTES = 4 * 1024 * 1024;

/** Longest `lst` text accepted, in characters. */
export const MAX_STATUS_LIST_TEXT = 1024 * 1024;

/** A status list. `bytes` is never mutated in place: setStatus returns a new list. */
export interface StatusList {
  readonly bits: StatusBits;
  readonly bytes: Uint8Array;
}

/** The JSON form of a status list (§4.2); a type alias so that it is a JsonValue too. */
export type StatusListJson = {
  readonly bits: StatusBits;
  readonly lst: string;
};

/**
 * A status list of at least `size` entries, all VALID (0).
 *
 * @example createStatusList(100_000) // 12,500 bytes of zeros
 */
export function createStatusList(size: number, bits: StatusBits = 1): StatusList {
  requireBits(bits);
  const bytes = Math.ceil((size * bits) / 8);
  if (!Number.isSafeInteger(size) || size < 1 || bytes > MAX_STATUS_LIST_BYTES) {
    throw new CredentialError(
      "malformed",
      `a status list holds 1 to ${MAX_STATUS_LIST_BYTES} bytes`,
    );
  }
  return { bits, bytes: new Uint8Array(bytes) };
}

/**
 * How many statuses a list holds.
 *
 * @example statusListSize(createStatusList(16)) // 16
 */
export function statusListSize(list: StatusList): number {
  return (list.bytes.length * 8) / list.bits;
}

/**
 * The status of entry `idx`; an index beyond the list throws CredentialError("malformed") (§8.3 step 6:
 * no statement can be made, the token SHOULD be rejected).
 *
 * @example statusAt(list, 7) // 0 (VALID)
 */
export function statusAt(list: StatusList, idx: number): number {
  const { byte, shift, mask } = position(list, idx);
  return ((list.bytes[byte] as number) >> shift) & mask;
}

/**
 * A copy of the list with entry `idx` set to `value` (default INVALID: revoked).
 *
 * @example const revoked = setStatus(list, 42)
 */
export function setStatus(
  list: StatusList,
  idx: number,
  value: number = STATUS_INVALID,
): StatusList {
  const { byte, shift, mask } = position(list, idx);
  if (!Number.isInteger(value) || value < 0 || value > mask) {
    throw new CredentialError("malformed", `status ${value} does not fit in ${list.bits} bits`);
  }
  const bytes = list.bytes.slice();
  bytes[byte] = ((bytes[byte] as number) & ~(mask << shift)) | (value << shift);
  return { bits: list.bits, bytes };
}

/**
 * A copy of the list with entry `idx` back to VALID (0).
 *
 * @example const reinstated = clearStatus(suspended, 42)
 */
export function clearStatus(list: StatusList, idx: number): StatusList {
  return setStatus(list, idx, STATUS_VALID);
}

/**
 * The JSON form: zlib at the highest level (§4.1 step 4), base64url.
 *
 * @example encodeStatusList({ bits: 1, bytes: Uint8Array.of(0xb9, 0xa3) }).lst // "eNrbuRgAAhcBXQ"
 */
export function encodeStatusList(list: StatusList): StatusListJson {
  return {
    bits: list.bits,
    lst: encodeBase64Url(new Uint8Array(deflateSync(list.bytes, { level: 9 }))),
  };
}

/**
 * Parses the JSON form of a status list of untrusted origin, or throws CredentialError("malformed").
 *
 * @example statusAt(decodeStatusList({ bits: 1, lst: "eNrbuRgAAhcBXQ" }), 0) // 1
 */
export function decodeStatusList(json: JsonValue | undefined): StatusList {
  if (!isJsonObject(json)) throw new CredentialError("malformed", "status_list is not an object");
  const bits = ownValue(json, "bits");
  const lst = ownValue(json, "lst");
  requireBits(bits);
  if (typeof lst !== "string" || lst.length > MAX_STATUS_LIST_TEXT) {
    throw new CredentialError(
      "malformed",
      `lst is not a string of at most ${MAX_STATUS_LIST_TEXT}`,
    );
  }
  const compressed = decodeBase64Url(lst, "status list lst");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(inflateSync(compressed, { maxOutputLength: MAX_STATUS_LIST_BYTES }));
  } catch (cause) {
    throw new CredentialError("malformed", "lst is not a zlib stream within the size limit", {
      cause,
    });
  }
  if (bytes.length === 0) throw new CredentialError("malformed", "the status list is empty");
  return { bits, bytes };
}

function position(list: StatusList, idx: number): { byte: number; shift: number; mask: number } {
  if (!Number.isSafeInteger(idx) || idx < 0 || idx >= statusListSize(list)) {
    throw new CredentialError("malformed", `status index ${idx} is outside the list`);
  }
  const bit = idx * list.bits;
  return { byte: Math.floor(bit / 8), shift: bit % 8, mask: (1 << list.bits) - 1 };
}

function requireBits(bits: JsonValue | undefined): asserts bits is StatusBits {
  if (bits !== 1 && bits !== 2 && bits !== 4 && bits !== 8) {
    throw new CredentialError("malformed", "bits is one of 1, 2, 4, 8");
  }
}
