/** What the main thread and the recompute worker (worker.ts) send each other. */
import type { EvidenceRows } from "../evidence.js";
import type { ComputedScores, PreviousScores } from "./compute.js";

/** The worker's input (structured-cloned into the thread). */
export interface WorkerInput {
  /** The rows read on the main thread; the worker assembles them into evidence. */
  readonly rows: EvidenceRows;
  readonly previous: PreviousScores;
}

/** A message from the worker. */
export type ToMain =
  | {
      readonly kind: "progress";
      readonly stage: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly kind: "done"; readonly result: ComputedScores };
