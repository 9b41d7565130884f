/**
 * What an API key may do in its space: the domain's operator scopes (src/domain/actor.ts: admin, members,
 * attest, moderate), `read`, for keys that only query, and `relay`, for the operator's backend to act for
 * a member it authenticated (src/http/auth/relay.ts; the domain sees a member with `via`, not a scope).
 * `admin` grants every scope; every scope grants `read` (a key that may change something may also look
 * at it).
 */
import { OPERATOR_SCOPES, type OperatorScope } from "../../domain/actor.js";

/** A scope of an API key. */
export type AccessScope = OperatorScope | "read" | "relay";

/** Every scope, in their canonical order. */
export const ACCESS_SCOPES: readonly AccessScope[] = [...OPERATOR_SCOPES, "read", "relay"];

/**
 * True when `value` names a scope.
 *
 * @example isAccessScope("moderate") // true
 */
export function isAccessScope(value: unknown): value is AccessScope {
  return typeof value === "string" && (ACCESS_SCOPES as readonly string[]).includes(value);
}

/**
 * True when a key holding `held` may act with `needed`.
 *
 * @example scopeGrants(["members"], "read") // true
 */
export function scopeGrants(held: readonly AccessScope[], needed: AccessScope): boolean {
  if (held.includes(needed) || held.includes("admin")) return true;
  return needed === "read" && held.length > 0;
}

/**
 * The operator scopes of a key, as the domain's Actor carries them (`read` is not a domain scope).
 *
 * @example operatorScopes(["read", "attest"]) // ["attest"]
 */
export function operatorScopes(held: readonly AccessScope[]): OperatorScope[] {
  return OPERATOR_SCOPES.filter((s) => held.includes(s));
}

/**
 * Scopes without duplicates, in canonical order. Throws RangeError for an empty list or an unknown scope
 * (callers validate input first: this is a programmer error).
 *
 * @example normalizeScopes(["read", "admin", "read"]) // ["admin", "read"]
 */
export function normalizeScopes(scopes: readonly string[]): AccessScope[] {
  if (scopes.length === 0) throw new RangeError("an API key holds at least one scope");
  for (const s of scopes) {
    if (!isAccessScope(s)) throw new RangeError(`unknown scope ${JSON.stringify(s)}`);
  }
  return ACCESS_SCOPES.filter((s) => scopes.includes(s));
}

/**
 * The stored form: canonical order, space-separated (like OAuth's `scope`, RFC 6749 §3.3).
 *
 * @example formatScopes(["read", "admin"]) // "admin read"
 */
export function formatScopes(scopes: readonly AccessScope[]): string {
  return normalizeScopes(scopes).join(" ");
}

/**
 * Parser of the stored form. Unknown scopes (written by a newer release) are dropped rather than
 * granted.
 *
 * @example parseScopes("admin read") // ["admin", "read"]
 */
export function parseScopes(text: string): AccessScope[] {
  return ACCESS_SCOPES.filter((s) => text.split(" ").includes(s));
}
