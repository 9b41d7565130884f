/**
 * Who is calling: the credential a request presented (authenticate.ts) and the domain Actor it makes in
 * the route's space. Route handlers read `request.actor`; guards (guards.ts) read `request.credential`.
 */
import type { Actor, MemberId, OperatorActor } from "../../domain/index.js";
import type { ApiKeyInfo } from "../../store/access/api-keys.js";
import { operatorScopes } from "../../store/access/scopes.js";

/** A request's credential. `id` keys rate limits and idempotency records; it never holds a secret. */
export type Credential =
  | { readonly kind: "anonymous"; readonly id: string }
  | { readonly kind: "api-key"; readonly id: string; readonly key: ApiKeyInfo }
  | {
      readonly kind: "member-token";
      readonly id: string;
      readonly space: string;
      readonly member: MemberId;
      /** The member-token key that signed it. */
      readonly kid: string;
      /** Unix seconds. */
      readonly expiresAt: number;
    }
  | { readonly kind: "platform-admin"; readonly id: string }
  | {
      /** An API key acting for a member (relay.ts): checked to be of its space, holding `relay`. */
      readonly kind: "relay";
      readonly id: string;
      readonly key: ApiKeyInfo;
      readonly member: MemberId;
    };

/** The actor of a request: a domain Actor, or nobody in particular. */
export type RequestActor = Actor | { readonly kind: "anonymous" };

/** The operator key name the platform admin acts under. */
export const PLATFORM_OPERATOR_KEY = "platform";

/**
 * The credential of a caller without one, by address (IPv6 addresses share their /64: one host usually
 * holds a whole /64, and limits per address would otherwise be trivial to dodge).
 *
 * @example anonymousCredential(request.ip)
 */
export function anonymousCredential(ip: string): Credential {
  let credential = anonymousByAddress.get(ip);
  if (credential === undefined) {
    if (anonymousByAddress.size >= REMEMBERED_ADDRESSES) anonymousByAddress.clear();
    credential = Object.freeze({ kind: "anonymous", id: `ip:${addressBlock(ip)}` });
    anonymousByAddress.set(ip, credential);
  }
  return credential;
}

// Credentials and actors are made once per address and per key (the API key cache hands out the same
// ApiKeyInfo while it trusts a key) and frozen: a request finds them without building an id string
// that the rate limiter's map must then hash (plugins/rate-limit.ts, bench/http.ts).
const REMEMBERED_ADDRESSES = 10_000;
const anonymousByAddress = new Map<string, Credential>();
const byKey = new WeakMap<ApiKeyInfo, Credential>();
const operatorByKey = new WeakMap<ApiKeyInfo, OperatorActor>();
const ANONYMOUS_ACTOR: RequestActor = Object.freeze({ kind: "anonymous" });

/**
 * The credential of a valid API key.
 *
 * @example apiKeyCredential(check.key)
 */
export function apiKeyCredential(key: ApiKeyInfo): Credential {
  let credential = byKey.get(key);
  if (credential === undefined) {
    credential = Object.freeze({ kind: "api-key", id: `key:${key.space}/${key.id}`, key });
    byKey.set(key, credential);
  }
  return credential;
}

/**
 * The credential of a verified member token.
 *
 * @example memberCredential("market", member, kid, exp)
 */
export function memberCredential(
  space: string,
  member: MemberId,
  kid: string,
  expiresAt: number,
): Credential {
  return { kind: "member-token", id: `member:${space}/${member}`, space, member, kid, expiresAt };
}

/**
 * The credential of an API key relaying for `member` (relay.ts checks the key may). Its `id` names the
 * key and the member: each member relayed gets the budget and the idempotency scope a member token of
 * theirs would have, and one member's Idempotency-Key never replays an answer given to another.
 *
 * @example relayCredential(check.key, member)
 */
export function relayCredential(key: ApiKeyInfo, member: MemberId): Credential {
  return { kind: "relay", id: `relay:${key.space}/${key.id}/${member}`, key, member };
}

/** The platform bootstrap credential. */
export const PLATFORM_ADMIN: Credential = { kind: "platform-admin", id: "platform" };

/**
 * The actor `credential` makes in `space` (the route's `:space`, undefined on routes without one): an
 * operator for a key of that space, a member for a token of it or a relay by one of its keys (with the
 * key as `via`), an admin operator for the platform admin, anonymous otherwise (a key of another space
 * is nobody here).
 *
 * @example request.actor = actorOf(request.credential, params.space)
 */
export function actorOf(credential: Credential, space: string | undefined): RequestActor {
  switch (credential.kind) {
    case "anonymous":
      return ANONYMOUS_ACTOR;
    case "api-key":
      return space !== undefined && credential.key.space === space
        ? operatorActor(credential.key)
        : ANONYMOUS_ACTOR;
    case "member-token":
      return space === credential.space
        ? { kind: "member", member: credential.member }
        : ANONYMOUS_ACTOR;
    case "platform-admin":
      return { kind: "operator", key: PLATFORM_OPERATOR_KEY, scopes: ["admin"] };
    case "relay":
      return space === credential.key.space
        ? { kind: "member", member: credential.member, via: operatorActor(credential.key) }
        : ANONYMOUS_ACTOR;
  }
}

function operatorActor(key: ApiKeyInfo): OperatorActor {
  let actor = operatorByKey.get(key);
  if (actor === undefined) {
    const scopes = Object.freeze(operatorScopes(key.scopes));
    actor = Object.freeze({ kind: "operator", key: key.id, scopes });
    operatorByKey.set(key, actor);
  }
  return actor;
}

function addressBlock(ip: string): string {
  if (!ip.includes(":")) return ip;
  if (ip.startsWith("::ffff:") && ip.includes(".")) return ip.slice("::ffff:".length);
  const groups = expandIpv6(ip);
  return groups === undefined ? ip : `${groups.slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] | undefined {
  const [head = "", tail] = ip.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return undefined;
  return [...left, ...Array<string>(fill).fill("0"), ...right].map((g) => g.toLowerCase());
}
