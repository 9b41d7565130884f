/**
 * The space service (the one write path: domain commands in the space's transaction, appended to its
 * log with receipts) and the read queries the HTTP layer serves.
 */
export {
  COMMAND_NAMES,
  type CommandCall,
  type CommandInputs,
  type CommandName,
  isCommandName,
  SPACE_COMMANDS,
  type SpaceCommand,
} from "./commands.js";
export { createIdMinter, MINTED_ID_LENGTH } from "./ids.js";
export {
  listInteractionsOf,
  listMembers,
  listSubjects,
  listVouchesBy,
  listVouchesFor,
  type SubjectsRequest,
  type VouchesRequest,
} from "./queries/member-queries.js";
export {
  type AlertsRequest,
  type AppealsRequest,
  type DecisionsRequest,
  listAlerts,
  listAppeals,
  listDecisions,
} from "./queries/moderation-queries.js";
export {
  DEFAULT_PAGE_LIMIT,
  MAX_CURSOR_LENGTH,
  MAX_PAGE_LIMIT,
  type Page,
  type PageRequest,
} from "./queries/pagination.js";
export { type DirectRecordKind, findRecord } from "./queries/record-queries.js";
export {
  getOwnReview,
  getPublicReview,
  listSubjectReviews,
  type ReviewItem,
  type ReviewOrder,
  type SubjectReviewsRequest,
  subjectReviewSummary,
} from "./queries/review-queries.js";
export {
  listSubjectReviewsByRating,
  RATING_ORDERS,
  type RatingOrder,
  type RatingReviewsRequest,
} from "./queries/review-rating-queries.js";
export type {
  AppendedEvent,
  ExecuteFailure,
  ExecuteResult,
  ExecuteSuccess,
} from "./results.js";
export {
  createSpaceService,
  DEFAULT_REVEAL_LIMIT,
  MAX_BATCH_COMMANDS,
  type SpaceService,
  type SpaceServiceOptions,
} from "./service.js";
