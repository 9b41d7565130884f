/**
 * The HTTP server of Fabrique: buildApp (the fastify app), its configuration, the guards and error types
 * routes use, and startServer. See app.ts for how routes are added.
 */
export { API_VERSION, type AppDeps, buildApp, type FabriqueApp } from "./app.js";
export {
  ADMIN_TOKEN_FILE,
  type AdminTokenSource,
  adminTokenMatcher,
  generateAdminToken,
  resolveAdminToken,
} from "./auth/admin-token.js";
export { AUTH_REALM, routeSpace } from "./auth/authenticate.js";
export {
  actorOf,
  type Credential,
  PLATFORM_OPERATOR_KEY,
  type RequestActor,
} from "./auth/credential.js";
export {
  anyOf,
  type Guard,
  requireMember,
  requirePlatformAdmin,
  requireScope,
  requireSpaceCredential,
} from "./auth/guards.js";
export {
  MAX_MEMBER_TOKEN_LENGTH,
  MEMBER_TOKEN_TYPE,
  memberTokenAudience,
  verifyMemberToken,
} from "./auth/member-token.js";
export {
  ConfigError,
  DEFAULT_HTTP_CONFIG,
  type HttpConfig,
  type HttpEnv,
  type HttpFlags,
  httpConfigFromEnv,
  type RateLimitConfig,
} from "./config.js";
export { DomainRefusal, domainErrorOf, okOrThrow } from "./errors/domain-refusal.js";
export { sendError } from "./errors/error-handling.js";
export { HttpError, isHttpError } from "./errors/http-error.js";
export { type MappedError, problemOf } from "./errors/map-error.js";
export {
  PROBLEM_CODES,
  PROBLEM_MEDIA_TYPE,
  type Problem,
  type ProblemCode,
  ProblemSchema,
  problemType,
} from "./errors/problem.js";
export { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from "./plugins/idempotency.js";
export { REQUEST_ID_HEADER } from "./plugins/request-id.js";
export { IdString, problemResponses, SpaceParams } from "./schemas/common.js";
export { type RunningServer, type ServerParts, startServer } from "./server.js";
