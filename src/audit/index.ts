/**
 * Auditing the auditors: a monitor, a receipt prover and a witness that anyone can run against any
 * Fabrique transparency log, depending only on src/log and HTTP (never on a server's database).
 */
export { readSmallFile, writeFileDurably } from "./durable-file.js";
export {
  type ConsistencyVerdict,
  checkAgainstHistory,
  findSameSizeFork,
  proveExtension,
  type ServedTreeReaders,
} from "./follow/consistency.js";
export { firstOf, withTimeout } from "./follow/fetchers.js";
export {
  type FollowerState,
  loadFollowerState,
  recordCheckpoint,
  statePaths,
} from "./follow/follower-state.js";
export { type Fork, formatForkEvidence } from "./follow/fork.js";
export { type MirrorStats, mirrorTree, type ProgressSink } from "./follow/mirror.js";
export { type PollOptions, type PollResult, pollOnce } from "./follow/poll.js";
export {
  formatSeenLine,
  MAX_HISTORY_SIZE,
  parseHistory,
  parseSeenLine,
  type SeenCheckpoint,
} from "./follow/seen-checkpoint.js";
export { entryMatchesReceipt, type ProveResult, proveReceipt } from "./prove/prove-receipt.js";
export { addCheckpoint, type WitnessCore } from "./witness/add-checkpoint.js";
export { createKeyedLock, type KeyedLock } from "./witness/keyed-lock.js";
export {
  type ConsistencyProver,
  type SubmitOptions,
  type SubmitResult,
  submitToWitnesses,
  type WitnessEndpoint,
  type WitnessOutcome,
} from "./witness/submit.js";
export { openWitness, type Witness, type WitnessOptions } from "./witness/witness.js";
export { createWitnessApp, type WitnessAppOptions } from "./witness/witness-app.js";
export { type WitnessKeygenResult, witnessKeygen } from "./witness/witness-keygen.js";
export {
  type CosignedCheckpoint,
  MAX_STATE_FILE_SIZE,
  openWitnessState,
  type WitnessState,
} from "./witness/witness-state.js";
export {
  addCheckpointUrl,
  httpTransport,
  MAX_WITNESS_RESPONSE_SIZE,
  type TransportResponse,
  type WitnessTransport,
} from "./witness/witness-transport.js";
export {
  MAX_LOGS_FILE_SIZE,
  MAX_WITNESSED_KEYS,
  parseWitnessedLogs,
  type WitnessedLog,
  type WitnessedLogs,
} from "./witness/witnessed-logs.js";
