/**
 * Who is reading, for read paths that choose what to show. Records hold private fields (display names,
 * notes, notifiers, texts): operators of the space (any API key of it: every scope holds `read`) see
 * them; a member sees their own; everyone else sees the public views. The platform admin token is
 * nobody in particular on reads: it manages spaces, it does not read their members' data.
 */
import type { FastifyRequest } from "fastify";
import type { MemberId } from "../../../domain/index.js";

/** A reader of a space. */
export type Viewer =
  | { readonly kind: "operator" }
  | { readonly kind: "member"; readonly member: MemberId }
  | { readonly kind: "public" };

/**
 * The viewer a request is in its route's space.
 *
 * @example if (viewerOf(request).kind === "operator") showPrivate()
 */
export function viewerOf(request: FastifyRequest): Viewer {
  const actor = request.actor;
  if (actor.kind === "member") return { kind: "member", member: actor.member };
  if (actor.kind === "operator" && request.credential.kind === "api-key") {
    return { kind: "operator" };
  }
  return { kind: "public" };
}

/**
 * True when `viewer` is an operator or the member `member`.
 *
 * @example if (isOperatorOrSelf(viewer, record.id)) json.displayName = record.displayName
 */
export function isOperatorOrSelf(viewer: Viewer, member: MemberId | null): boolean {
  return viewer.kind === "operator" || (viewer.kind === "member" && viewer.member === member);
}
