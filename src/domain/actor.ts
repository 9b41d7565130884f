/**
 * Who issues a command. Operators call Fabrique with API keys carrying scopes; a member acts through
 * the operator's backend (which authenticated them), optionally with the key that relayed the call
 * (`via`), which lets the operator attest facts about the member's action (an invited review).
 * The sealer and other rule-driven steps act as `system`.
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
  /** The operator key that relayed the call, when the operator vouches for its circumstances. */
  readonly via?: OperatorActor;
}

/** The domain's own rules acting (reveals at the end of a double-blind window). */
export interface SystemActor {
  readonly kind: "system";
}

/** The actor of a command. */
export type Actor = OperatorActor | MemberActor | SystemActor;

/** The actor as written in a log entry: "operator:<key>", "member:<id>" or "system". */
export type ActorRef = string;

/**
 * The log form of an actor.
 *
 * @example actorRef({ kind: "member", member: "abc" }) // "member:abc"
 */
export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case "operator":
      return `operator:${actor.key}`;
    case "member":
      return `member:${actor.member}`;
    case "system":
      return "system";
  }
}

/**
 * True when `ref` is a well-formed actor reference (used when decoding untrusted entries).
 *
 * @example isActorRef("member:abc") // true
 */
export function isActorRef(ref: unknown): ref is ActorRef {
  if (ref === "system") return true;
  if (typeof ref !== "string") return false;
  const colon = ref.indexOf(":");
  const kind = ref.slice(0, colon);
  return (kind === "operator" || kind === "member") && isId(ref.slice(colon + 1));
}

/**
 * The member behind `ref`, or null for operators and the system.
 *
 * @example memberOfRef("member:abc") // "abc"
 */
export function memberOfRef(ref: ActorRef): MemberId | null {
  return ref.startsWith("member:") ? ref.slice("member:".length) : null;
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
