/** Transparency-log checkpoints (c2sp.org/tlog-checkpoint v1), signed and cosigned. */
export {
  type Checkpoint,
  formatCheckpoint,
  MAX_CHECKPOINT_SIZE,
  parseCheckpoint,
  parseTreeSize,
} from "./checkpoint.js";
export {
  type CheckpointVerifiers,
  type Cosignature,
  type OpenedCheckpoint,
  openCheckpoint,
  signCheckpoint,
} from "./signed-checkpoint.js";
