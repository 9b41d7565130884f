/**
 * Authentication: every request gets a `credential` and an `actor` (credential.ts) before anything else
 * runs. The bearer token is, in this order: the platform admin token, an API key (`fbk_…`), or a member
 * token (a JWT, valid only on routes of its space). No token: anonymous. An API key with a
 * `Fabrique-On-Behalf-Of` header acts for that member (relay.ts).
 *
 * A presented but invalid token is answered 401, but only after rate limiting has counted the request
 * against the caller's address (the rejection waits for preParsing, which runs after the rate limiter's
 * onRequest hook and before any body is read), so guessing keys is throttled like anything else.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isId } from "../../domain/shape.js";
import { looksLikeApiKey } from "../../store/access/api-key-format.js";
import { verifyApiKey } from "../../store/access/api-keys.js";
import type { Database } from "../../store/database.js";
import type { HttpConfig } from "../config.js";
import { HttpError } from "../errors/http-error.js";
import { adminTokenMatcher } from "./admin-token.js";
import type { ApiKeyCache } from "./api-key-cache.js";
import { bearerToken } from "./bearer.js";
import { invalidTokenChallenge } from "./challenge.js";
import {
  actorOf,
  anonymousCredential,
  apiKeyCredential,
  type Credential,
  memberCredential,
  PLATFORM_ADMIN,
  type RequestActor,
} from "./credential.js";
import { looksLikeJwt, verifyMemberToken } from "./member-token.js";
import { RELAY_HEADER, relayOf } from "./relay.js";

export { AUTH_REALM, missingTokenChallenge } from "./challenge.js";

declare module "fastify" {
  interface FastifyRequest {
    /** What the request authenticated with (anonymous when nothing, or something invalid). */
    credential: Credential;
    /** Who acts in the route's space: pass it to the space service. */
    actor: RequestActor;
    /** Why a presented credential was refused; answered 401 in preParsing. */
    authFailure: HttpError | undefined;
  }
}

/** What authentication reads. */
export interface AuthenticationDeps {
  readonly db: Database;
  readonly config: Pick<HttpConfig, "adminToken" | "memberTokenMaxAgeSeconds">;
  readonly clock: () => number;
  /** Keys found valid recently (api-key-cache.ts); without it every request reads the database. */
  readonly apiKeys?: ApiKeyCache;
}

/**
 * Adds authentication to `app` (the root instance: its hooks apply to every route).
 *
 * @example installAuthentication(app, { db, config, clock })
 */
export function installAuthentication(app: FastifyInstance, deps: AuthenticationDeps): void {
  const matchesAdmin = adminTokenMatcher(deps.config.adminToken);
  // A token shaped like an API key cannot be an admin token that is not: skip its hashing then (most
  // requests carry API keys). What this tells a caller, the shape of its own token, it already knows.
  const adminLooksLikeKey =
    deps.config.adminToken !== undefined && looksLikeApiKey(deps.config.adminToken);
  const isAdminToken = (token: string) =>
    (adminLooksLikeKey || !looksLikeApiKey(token)) && matchesAdmin(token);
  app.decorateRequest("credential", undefined as never);
  app.decorateRequest("actor", undefined as never);
  app.decorateRequest("authFailure", undefined);

  // Callback hooks, answered synchronously when nothing needs the database (no token, the admin token,
  // an API key found valid recently): no promise per request on the common paths (bench/http.ts).
  app.addHook("onRequest", (request, _reply, done) => {
    const space = routeSpace(request);
    const outcome = authenticate(request, space, deps, isAdminToken);
    if (!(outcome instanceof Promise)) {
      settle(request, space, outcome);
      done();
      return;
    }
    outcome.then((o) => {
      settle(request, space, o);
      done();
    }, done);
  });

  app.addHook("preParsing", (request, _reply, payload, done) => {
    if (request.authFailure !== undefined) done(request.authFailure);
    else done(null, payload);
  });
}

/** Sets the request's credential, actor and authentication failure from what authentication found. */
function settle(request: FastifyRequest, space: string | undefined, outcome: Outcome): void {
  const credential =
    outcome.kind === "credential" ? outcome.credential : anonymousCredential(request.ip);
  // An operator key acting for a member (relay.ts); nothing to do without the header.
  const relay = relayOf(request.headers[RELAY_HEADER], space, credential);
  request.credential = relay.kind === "relay" ? relay.credential : credential;
  request.actor = actorOf(request.credential, space);
  request.authFailure =
    outcome.kind === "refused"
      ? new HttpError("unauthenticated", outcome.reason, {
          headers: { "www-authenticate": invalidTokenChallenge() },
        })
      : relay.kind === "refused"
        ? relay.error
        : undefined;
}

/**
 * The route's `:space` parameter when it is a valid id, else undefined (routes without one, or an id that
 * validation will refuse).
 *
 * @example const space = routeSpace(request)
 */
export function routeSpace(request: FastifyRequest): string | undefined {
  const space = (request.params as Record<string, unknown> | undefined)?.space;
  return isId(space) ? space : undefined;
}

type Outcome =
  | { readonly kind: "credential"; readonly credential: Credential }
  | { readonly kind: "refused"; readonly reason: string };

/** The outcome, synchronously when it needs no database read. */
function authenticate(
  request: FastifyRequest,
  space: string | undefined,
  deps: AuthenticationDeps,
  isAdminToken: (token: string) => boolean,
): Outcome | Promise<Outcome> {
  const bearer = bearerToken(request.headers.authorization);
  switch (bearer.kind) {
    case "none":
      return { kind: "credential", credential: anonymousCredential(request.ip) };
    case "invalid":
      return { kind: "refused", reason: bearer.reason };
    case "token":
      break;
  }
  const token = bearer.token;
  if (isAdminToken(token)) return { kind: "credential", credential: PLATFORM_ADMIN };
  if (looksLikeApiKey(token)) return apiKey(deps, token);
  if (looksLikeJwt(token)) return memberToken(deps, space, token);
  return { kind: "refused", reason: "the bearer token is neither an API key nor a member token" };
}

function apiKey(deps: AuthenticationDeps, token: string): Outcome | Promise<Outcome> {
  const known = deps.apiKeys?.peek(token);
  if (known !== undefined) return { kind: "credential", credential: apiKeyCredential(known) };
  return lookUpApiKey(deps, token);
}

async function lookUpApiKey(deps: AuthenticationDeps, token: string): Promise<Outcome> {
  const lookup = (text: string) => verifyApiKey(deps.db.kysely, text);
  const check =
    deps.apiKeys === undefined ? await lookup(token) : await deps.apiKeys.verify(token, lookup);
  switch (check.kind) {
    case "valid":
      return { kind: "credential", credential: apiKeyCredential(check.key) };
    case "revoked":
      return { kind: "refused", reason: `API key ${check.key.id} was revoked` };
    case "unknown":
      return { kind: "refused", reason: "unknown API key" };
  }
}

async function memberToken(
  deps: AuthenticationDeps,
  space: string | undefined,
  token: string,
): Promise<Outcome> {
  if (space === undefined) {
    return { kind: "refused", reason: "member tokens are valid only on the routes of their space" };
  }
  const check = await verifyMemberToken(deps.db.kysely, space, token, {
    now: new Date(deps.clock()),
    maxAgeSeconds: deps.config.memberTokenMaxAgeSeconds,
  });
  if (!check.ok) return { kind: "refused", reason: check.reason };
  const { member, kid, expiresAt } = check.token;
  return { kind: "credential", credential: memberCredential(space, member, kid, expiresAt) };
}
