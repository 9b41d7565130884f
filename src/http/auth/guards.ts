/**
 * Route guards: preHandler hooks that let a request through or answer 401 (no credential) or 403 (a
 * credential that may not do this). They read `request.credential` (authenticate.ts) and the route's
 * `:space`, so they belong on routes under `/v1/spaces/:space/…` (requirePlatformAdmin excepted).
 *
 *   app.post("/v1/spaces/:space/members", { schema, preHandler: requireScope("members") }, handler)
 *   app.get("/v1/spaces/:space/keys", { preHandler: anyOf(requireScope("admin"), requirePlatformAdmin()) }, …)
 */
import type { FastifyRequest } from "fastify";
import type { AccessScope } from "../../store/access/scopes.js";
import { scopeGrants } from "../../store/access/scopes.js";
import { HttpError } from "../errors/http-error.js";
import { missingTokenChallenge, routeSpace } from "./authenticate.js";

/** A guard: resolves to let the request through, rejects with an HttpError to refuse it. */
export type Guard = (request: FastifyRequest) => Promise<void>;

/**
 * An API key of the route's space holding one of `scopes` (`admin` holds every scope, every scope holds
 * `read`), used as itself: a key relaying for a member (relay.ts) is that member here, and refused.
 *
 * @example preHandler: requireScope("moderate")
 */
export function requireScope(...scopes: readonly AccessScope[]): Guard {
  if (scopes.length === 0) throw new RangeError("requireScope needs at least one scope");
  return async (request) => {
    const space = requireRouteSpace(request);
    const credential = request.credential;
    switch (credential.kind) {
      case "anonymous":
        throw unauthenticated(`an API key of space ${space} is required`);
      case "api-key":
        if (credential.key.space !== space) {
          throw forbidden(`API key ${credential.key.id} belongs to another space`);
        }
        if (!scopes.some((s) => scopeGrants(credential.key.scopes, s))) {
          throw forbidden(
            `API key ${credential.key.id} lacks the scope ${scopes.join(" or ")} (it holds ${credential.key.scopes.join(", ")})`,
          );
        }
        return;
      case "member-token":
        throw forbidden("this needs an operator API key, not a member token");
      case "platform-admin":
        throw forbidden("this needs an API key of the space, not the platform admin token");
      case "relay":
        throw forbidden(
          `a relayed request acts as member ${credential.member}: call operator routes without Fabrique-On-Behalf-Of`,
        );
      default:
        throw unexpected(credential);
    }
  };
}

/**
 * A member token of the route's space, or an API key of it relaying for a member (relay.ts): the request
 * acts as that member (`request.actor`).
 *
 * @example preHandler: requireMember()
 */
export function requireMember(): Guard {
  return async (request) => {
    const space = requireRouteSpace(request);
    const credential = request.credential;
    switch (credential.kind) {
      case "anonymous":
        throw unauthenticated(`a member token of space ${space} is required`);
      case "member-token":
        if (credential.space !== space) throw forbidden("this member token is for another space");
        return;
      case "relay":
        // relay.ts refused a relay by a key of another space; checked again for the guard's own sake.
        if (credential.key.space !== space) throw forbidden("this relay is for another space");
        return;
      case "api-key":
      case "platform-admin":
        throw forbidden(
          "this needs a member token, or an API key relaying for the member (Fabrique-On-Behalf-Of)",
        );
      default:
        throw unexpected(credential);
    }
  };
}

/**
 * The platform bootstrap credential (creating spaces).
 *
 * @example preHandler: requirePlatformAdmin()
 */
export function requirePlatformAdmin(): Guard {
  return async (request) => {
    switch (request.credential.kind) {
      case "platform-admin":
        return;
      case "anonymous":
        throw unauthenticated("the platform admin token is required");
      case "api-key":
      case "member-token":
      case "relay":
        throw forbidden("this needs the platform admin token");
      default:
        throw unexpected(request.credential);
    }
  };
}

/**
 * Any credential of the route's space: an API key of it (any scope) or a member token for it.
 *
 * @example preHandler: requireSpaceCredential()
 */
export function requireSpaceCredential(): Guard {
  return anyOf(requireScope("read"), requireMember());
}

/**
 * Lets a request through when one of `guards` does; otherwise refuses with the first guard's answer.
 *
 * @example preHandler: anyOf(requireScope("admin"), requirePlatformAdmin())
 */
export function anyOf(...guards: readonly Guard[]): Guard {
  return async (request) => {
    let first: unknown;
    for (const guard of guards) {
      try {
        await guard(request);
        return;
      } catch (e) {
        first ??= e;
      }
    }
    throw first;
  };
}

function requireRouteSpace(request: FastifyRequest): string {
  const space = routeSpace(request);
  // Routes validate :space before preHandler runs, so a missing one is a route without :space: a bug.
  if (space === undefined) throw new Error(`a space guard on ${request.routeOptions.url}`);
  return space;
}

function unauthenticated(message: string): HttpError {
  return new HttpError("unauthenticated", message, {
    headers: { "www-authenticate": missingTokenChallenge() },
  });
}

function forbidden(message: string): HttpError {
  return new HttpError("forbidden", message);
}

/** A credential kind a guard does not know: refused, and a compile error while one is missing. */
function unexpected(credential: never): Error {
  return new Error(`a guard met the credential ${(credential as { kind: string }).kind}`);
}
