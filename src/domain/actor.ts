/**
 * Who issues a command. Operators call Fabrique with API keys carrying scopes; a member acts with a
 * member token the operator's backend minted, or through the operator's backend itself: the key that
 * relayed the call (`via`) is then recorded with the member in the log entry (actorRef), and lets the
 * operator attest facts about the member's action (an invited review, when it holds `attest`). Which
 * keys may relay is the HTTP layer's decision (src/http/auth/relay.ts). The sealer and other
 * rule-driven steps act as `system`.
 */
import type { MemberId } from "./ids.js";
import { isId } from "./shape.js";

/** What an operator key may do. `admin` implies every other scope. */
export type OperatorScope = "admin" | "members" | "attest" | "moderate";

/** All operator scopes. */
export const OPERATOR_SCOPES: readonly OperatorScope[] = ["admin", "members", "attest", "moderate"];

/** An operator key. */
export interface OperatorActor {
  readonly kind: "operator";
  readonly key: string;
  readonly scopes: readonly OperatorScope[];
}

/** A member acting on their own behalf. */
export interface MemberActor {
  readonly kind: "member";
  readonly member: MemberId;
  /**
   * The operator key that relayed the call (the operator's backend acting for the member it
   * authenticated); recorded in the entry's actor, and its scopes let the operator attest the call's
   * circumstances (relayHasScope).
   */
  readonly via?: OperatorActor;
}

/** The domain's own rules acting (reveals at the end of a double-blind window). */
export interface SystemActor {
  readonly kind: "system";
}

/** The actor of a command. */
export type Actor = OperatorActor | MemberActor | SystemActor;

/**
 * The actor as written in a log entry: "operator:<key>", "member:<id>", "system", or for a member's
 * call relayed by an operator key "member:<id>;via=operator:<key>". The relay is part of the public
 * entry on purpose: anyone auditing the log sees which actions the operator's backend spoke for.
 *
 * "concealed-member" (and "concealed-member;via=operator:<key>") is a member whose identity the
 * entry must not reveal: the sender of a notice (DSA Art. 16: a notifier's identity is personal data,
 * and the reported member must not learn it) and a notifier's appeal. The member is named in the
 * event's private part, which only a salted commitment reaches the log with (entry.ts).
 */
export type ActorRef = string;

/** What separates a relayed member from the key that relayed the call in an ActorRef. */
const VIA = ";via=operator:";

/** The ActorRef of a member the entry does not name. */
export const CONCEALED_MEMBER = "concealed-member";

/**
 * The log form of a member acting without being named (see ActorRef): the relay, if any, stays
 * public, the member does not.
 *
 * @example concealedActorRef({ kind: "member", member: "abc" }) // "concealed-member"
 */
export function concealedActorRef(actor: MemberActor): ActorRef {
  return actor.via === undefined ? CONCEALED_MEMBER : `${CONCEALED_MEMBER}${VIA}${actor.via.key}`;
}

/**
 * The log form of an actor.
 *
 * @example actorRef({ kind: "member", member: "abc" }) // "member:abc"
 * @example actorRef({ kind: "member", member: "abc", via: key }) // "member:abc;via=operator:k1"
 */
export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case "operator":
      return `operator:${actor.key}`;
    case "member":
      return actor.via === undefined
        ? `member:${actor.member}`
        : `member:${actor.member}${VIA}${actor.via.key}`;
    case "system":
      return "system";
  }
}

/** An ActorRef read back: who acted and, for a relayed member, the key that relayed the call. */
export type ParsedActorRef =
  | { readonly kind: "operator"; readonly key: string }
  | { readonly kind: "member"; readonly member: MemberId; readonly via: string | null }
  | { readonly kind: "concealed-member"; readonly via: string | null }
  | { readonly kind: "system" };

/**
 * Parser of an actor reference from an untrusted entry: the actor, or null when `ref` is not one of
 * the forms ActorRef lists (ids are 1–64 characters of [A-Za-z0-9._-], so ";" and "=" cannot occur
 * inside one).
 *
 * @example parseActorRef("member:abc;via=operator:k1") // { kind: "member", member: "abc", via: "k1" }
 */
export function parseActorRef(ref: unknown): ParsedActorRef | null {
  if (ref === "system") return { kind: "system" };
  if (typeof ref !== "string") return null;
  if (ref.startsWith("operator:")) {
    const key = ref.slice("operator:".length);
    return isId(key) ? { kind: "operator", key } : null;
  }
  if (ref === CONCEALED_MEMBER) return { kind: "concealed-member", via: null };
  if (ref.startsWith(`${CONCEALED_MEMBER}${VIA}`)) {
    const key = ref.slice(CONCEALED_MEMBER.length + VIA.length);
    return isId(key) ? { kind: "concealed-member", via: key } : null;
  }
  if (!ref.startsWith("member:")) return null;
  const rest = ref.slice("member:".length);
  const at = rest.indexOf(VIA);
  const member = at < 0 ? rest : rest.slice(0, at);
  const via = at < 0 ? null : rest.slice(at + VIA.length);
  if (!isId(member) || (via !== null && !isId(via))) return null;
  return { kind: "member", member, via };
}

/**
 * True when `ref` is a well-formed actor reference (used when decoding untrusted entries).
 *
 * @example isActorRef("member:abc") // true
 */
export function isActorRef(ref: unknown): ref is ActorRef {
  return parseActorRef(ref) !== null;
}

/**
 * The member behind `ref` (relayed or not), or null for operators, the system and a concealed member.
 *
 * @example memberOfRef("member:abc;via=operator:k1") // "abc"
 */
export function memberOfRef(ref: ActorRef): MemberId | null {
  // On the write path for every event: refs the domain built need no validation (decodeEntry checks
  // the ones read from entries), so no parse here.
  if (!ref.startsWith("member:")) return null;
  const at = ref.indexOf(VIA);
  return at < 0 ? ref.slice("member:".length) : ref.slice("member:".length, at);
}

/**
 * True when `actor` is an operator key holding `scope` (or `admin`). A member relaying through a
 * key does not gain its scopes: see `relayHasScope`.
 *
 * @example hasScope(actor, "moderate")
 */
export function hasScope(actor: Actor, scope: OperatorScope): boolean {
  return actor.kind === "operator" && keyHolds(actor, scope);
}

/**
 * True when a member's call was relayed by an operator key holding `scope` (or `admin`), i.e. the
 * operator attests the circumstances of the member's action.
 *
 * @example relayHasScope(actor, "attest") // an invited review
 */
export function relayHasScope(actor: MemberActor, scope: OperatorScope): boolean {
  return actor.via !== undefined && keyHolds(actor.via, scope);
}

function keyHolds(key: OperatorActor, scope: OperatorScope): boolean {
  return key.scopes.includes(scope) || key.scopes.includes("admin");
}
