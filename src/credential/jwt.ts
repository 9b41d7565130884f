/**
 * Reading a compact JWS before and after its signature is checked. Parser of untrusted text. Limits: the
 * caller bounds the length (compact.ts); the decoded header and payload go through parseJson (nesting
 * bounded). Rules: three canonical base64url parts (a non-canonical signature could be rewritten without
 * breaking it, making two texts of one token), a JSON object header with a string `alg`, a JSON object
 * payload.
 */
import { decodeBase64Url, decodeBase64UrlText } from "./base64url.js";
import { CredentialError } from "./errors.js";
import { type JsonObject, ownValue, parseJsonObject } from "./json.js";

/** A compact JWS, decoded but not verified. */
export interface DecodedJws {
  readonly header: JsonObject;
  readonly payload: JsonObject;
}

/**
 * Decodes the header and payload of a compact JWS without checking its signature: use only to find the
 * key that will check it, or on a token whose signature has been checked.
 *
 * @example decodeJws(jwt).header.kid
 */
export function decodeJws(compact: string, what: string): DecodedJws {
  const parts = compact.split(".");
  if (parts.length !== 3) throw new CredentialError("malformed", `${what} is not a compact JWS`);
  const [header, payload, signature] = parts as [string, string, string];
  decodeBase64Url(signature, `${what} signature`);
  const decoded = {
    header: parseJsonObject(decodeBase64UrlText(header, `${what} header`), `${what} header`),
    payload: parseJsonObject(decodeBase64UrlText(payload, `${what} payload`), `${what} payload`),
  };
  if (typeof ownValue(decoded.header, "alg") !== "string") {
    throw new CredentialError("malformed", `${what} header has no alg`);
  }
  return decoded;
}

/**
 * Reads an optional NumericDate claim (RFC 7519 §2): absent, or a finite number of seconds.
 *
 * @example numericDate(payload, "exp", "credential") // 1883000000
 */
export function numericDate(payload: JsonObject, name: string, what: string): number | undefined {
  const value = ownValue(payload, name);
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new CredentialError("malformed", `${what} claim ${name} is not a NumericDate`);
  }
  return value;
}

/**
 * Reads an optional string claim.
 *
 * @example stringClaim(payload, "iss", "credential") // "https://fabrique.example"
 */
export function stringClaim(payload: JsonObject, name: string, what: string): string | undefined {
  const value = ownValue(payload, name);
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new CredentialError("malformed", `${what} claim ${name} is not a string`);
  }
  return value;
}
