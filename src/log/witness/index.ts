/** The tlog-witness wire format (c2sp.org/tlog-witness): add-checkpoint bodies, without HTTP. */
export {
  type AddCheckpointRequest,
  formatAddCheckpointRequest,
  MAX_ADD_CHECKPOINT_REQUEST_SIZE,
  MAX_CONSISTENCY_PROOF_LINES,
  parseAddCheckpointRequest,
} from "./add-checkpoint-request.js";
export {
  type AddCheckpointResponse,
  addCheckpointStatus,
  formatAddCheckpointResponse,
  formatCosignatureLines,
  MAX_ERROR_MESSAGE,
  MAX_SIZE_BODY,
  parseAddCheckpointResponse,
  parseCosignatureLines,
  TEXT_CONTENT_TYPE,
  TLOG_SIZE_CONTENT_TYPE,
  type WireResponse,
} from "./add-checkpoint-response.js";
export { verifyCosignatures } from "./cosignatures.js";
