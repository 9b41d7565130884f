/**
 * Fabrique credentials: portable, selectively disclosed proofs of reputation as SD-JWT VCs (RFC 9901,
 * draft-ietf-oauth-sd-jwt-vc), revocable through Token Status Lists (draft-ietf-oauth-status-list).
 * Pure library: no I/O; keys, issuer trust, status list fetching and replay memory are the caller's.
 */
export {
  formatSdJwt,
  MAX_DISCLOSURES,
  MAX_SD_JWT_SIZE,
  type SdJwtParts,
  splitSdJwt,
} from "./compact.js";
export { type ConcealedPayload, concealClaims, MAX_DECOYS } from "./conceal.js";
export {
  createElementDisclosure,
  createPropertyDisclosure,
  type Disclosure,
  decoyDigest,
  disclosureDigest,
  MAX_DISCLOSURE_SIZE,
  newSalt,
  parseDisclosure,
  SD_ALG,
} from "./disclosure.js";
export { CredentialError, type CredentialErrorCode, isCredentialError } from "./errors.js";
export { type IssueInput, issueSdJwt, NEVER_DISCLOSABLE, SD_JWT_VC_TYP } from "./issue.js";
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from "./json.js";
export {
  createKeyBindingJwt,
  KB_JWT_TYP,
  type KeyBindingExpectations,
  type KeyBindingInput,
  sdHash,
  verifyKeyBinding,
} from "./key-binding.js";
export {
  ACCEPTED_ALGORITHMS,
  confirmationClaim,
  holderJwk,
  type SigningAlgorithm,
  type SigningKey,
  signingAlgorithm,
  type VerificationKey,
} from "./keys.js";
export { type PresentInput, presentSdJwt, selectDisclosures } from "./present.js";
export { type ProcessedPayload, processPayload } from "./process.js";
export {
  DEFAULT_THRESHOLDS,
  type ReputationInput,
  type ReputationThresholds,
  reputationClaims,
} from "./reputation-claims.js";
export {
  clearStatus,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  MAX_STATUS_LIST_BYTES,
  STATUS_INVALID,
  STATUS_SUSPENDED,
  STATUS_VALID,
  type StatusBits,
  type StatusList,
  type StatusListJson,
  setStatus,
  statusAt,
  statusListSize,
} from "./status-list.js";
export {
  checkStatus,
  MAX_STATUS_LIST_TOKEN_SIZE,
  readStatusReference,
  STATUS_LIST_TYP,
  type StatusListTokenExpectations,
  type StatusListTokenInput,
  type StatusReference,
  signStatusListToken,
  statusClaim,
  verifyStatusListToken,
} from "./status-list-token.js";
export {
  type PresentationVerifyOptions,
  type ReplayCache,
  type StatusCheck,
  type VerifiedCredential,
  verifySdJwtPresentation,
} from "./verify-presentation.js";
export {
  DEFAULT_CLOCK_TOLERANCE,
  type IssuerKeyResolver,
  type SdJwtIssuanceOptions,
  type SdJwtVerifyOptions,
  type VerifiedIssuance,
  type VerifiedSdJwt,
  verifySdJwt,
  verifySdJwtKb,
} from "./verify-sd-jwt.js";
