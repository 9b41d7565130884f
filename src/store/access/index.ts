/** Access: operator API keys, member-token keys and idempotency records. */
export {
  API_KEY_ID_BYTES,
  API_KEY_SECRET_BYTES,
  type ApiKeyParts,
  formatApiKey,
  looksLikeApiKey,
  MAX_API_KEY_LENGTH,
  parseApiKey,
} from "./api-key-format.js";
export {
  type ApiKeyCheck,
  type ApiKeyInfo,
  type CreatedApiKey,
  createApiKey,
  listApiKeys,
  type NewApiKey,
  revokeApiKey,
  verifyApiKey,
} from "./api-keys.js";
export {
  abandonIdempotentRequest,
  claimIdempotencyKey,
  completeIdempotentRequest,
  type HeldClaim,
  type IdempotencyClaim,
  type IdempotencyOutcome,
  type IdempotencyScope,
  purgeExpiredIdempotency,
  type StoredResponse,
} from "./idempotency.js";
export {
  ED25519_PUBLIC_KEY_BYTES,
  type Ed25519PublicJwk,
  ed25519Jwk,
  findMemberTokenKey,
  jwkThumbprint,
  listMemberTokenKeys,
  type MemberTokenKeyInfo,
  registerMemberTokenKey,
  revokeMemberTokenKey,
} from "./member-token-keys.js";
export {
  accessKeysMigration,
  idempotencyAppliedMigration,
  idempotencyMigration,
} from "./migration.js";
export {
  ACCESS_SCOPES,
  type AccessScope,
  formatScopes,
  isAccessScope,
  normalizeScopes,
  operatorScopes,
  parseScopes,
  scopeGrants,
} from "./scopes.js";
export type {
  AccessKeysTable,
  AccessTables,
  IdempotencyKeysTable,
  MemberTokenKeysTable,
} from "./tables.js";
