/** The sealer: signs each space's checkpoints, only ever consistent with the previous one. */
export {
  DEFAULT_REVEAL_INTERVAL_MS,
  MAX_REVEAL_BATCHES_PER_PASS,
  type RevealPass,
  type RevealScheduler,
  type RevealSchedulerOptions,
  startRevealScheduler,
} from "./reveal-scheduler.js";
export { type SealOutcome, sealSpace } from "./seal-space.js";
export { sealWitnessedSpace } from "./seal-witnessed.js";
export {
  DEFAULT_SEAL_CONCURRENCY,
  DEFAULT_SEAL_INTERVAL_MS,
  type Sealer,
  type SealerLogger,
  type SealerOptions,
  startSealer,
} from "./sealer.js";
export type { SealerStatus, SealFailure, SpaceSealStatus } from "./sealer-status.js";
export { readSpaceSizes, type SpaceSizes } from "./space-sizes.js";
export type { CheckpointWitnessing, CosignOutcome, CosignRequest } from "./witnessing.js";
